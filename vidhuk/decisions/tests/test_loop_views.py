"""«Додати до висновку» from a case page and a survey's results page, the «you said» draft, the
letters to print, the resident's tracker and a decision's effect — as staff and residents see
them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.decisions.choices import DecisionState, NoticeChannel, NoticeState
from vidhuk.decisions.models import DecisionIndicator, DecisionNotice, Evidence, Finding
from vidhuk.decisions.tests.factories import DecisionFactory, EvidenceFactory, FindingFactory
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit
from vidhuk.surveys.choices import QuestionnaireKind, QuestionType
from vidhuk.surveys.models import Answer
from vidhuk.surveys.tests.factories import QuestionFactory, ResponseFactory


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def appeal(centre):
    return AppealFactory(centre=centre, registration_index="Ш-12/2026", text="Немає де сісти.")


def _add_url(centre, **query):
    return reverse("decisions_loop:evidence_add", args=[centre.slug]), query


def test_the_case_page_offers_add_to_finding_only_to_who_may_edit_findings(
    staff_client, centre, appeal
):
    url = reverse("appeals_staff:detail", args=[centre.slug, appeal.pk])
    head, _ = staff_client(Role.HEAD)
    administrator, _ = staff_client(Role.ADMINISTRATOR)

    assert "Додати до висновку" in head.get(url).content.decode()
    assert "Додати до висновку" not in administrator.get(url).content.decode()


def test_an_appeal_opens_a_new_finding_prefilled_and_a_double_submit_makes_one(
    staff_client, centre, appeal
):
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])
    query = f"?source=appeal&id={appeal.pk}"
    page = client.get(url + query)
    form = page.context["form"]
    data = {
        "submission_key": form.initial["submission_key"],
        "target": "new",
        "title": form.initial["title"],
        "summary": form.initial["summary"],
    }

    first = client.post(url + query, data)
    second = client.post(url + query, data)

    finding = Finding.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse("decisions_staff:finding", args=[centre.slug, finding.pk])
    assert finding.title == "Скарга № Ш-12/2026"
    assert "Немає де сісти" not in finding.summary
    assert finding.summary.startswith(
        "Мешканці говорили про це 1 раз(и): звернення або відгук — 1."
    )
    assert list(Evidence.objects.values_list("source", "object_id", "label")) == [
        ("appeal", str(appeal.pk), "Скарга № Ш-12/2026")
    ]


def test_an_appeal_joins_an_open_finding(staff_client, centre, appeal):
    finding = FindingFactory(centre=centre)
    client, _ = staff_client(Role.COMMUNICATIONS)
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])

    client.post(f"{url}?source=appeal&id={appeal.pk}", {"target": str(finding.pk)})

    assert [e.finding_id for e in Evidence.objects.all()] == [finding.pk]


def test_a_new_finding_without_a_title_is_refused_and_nothing_is_saved(
    staff_client, centre, appeal
):
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])

    response = client.post(
        f"{url}?source=appeal&id={appeal.pk}", {"target": "new", "title": "", "summary": "x"}
    )

    assert response.status_code == 400
    assert "Назвіть новий висновок." in response.content.decode()
    assert Finding.objects.count() == Evidence.objects.count() == 0


def test_another_centres_appeal_is_not_found(staff_client, centre, other_centre):
    foreign = AppealFactory(centre=other_centre)
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])

    response = client.get(f"{url}?source=appeal&id={foreign.pk}")

    assert response.status_code == 404


def _rating(centre, office, values, *, day=dt.date(2026, 2, 10)):
    question = QuestionFactory(
        code="seats", text_uk="Місця очікування", section__version__questionnaire__centre=centre
    )
    for value in values:
        response = ResponseFactory(version=question.version, office=office, submitted_on=day)
        Answer.objects.create(response=response, question=question, number=value)
    return question


def test_a_survey_figure_is_kept_with_its_value_scale_and_n(staff_client, centre):
    office = OfficeFactory(centre=centre)
    question = _rating(centre, office, [2, 3, 3, 4, 2, 3])
    questionnaire = question.version.questionnaire
    client, _ = staff_client(Role.HEAD)
    results = client.get(
        reverse("surveys_staff:results", args=[centre.slug, questionnaire.pk]),
        {"date_from": "2026-02-01", "office": office.pk},
    ).content.decode()
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])
    query = (
        f"?source=survey_result&questionnaire={questionnaire.pk}&question=seats"
        f"&date_from=2026-02-01&date_to=2026-02-28&office={office.pk}"
    )

    page = client.get(url + query).content.decode()
    client.post(url + query, {"target": "new", "title": "Місця", "summary": "Мало місць."})

    assert "source=survey_result" in results
    assert "Місця очікування: 2,8 з 5, n = 6 (01.02.2026 – 28.02.2026)" in page
    figure = Evidence.objects.get().figure
    assert (figure["value"], figure["scale_max"], figure["n"], figure["office"]) == (
        2.83,
        5,
        6,
        office.pk,
    )


def test_a_survey_figure_from_fewer_than_five_answers_is_withheld(staff_client, centre):
    office = OfficeFactory(centre=centre)
    question = _rating(centre, office, [1, 2, 1, 2])
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])

    page = client.get(
        f"{url}?source=survey_result&questionnaire={question.version.questionnaire.pk}"
        f"&question=seats&office={office.pk}"
    ).content.decode()

    assert "відповіли менше 5 осіб, показник не наводиться" in page
    assert "n = 4" not in page


def test_the_summary_draft_counts_the_evidence_and_is_saved_as_edited(staff_client, centre):
    finding = FindingFactory(centre=centre, summary="Старий текст")
    for day, channel in ((3, "web"), (9, "box"), (15, "web")):
        EvidenceFactory(finding=finding, channel=channel, occurred_on=dt.date(2026, 3, day))
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:summary", args=[centre.slug, finding.pk])

    draft = client.get(url).context["form"].initial["summary"]
    client.post(url, {"summary": draft + "\nВиправлено вручну."})

    assert draft == (
        "Мешканці говорили про це 3 раз(и): звернення або відгук — 3. "
        "Період: 03.03.2026 – 15.03.2026. Канали: Вебформа — 2, Скринька для пропозицій — 1."
    )
    finding.refresh_from_db()
    assert finding.summary.endswith("Виправлено вручну.")


def test_the_letter_list_names_who_to_write_to_and_the_reading_is_audited(staff_client, centre):
    resident = AppealFactory(
        centre=centre,
        email="",
        full_name="Коваль Ірина Степанівна",
        address="с. Лугове, вул. Миру, 3",
        wants_decision_updates=True,
    )
    decision = DecisionFactory(centre=centre, state=DecisionState.ADOPTED, public_revision=1)
    DecisionNotice.objects.create(
        decision=decision,
        public_revision=1,
        recipient_key=f"appeal:{resident.pk}",
        channel=NoticeChannel.LETTER,
        state=NoticeState.LETTER,
    )
    client, _ = staff_client(Role.HEAD)

    page = client.get(reverse("decisions_loop:letters", args=[centre.slug])).content.decode()

    assert "Коваль Ірина Степанівна" in page
    assert "с. Лугове, вул. Миру, 3" in page
    assert AuditEvent.objects.filter(object_type="decisions.letters").count() == 1


def test_the_tracker_shows_the_decision_and_its_progress(client, centre, appeal):
    finding = FindingFactory(centre=centre)
    EvidenceFactory(finding=finding, source="appeal", object_id=str(appeal.pk))
    decision = DecisionFactory(
        centre=centre, state=DecisionState.IN_PROGRESS, title="Додати 12 місць у залі"
    )
    decision.findings.add(finding)
    url = reverse("appeals:find", kwargs={"centre_slug": centre.slug})

    page = client.get(url, {"t": tracker_token_for(salt=appeal.tracker_salt)}).content.decode()

    assert f"Рішення № {decision.number}: Додати 12 місць у залі" in page
    assert "Виконується" in page


def test_an_indicator_takes_its_baseline_and_the_effect_shows_later_quarters(staff_client, centre):
    office = OfficeFactory(centre=centre)
    question = _rating(centre, office, [2, 3, 3, 2, 3], day=dt.date(2026, 1, 12))
    for value in (4, 5, 4, 5, 4):
        response = ResponseFactory(
            version=question.version, office=office, submitted_on=dt.date(2026, 3, 5)
        )
        Answer.objects.create(response=response, question=question, number=value)
    decision = DecisionFactory(
        centre=centre, state=DecisionState.DONE, adopted_on=dt.date(2026, 3, 1)
    )
    questionnaire = question.version.questionnaire
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:indicator_new", args=[centre.slug, decision.pk])

    client.post(
        f"{url}?questionnaire={questionnaire.pk}", {"question": "seats", "office": office.pk}
    )
    page = client.get(reverse("decisions_loop:effect", args=[centre.slug, decision.pk]))

    indicator = DecisionIndicator.objects.get()
    assert (indicator.baseline["value"], indicator.baseline["n"]) == (2.6, 5)
    assert "2,6 з 5, n = 5 (01.12.2025 – 28.02.2026)" in page.content.decode()
    assert "4,4 з 5, n = 5 (01.01.2026 – 31.03.2026)" in page.content.decode()
    assert page.context["check"].note() == ("Місця очікування: 2,6 → 4,4 з 5 (n = 5 → 5)")


def test_a_mystery_report_goes_to_a_finding_with_its_unmet_criteria(staff_client, centre):
    office = OfficeFactory(centre=centre, name="Головний офіс")
    checklist = {"section__version__questionnaire__centre": centre}
    checklist["section__version__questionnaire__kind"] = QuestionnaireKind.MYSTERY_SHOPPER
    ramp = QuestionFactory(code="ramp", type=QuestionType.YES_NO, text_uk="Є пандус?", **checklist)
    queue = QuestionFactory(
        code="queue", type=QuestionType.YES_NO, text_uk="Є табло?", section=ramp.section
    )
    response = ResponseFactory(version=ramp.version, office=office)
    Answer.objects.create(response=response, question=ramp, choice="no")
    Answer.objects.create(response=response, question=queue, choice="yes")
    visit = MysteryVisit.objects.create(
        centre=centre,
        version=ramp.version,
        evaluator=UserFactory(),
        office=office,
        visited_at=dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC),
        status=MysteryVisitStatus.ACCEPTED,
        response=response,
    )
    client, _ = staff_client(Role.HEAD)
    review = client.get(reverse("mystery:review", args=[centre.slug, visit.pk])).content.decode()
    url = reverse("decisions_loop:evidence_add", args=[centre.slug])

    client.post(
        f"{url}?source=mystery_visit&id={visit.pk}",
        {"target": "new", "title": "Пандус", "summary": "Немає пандуса."},
    )

    assert f"source=mystery_visit&amp;id={visit.pk}" in review
    assert sorted(Evidence.objects.values_list("source", "label")) == [
        ("mystery_criterion", "Критерій «Є пандус?» — ні (Головний офіс, 12.03.2026)"),
        ("mystery_visit", "Звіт таємного відвідувача: Головний офіс, 12.03.2026"),
    ]


def test_the_finding_page_links_to_the_summary_draft_and_each_survey(staff_client, centre):
    finding = FindingFactory(centre=centre)
    QuestionFactory(section__version__questionnaire__centre=centre)
    client, _ = staff_client(Role.HEAD)

    page = client.get(reverse("decisions_staff:finding", args=[centre.slug, finding.pk]))

    html = page.content.decode()
    assert reverse("decisions_loop:summary", args=[centre.slug, finding.pk]) in html
    assert "Додати показник опитування" in html


def test_verifying_a_decision_whose_indicators_are_measured_starts_from_the_drafted_note(
    staff_client, centre
):
    office = OfficeFactory(centre=centre)
    question = _rating(centre, office, [2, 3, 3, 2, 3], day=dt.date(2026, 1, 12))
    for value in (4, 5, 4, 5, 4):
        response = ResponseFactory(
            version=question.version, office=office, submitted_on=dt.date(2026, 3, 5)
        )
        Answer.objects.create(response=response, question=question, number=value)
    measured, unmeasured = (
        DecisionFactory(centre=centre, state=DecisionState.DONE, adopted_on=dt.date(2026, 3, 1))
        for _ in range(2)
    )
    client, _ = staff_client(Role.HEAD)
    url = reverse("decisions_loop:indicator_new", args=[centre.slug, measured.pk])
    client.post(
        f"{url}?questionnaire={question.version.questionnaire.pk}",
        {"question": "seats", "office": office.pk},
    )

    def verify_form(decision):
        url = reverse("decisions_staff:transition", args=[centre.slug, decision.pk])
        return client.get(url, {"to": DecisionState.VERIFIED}).content.decode()

    assert "Місця очікування: 2,6 → 4,4 з 5 (n = 5 → 5)</textarea>" in verify_form(measured)
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*</textarea>', verify_form(unmeasured))


def test_the_decisions_subnav_links_to_the_letters_for_who_may_open_them(staff_client, centre):
    letters = reverse("decisions_loop:letters", args=[centre.slug])
    decisions = reverse("decisions_staff:decisions", args=[centre.slug])

    def subnav(role):
        client, _ = staff_client(role)
        return client.get(decisions).content.decode()

    assert f'href="{letters}">Листи до друку</a>' in subnav(Role.COMMUNICATIONS)
    assert letters not in subnav(Role.ADMINISTRATOR)
    client, _ = staff_client(Role.HEAD)
    assert 'aria-current="page">Листи до друку</a>' in client.get(letters).content.decode()
