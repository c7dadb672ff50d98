"""The results' freshness: a per-questionnaire results version every writing service adds one to,
so a warm results page reads one row instead of counting the responses."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.results.cache import data_version
from vidhuk.surveys.services import response_submit, version_new_draft, version_publish
from vidhuk.surveys.services.batches import paper_entry_remove
from vidhuk.surveys.services.freshness import results_version_bump
from vidhuk.surveys.tests import factories, kobo_exports, paper_batches
from vidhuk.surveys.tests.kobo_exports import confirm, kobo_csv, kobo_row, mapping_of, upload

from . import test_results_views
from .test_results_views import MARCH, url

standard = test_results_views.standard
answered = test_results_views.answered
every_type = factories.every_type
frozen = factories.frozen
office = paper_batches.office
operator = paper_batches.operator
batch = paper_batches.batch
media = kobo_exports.media
enterer = kobo_exports.enterer


def _bulk_responses(questionnaire, count):
    """``count`` responses stored at once (as an import batch does), one results change."""
    version = questionnaire.versions.get()
    overall = version.questions.get(code="overall")
    responses = Response.objects.bulk_create(
        Response(
            centre=questionnaire.centre,
            version=version,
            channel=Channel.WEB,
            submitted_on=MARCH,
            submission_key=uuid.uuid4().hex,
        )
        for _index in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=overall, choice="good") for response in responses
    )
    results_version_bump(questionnaire_id=questionnaire.pk)


def _warm_queries(client, address):
    client.get(address)  # computes and caches the report
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address)
    assert not page.context["report"].is_stale
    return page, [query["sql"] for query in queries.captured_queries]


def test_a_warm_results_page_runs_the_same_queries_with_10_or_1000_responses(
    staff_client, centre, standard, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.HEAD)
    address = url(centre, standard, "results/")
    _bulk_responses(standard, 10)
    small, small_queries = _warm_queries(client, address)

    _bulk_responses(standard, 990)
    client.get(address)
    with django_assert_max_num_queries(len(small_queries)):
        large = client.get(address)

    assert (small.context["report"].total.responses, large.context["report"].total.responses) == (
        10,
        1000,
    )
    # Telling the cached report is current reads one row; it no longer counts the responses.
    assert sum('"surveys_resultsversion"' in sql for sql in small_queries) == 1
    assert not [sql for sql in small_queries if 'COUNT("surveys_response"' in sql]
    assert len(small_queries) <= 12


def test_a_new_response_makes_the_next_page_recompute(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)
    before = client.get(url(centre, answered, "results/")).context["report"]

    response_submit(
        version=answered.versions.get(),
        channel=Channel.WEB,
        answers={"purpose": "consultation", "overall": "terrible", "recommend": 0},
        submission_key=uuid.uuid4().hex,
    )
    after = client.get(url(centre, answered, "results/")).context["report"]

    assert (before.total.responses, after.total.responses, after.is_stale) == (12, 13, False)


def test_filters_are_honoured_by_the_warm_page_and_after_a_change(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)
    april = url(centre, answered, "results/?date_from=2026-04-01&date_to=2026-04-30")
    everything = url(centre, answered, "results/")
    assert client.get(everything).context["report"].total.responses == 12
    assert client.get(april).context["report"].total.responses == 4

    # Warm: each filter is served its own report.
    assert client.get(april).context["report"].total.responses == 4
    assert client.get(everything).context["report"].total.responses == 12

    test_results_views.answer(answered, overall="good", recommend=9, on=dt.date(2026, 4, 20))

    assert client.get(april).context["report"].total.responses == 5
    assert client.get(everything).context["report"].total.responses == 13


def test_every_service_that_changes_the_counted_responses_adds_one(
    operator, batch, every_type, enterer, media
):
    questionnaire = every_type.questionnaire
    client, membership = operator

    def current():
        return data_version(centre=questionnaire.centre, questionnaire=questionnaire)

    assert current() == 0
    client.post(f"{paper_batches.BASE}{batch.pk}/enter/", paper_batches.entry(q_speed="4"))
    assert (Response.objects.count(), current()) == (1, 1)  # paper entry (response_submit)

    paper_entry_remove(batch=batch, response=Response.objects.get(), actor=membership.user)
    assert (Response.objects.count(), current()) == (0, 2)

    data = kobo_csv([kobo_row(every_type, 1, speed="2"), kobo_row(every_type, 2, speed="5")])
    confirm(enterer, every_type, mapping_of(upload(enterer, every_type, data)))
    assert (Response.objects.count(), current()) == (2, 3)  # one import batch: one change

    version_publish(version=version_new_draft(questionnaire=questionnaire, actor=None), actor=None)
    assert current() == 4


@pytest.mark.parametrize("count", [10, 1000])
def test_reading_the_results_version_is_one_query(
    centre, standard, count, django_assert_num_queries
):
    _bulk_responses(standard, count)

    with django_assert_num_queries(1):
        version = data_version(centre=centre, questionnaire=standard)

    assert version == 2  # the standard version published, then the responses stored
