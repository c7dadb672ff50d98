"""Channel analysis (issue 13, point 9): where visitors say they learned about the centre — the
visitor survey's question ``learned_from``, counted across its published versions by its code —
beside the plan's reach per channel and the subscribers per topic. The metric
``communications.learned_from`` for analytics (public tables hide groups under five), the staff
page with the raw figures."""

import datetime as dt

import pytest
import time_machine

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import PlanMeasure
from vidhuk.core.metrics import dimension_labels, get_metric
from vidhuk.core.suppression import suppress_groups
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.selectors.answer_counts import choice_counts_by_question_code
from vidhuk.surveys.services import questionnaire_install_defaults, response_submit
from vidhuk.surveys.services.versions import version_new_draft, version_publish

from .publication_factories import NOW

pytestmark = pytest.mark.django_db
TODAY = NOW.date()
YEAR = (TODAY - dt.timedelta(days=364), TODAY)
KEY = "communications.learned_from"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _standard_version(centre):
    (questionnaire,) = [
        q for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    ]  # fmt: skip
    return questionnaire.versions.get()


def _answer(version, sources, *, n, on=TODAY):
    for index in range(n):
        response_submit(
            version=version, channel=Channel.WEB,
            answers={"purpose": "consultation", "overall": "good", "learned_from": sources},
            submission_key=f"{version.pk}-{'-'.join(sources)}-{on}-{index}", submitted_on=on,
        )  # fmt: skip


def _second_version(version):
    """A new version that rewords the question and offers posters as a source."""
    draft = version_new_draft(questionnaire=version.questionnaire, actor=None)
    question = draft.questions.get(code="learned_from")
    question.text_uk = "Як ви дізналися про наш центр?"
    question.options = [*question.options, {"value": "poster", "label_uk": "Плакат"}]
    question.save()
    return version_publish(version=draft, actor=None)


def test_answers_are_counted_by_the_question_code_across_published_versions(centre, other_centre):
    first = _standard_version(centre)
    _answer(first, ["media", "starosta"], n=2)
    _answer(first, ["media"], n=1, on=TODAY - dt.timedelta(days=400))  # before the period
    second = _second_version(first)
    _answer(second, ["poster"], n=3)
    _answer(_standard_version(other_centre), ["media"], n=4)

    tally = choice_counts_by_question_code(
        centre=centre, code="learned_from", start=YEAR[0], end=YEAR[1]
    )

    counts = {choice.value: choice.count for choice in tally.choices}
    labels = {choice.value: choice.label for choice in tally.choices}
    assert tally.text == "Як ви дізналися про наш центр?"
    assert tally.respondents == 5
    assert (counts["media"], counts["starosta"], counts["poster"], counts["other"]) == (2, 2, 3, 0)
    assert labels["poster"] == "Плакат"
    assert tally.choices[0].value == "community_website"  # the questionnaire's own order


def test_the_metric_gives_counts_per_source_and_public_tables_hide_small_ones(centre):
    version = _standard_version(centre)
    _answer(version, ["social_networks"], n=6)
    _answer(version, ["notice_boards"], n=2)

    rows = get_metric(KEY).query(centre, *YEAR, ("source",))
    (total,) = get_metric(KEY).query(centre, *YEAR, ())

    by_source = {row["source"]: row["value"] for row in rows}
    assert (by_source["social_networks"], by_source["notice_boards"]) == (6, 2)
    assert total == {"value": 8}
    labels = dimension_labels("source", ["social_networks"], centre=centre, metric=KEY)
    assert labels == {"social_networks": "Соціальні мережі"}
    public = suppress_groups(by_source, total=total["value"])  # as a public reader does
    assert public.total == 8
    assert public.groups["notice_boards"] is None  # 2 people: withheld publicly


def test_the_staff_page_shows_sources_reach_and_subscribers_raw(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    version = _standard_version(centre)
    _answer(version, ["starosta"], n=2)
    PlanMeasure.objects.create(
        centre=centre, block="Інформування", description="Дописи у Facebook",
        channel="Facebook", actual_reach=1200, due_on=TODAY - dt.timedelta(days=10),
    )  # fmt: skip

    response = client.get("/staff/verbivka/communications/channels/")

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert (
        '<th scope="row" class="govuk-table__header">Старостат</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>'
    ) in html
    assert (
        '<th scope="row" class="govuk-table__header">Facebook</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1200</td>'
    ) in html


def test_a_period_ending_before_it_starts_is_refused_plainly(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.get(
        "/staff/verbivka/communications/channels/",
        {"date_from": "2027-02-01", "date_to": "2027-01-01"},
    )

    assert response.status_code == 400
    assert "Кінець періоду не може бути раніше його початку." in response.content.decode()


def test_a_day_out_of_any_period_is_refused_plainly_not_a_server_error(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.get("/staff/verbivka/communications/channels/", {"date_to": "9999-12-31"})

    assert response.status_code == 400
    assert "Вкажіть дату між 2000 і 2100 роком." in response.content.decode()
