"""The staff pages of findings and decisions: who may do what, forms with plain messages, a
double submit making one record, and the order's scan served only to the centre's staff."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from vidhuk.accounts.choices import Role

from ..choices import DecisionState, FindingState
from ..models import Decision, Finding, Milestone, ProgressUpdate
from .factories import DecisionFactory, EvidenceFactory, FindingFactory, MilestoneFactory

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
BASE = "/staff/verbivka/decisions/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HEAD, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.COMMUNICATIONS, 200),
        (Role.ANALYST, 200),
        (Role.HOTLINE_OPERATOR, 403),
    ],
)
def test_who_may_read_the_findings(staff_client, role, status):
    client, _membership = staff_client(role)

    assert client.get(BASE).status_code == status
    assert client.get(BASE + "list/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.HEAD, 200), (Role.COMMUNICATIONS, 200), (Role.ADMINISTRATOR, 403), (Role.ANALYST, 403)],
)
def test_who_may_make_a_finding(staff_client, role, status):
    client, _membership = staff_client(role)

    assert client.get(BASE + "findings/new/").status_code == status


def test_an_analyst_cannot_create_a_finding_and_nothing_is_saved(staff_client):
    client, _membership = staff_client(Role.ANALYST)

    response = client.post(BASE + "findings/new/", {"title": "Т", "summary": "С"})

    assert response.status_code == 403
    assert Finding.objects.count() == 0


def test_the_list_shows_overdue_findings_first(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    FindingFactory(centre=centre, title="Вчасний", due_on=dt.date(2026, 3, 30))
    FindingFactory(
        centre=centre, title="Прострочений", opened_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 16),
    )  # fmt: skip
    FindingFactory(centre=centre, title="Закритий", state=FindingState.NO_ACTION,
                   no_action_reason="Немає коштів.")  # fmt: skip

    page = client.get(BASE).content.decode()

    assert page.index("Прострочений") < page.index("Вчасний") < page.index("Закритий")
    assert "Прострочено" in page


def test_filters_by_state(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    FindingFactory(centre=centre, title="Відкритий")
    FindingFactory(centre=centre, title="Вирішений", state=FindingState.DECIDED)

    page = client.get(BASE, {"state": "decided"}).content.decode()

    assert "Вирішений" in page
    assert "Відкритий" not in page


def test_an_empty_finding_form_says_what_is_missing_and_saves_nothing(staff_client):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(BASE + "findings/new/", {"title": "", "summary": ""})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Заповніть це поле." in response.content.decode()
    assert Finding.objects.count() == 0


def test_a_finding_sent_twice_is_made_once(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    form = {"title": "Мало місць", "summary": "14 звернень.", "is_public": "on",
            "submission_key": str(uuid.uuid4())}  # fmt: skip

    first = client.post(BASE + "findings/new/", form)
    second = client.post(BASE + "findings/new/", form)

    finding = Finding.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"{BASE}findings/{finding.pk}/"


def test_the_finding_page_lists_its_evidence(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    finding = FindingFactory(centre=centre)
    EvidenceFactory(finding=finding, label="Звернення № 2026-0412")

    page = client.get(f"{BASE}findings/{finding.pk}/").content.decode()

    assert "Звернення № 2026-0412" in page
    assert "Записати рішення" not in page  # an administrator reads only


def test_no_action_without_a_reason_is_refused_with_a_message(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    finding = FindingFactory(centre=centre)

    response = client.post(f"{BASE}findings/{finding.pk}/no-action/", {"reason": ""})

    assert response.status_code == 400
    assert "Поясніть, чому за висновком не буде дій." in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_a_decision_recorded_from_a_finding_with_its_scan(staff_client, centre, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client, _membership = staff_client(Role.HEAD)
    finding = FindingFactory(centre=centre)

    response = client.post(
        BASE + "new/",
        {"finding": finding.pk, "kind": "head_order", "title": "Лави в зал",
         "order_number": "45-р", "order_date": "2026-03-02", "owner_unit": "Відділ «ЦНАП»",
         "due_on": "2026-04-30", "submission_key": str(uuid.uuid4()),
         "order_scan": SimpleUploadedFile("nakaz.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip

    decision = Decision.objects.get()
    assert response.status_code == 302
    assert list(decision.findings.all()) == [finding]
    assert decision.state == DecisionState.DRAFT
    scan = client.get(f"{BASE}{decision.pk}/order.pdf")
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content) == PDF
    assert "/media/" not in client.get(f"{BASE}{decision.pk}/").content.decode()


def test_a_scan_that_is_not_a_pdf_is_refused(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        BASE + "new/",
        {"kind": "organisational", "title": "Лави", "submission_key": str(uuid.uuid4()),
         "order_scan": SimpleUploadedFile("nakaz.pdf", b"MZ\x90\x00")},
    )  # fmt: skip

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert Decision.objects.count() == 0


def test_communications_cannot_record_the_order(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    page = client.get(BASE + "new/").content.decode()

    assert 'name="title"' in page
    assert 'name="order_number"' not in page


def test_a_scan_is_not_served_to_another_centre(staff_client, centre, other_centre):
    decision = DecisionFactory(centre=centre, order_scan="decisions/1/orders/x.pdf")
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    assert client.get(f"{BASE}{decision.pk}/order.pdf").status_code == 404
    assert client.get(f"/staff/luhove/decisions/{decision.pk}/order.pdf").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [(Role.HEAD, 302), (Role.COMMUNICATIONS, 302)], ids=["head", "comms"]
)
def test_adopting_is_the_heads(staff_client, centre, role, status):
    client, _membership = staff_client(role)
    decision = DecisionFactory(centre=centre)

    response = client.post(f"{BASE}{decision.pk}/state/", {"to_state": "adopted"})

    decision.refresh_from_db()
    assert response.status_code == status
    expected = DecisionState.ADOPTED if role == Role.HEAD else DecisionState.DRAFT
    assert decision.state == expected


def test_cancelling_without_a_reason_asks_for_it(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    decision = DecisionFactory(centre=centre, state=DecisionState.ADOPTED)

    form = client.get(f"{BASE}{decision.pk}/state/", {"to": "cancelled"})
    response = client.post(f"{BASE}{decision.pk}/state/", {"to_state": "cancelled", "reason": ""})

    assert "Публічна причина" in form.content.decode()
    assert response.status_code == 400
    assert "Вкажіть причину" in response.content.decode()
    decision.refresh_from_db()
    assert decision.state == DecisionState.ADOPTED


def test_milestones_and_updates_show_on_the_decision_page_with_its_history(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)
    key = str(uuid.uuid4())
    milestone_form = {"title": "Замовити лави", "planned_on": "2026-02-27", "weight": "2",
                      "submission_key": key}  # fmt: skip

    client.post(f"{BASE}{decision.pk}/milestones/new/", milestone_form)
    client.post(f"{BASE}{decision.pk}/milestones/new/", milestone_form)
    milestone = Milestone.objects.get()
    client.post(f"{BASE}{decision.pk}/milestones/{milestone.pk}/done/")
    client.post(
        f"{BASE}{decision.pk}/updates/new/",
        {"text": "Лави замовлено.", "visibility": "internal", "submission_key": str(uuid.uuid4())},
    )
    page = client.get(f"{BASE}{decision.pk}/").content.decode()

    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2026, 3, 2)
    assert "Зсунуто" in page  # done after its planned day
    assert "100%" in page
    assert "Лави замовлено." in page
    assert ProgressUpdate.objects.get().is_public is False
    assert "Додано етап «Замовити лави»" in page


def test_a_milestone_of_another_decision_is_not_found(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    mine = DecisionFactory(centre=centre)
    other = MilestoneFactory(decision=DecisionFactory(centre=centre))

    response = client.post(f"{BASE}{mine.pk}/milestones/{other.pk}/done/")

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.done_on is None


def test_key_figures_on_the_back_office_home(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    FindingFactory(centre=centre, opened_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 2, 16))
    DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS, due_on=dt.date(2026, 3, 1))

    page = client.get("/staff/verbivka/").content.decode()

    assert "Висновків без рішення понад строк" in page
    assert "Прострочених рішень" in page
    assert 'href="/staff/verbivka/decisions/"' in page  # the staff menu


def test_a_hotline_operator_does_not_see_the_menu_entry(staff_client):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    page = client.get("/staff/verbivka/").content.decode()

    assert 'href="/staff/verbivka/decisions/"' not in page


def test_signed_out_visitors_are_sent_to_sign_in(centre):
    response = Client().get(BASE)

    assert response.status_code == 302


def test_the_head_sets_the_term_and_new_findings_get_it(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        BASE + "settings/",
        {"finding_term_days": "5", "rules_enabled": "on", "rule_complaints_per_month": "5",
         "rule_mystery_fails": "2"},
    )  # fmt: skip
    client.post(BASE + "findings/new/", {"title": "Черга", "summary": "Довго чекати."})

    assert response.status_code == 302
    assert Finding.objects.get().due_on == dt.date(2026, 3, 9)  # 5 working days after Monday


def test_communications_cannot_change_the_term(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(BASE + "settings/", {"finding_term_days": "1"})

    assert response.status_code == 403
    assert not centre.__class__.objects.filter(decisions_settings__isnull=False).exists()


def test_a_moved_due_date_is_in_the_history(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)

    response = client.post(
        f"{BASE}{decision.pk}/edit/",
        {"kind": decision.kind, "title": decision.title, "order_number": "45-р",
         "order_date": "2026-03-10", "owner_unit": "Відділ «ЦНАП»", "due_on": "2026-06-30"},
    )  # fmt: skip
    page = client.get(f"{BASE}{decision.pk}/").content.decode()

    decision.refresh_from_db()
    assert response.status_code == 302
    assert decision.due_on == dt.date(2026, 6, 30)
    assert "Змінено: виконати до" in page  # the history line names what changed
    assert "30.06.2026" in page


def test_an_adopted_decision_cannot_lose_its_due_date(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)

    response = client.post(
        f"{BASE}{decision.pk}/edit/",
        {"kind": decision.kind, "title": decision.title, "order_number": "45-р",
         "order_date": "2026-03-10", "owner_unit": "Відділ «ЦНАП»", "due_on": ""},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Вкажіть, до якої дати рішення має бути виконане." in response.content.decode()
    decision.refresh_from_db()
    assert decision.due_on == dt.date(2026, 5, 29)


def test_linking_a_finding_to_an_adopted_decision_decides_it(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    finding = FindingFactory(centre=centre)
    decision = DecisionFactory(centre=centre, state=DecisionState.ADOPTED)

    response = client.post(f"{BASE}findings/{finding.pk}/link/", {"decision": decision.pk})

    finding.refresh_from_db()
    assert response.status_code == 302
    assert finding.state == FindingState.DECIDED


def test_evidence_is_removed_from_the_finding(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    evidence = EvidenceFactory(finding=FindingFactory(centre=centre))

    response = client.post(f"{BASE}findings/{evidence.finding_id}/evidence/{evidence.pk}/remove/")

    assert response.status_code == 302
    assert evidence.finding.evidence.count() == 0


def test_a_decision_sent_twice_with_its_scan_is_recorded_once(
    staff_client, centre, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client, _membership = staff_client(Role.HEAD)
    key = str(uuid.uuid4())

    for _ in range(2):
        client.post(
            BASE + "new/",
            {"kind": "head_order", "title": "Лави в зал", "submission_key": key,
             "order_scan": SimpleUploadedFile("nakaz.pdf", PDF)},
        )  # fmt: skip

    decision = Decision.objects.get()
    assert decision.events.count() == 2  # created, the scan added — once each
