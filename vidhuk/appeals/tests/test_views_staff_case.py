"""The appeals back office through its views: the case page and its actions, the history's
stage names, and the extension notice (a printable letter for an applicant without e-mail)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AnswerDelivery,
    Channel,
    EventStage,
    Kind,
    Status,
)
from vidhuk.appeals.models import AppealEvent
from vidhuk.appeals.tests import factories, staff_pages
from vidhuk.appeals.tests.staff_pages import BASE, KYIV, NOW, _act, _appeal, _page
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

frozen = factories.frozen
main_office = staff_pages.main_office
operator = staff_pages.operator
inbox = staff_pages.inbox


def test_case_page_shows_the_case_and_audits_the_view_of_personal_data(
    staff_client, frozen, centre
):
    appeal = _appeal(centre)
    client, membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(f"{BASE}{appeal.pk}/")

    page = _page(response)
    assert response.status_code == 200
    assert "Шевченко Марія Петрівна" in page
    assert "Прошу облаштувати пандус" in page
    views = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="appeals.appeal", object_id=str(appeal.pk)
    )
    assert list(views.values_list("actor_id", flat=True)) == [membership.user_id]


def test_operator_sees_the_case_without_personal_data_and_no_view_is_audited(operator, centre):
    appeal = _appeal(centre)

    page = _page(operator.get(f"{BASE}{appeal.pk}/"))

    assert appeal.registration_index in page
    assert "Шевченко Марія Петрівна" not in page
    assert "maria@example.com" not in page
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_case_history_shows_events_notes_and_the_audit_log(staff_client, frozen, centre):
    appeal = _appeal(centre)
    client, _membership = staff_client(Role.ADMINISTRATOR)
    client.post(f"{BASE}{appeal.pk}/act/take/")
    client.post(f"{BASE}{appeal.pk}/act/note/", {"note-note": "Дзвонила, уточнила адресу."})

    page = _page(client.get(f"{BASE}{appeal.pk}/"))

    assert "Взято в роботу" in page
    assert "Дзвонила, уточнила адресу." in page
    assert "службове" in page
    assert '<td class="govuk-table__cell">Зміна</td>' in page
    assert '<td class="govuk-table__cell">Перегляд</td>' in page


@pytest.mark.parametrize(
    ("kind", "status", "action", "data", "new_status"),
    [
        pytest.param(Kind.COMPLAINT, Status.REGISTERED, "take", {}, Status.IN_PROGRESS, id="take"),
        pytest.param(
            Kind.COMPLAINT,
            Status.IN_PROGRESS,
            "answer",
            {"answer-answer_text": "Пандус буде до травня.", "answer-delivery": "email"},
            Status.ANSWERED,
            id="answer-by-email",
        ),
        pytest.param(Kind.COMPLAINT, Status.ANSWERED, "close", {}, Status.CLOSED, id="close"),
        pytest.param(
            Kind.THANKS, Status.REGISTERED, "close", {}, Status.CLOSED, id="close-feedback"
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.REGISTERED,
            "return",
            {"return-reason": "Не вказано, яке рішення оскаржується."},
            Status.RETURNED,
            id="return",
        ),
        pytest.param(
            Kind.STATEMENT,
            Status.REGISTERED,
            "forward",
            {"forward-forwarded_to": "Головне управління ПФУ", "forward-reason": "Пенсії"},
            Status.FORWARDED,
            id="forward",
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.IN_PROGRESS,
            "not-considered",
            {"not-considered-reason": "repeated"},
            Status.NOT_CONSIDERED,
            id="not-considered",
        ),
    ],
)
def test_an_allowed_action_changes_the_status(
    staff_client, frozen, centre, kind, status, action, data, new_status
):
    extra = {"is_anonymous": True, "full_name": ""} if kind == Kind.THANKS else {}
    appeal = _appeal(centre, kind=kind, status=status, **extra)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(client, appeal, action, data)

    appeal.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{appeal.pk}/"
    assert appeal.status == new_status


@pytest.mark.parametrize(
    ("kind", "status", "action", "data", "message"),
    [
        pytest.param(
            Kind.COMPLAINT,
            Status.REGISTERED,
            "close",
            {},
            "Дія «закрити» неможлива для звернення у стані «Зареєстровано».",
            id="close-unanswered-complaint",
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.CLOSED,
            "take",
            {},
            "Дія «взяти в роботу» неможлива для звернення у стані «Закрито».",
            id="take-closed",
        ),
        pytest.param(
            Kind.THANKS,
            Status.REGISTERED,
            "return",
            {"return-reason": "—"},
            "Дія «повернути» не застосовується до виду «Подяка».",
            id="return-feedback",
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.IN_PROGRESS,
            "answer",
            {"answer-answer_text": "Текст", "answer-delivery": "none"},
            "Виберіть спосіб зі списку.",
            id="answer-not-sent",
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.IN_PROGRESS,
            "extend",
            {"extend-reason": "Потрібна перевірка", "extend-new_deadline": "2026-05-30"},
            "45 днів від надходження",
            id="extend-too-long",
        ),
        pytest.param(
            Kind.COMPLAINT,
            Status.IN_PROGRESS,
            "note",
            {"note-note": " "},
            "Напишіть примітку.",
            id="empty-note",
        ),
    ],
)
def test_a_refused_action_is_explained_and_changes_nothing(
    staff_client, frozen, centre, kind, status, action, data, message
):
    extra = {"is_anonymous": True, "full_name": ""} if kind == Kind.THANKS else {}
    appeal = _appeal(centre, kind=kind, status=status, **extra)
    before = (appeal.status, appeal.due_at, AppealEvent.objects.count())
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(client, appeal, action, data)

    appeal.refresh_from_db()
    assert response.status_code == 200
    assert "Виникла проблема" in _page(response)
    assert message in _page(response)
    assert (appeal.status, appeal.due_at, AppealEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("role", "action", "data"),
    [
        pytest.param(Role.HOTLINE_OPERATOR, "take", {}, id="operator-take"),
        pytest.param(
            Role.HOTLINE_OPERATOR,
            "answer",
            {"answer-answer_text": "Т", "answer-delivery": "email"},
            id="operator-answer",
        ),
        pytest.param(Role.ADMINISTRATOR, "assign", {}, id="administrator-assign"),
        pytest.param(Role.ADMINISTRATOR, "anonymise", {}, id="administrator-anonymise"),
        pytest.param(Role.COMMUNICATIONS, "anonymise", {}, id="communications-anonymise"),
    ],
)
def test_an_action_the_role_may_not_take_is_refused_and_changes_nothing(
    staff_client, frozen, centre, role, action, data
):
    appeal = _appeal(centre, status=Status.ANSWERED if action == "anonymise" else "registered")
    before = (appeal.status, appeal.executor_id, appeal.full_name, AppealEvent.objects.count())
    client, _membership = staff_client(role)

    response = _act(client, appeal, action, data)

    appeal.refresh_from_db()
    assert response.status_code == 403
    assert "Ваша роль не дозволяє дію" in _page(response)
    assert (appeal.status, appeal.executor_id, appeal.full_name, AppealEvent.objects.count()) == (
        before
    )


def test_administrator_may_not_work_on_a_colleagues_case(staff_client, frozen, centre):
    colleague = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    appeal = _appeal(centre, executor=colleague)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(client, appeal, "take")

    appeal.refresh_from_db()
    assert response.status_code == 403
    assert appeal.status == Status.REGISTERED


def test_only_the_actions_that_fit_are_offered(staff_client, frozen, centre):
    appeal = _appeal(centre, kind=Kind.THANKS, is_anonymous=True, full_name="", due_at=None)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}{appeal.pk}/")

    offered = [item["action"].name for item in response.context["actions"]]
    assert offered == ["assign", "co-executors", "take", "note", "answer", "close"]


def test_head_assigns_an_executor_on_the_case_page(staff_client, frozen, centre):
    appeal = _appeal(centre)
    executor = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    client, _membership = staff_client(Role.HEAD)

    _act(client, appeal, "assign", {"assign-executor": executor.pk})

    appeal.refresh_from_db()
    assert appeal.executor == executor


def test_extending_an_information_request_gives_twenty_working_days(staff_client, frozen, centre):
    appeal = _appeal(
        centre, kind=Kind.INFO_REQUEST, received_at=NOW, due_at=NOW + dt.timedelta(days=7)
    )
    client, _membership = staff_client(Role.ADMINISTRATOR)

    _act(client, appeal, "extend", {"extend-reason": "Великий обсяг: 300 сторінок."})

    appeal.refresh_from_db()
    assert appeal.extended_at == NOW
    assert timezone_date(appeal.due_at) == dt.date(2026, 3, 30)


def timezone_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(KYIV).date()


def test_extending_an_appeal_to_a_date_within_45_days(staff_client, frozen, centre):
    appeal = _appeal(centre, received_at=NOW)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    _act(
        client,
        appeal,
        "extend",
        {"extend-reason": "Потрібен висновок архітектора.", "extend-new_deadline": "2026-04-15"},
    )

    appeal.refresh_from_db()
    assert timezone_date(appeal.due_at) == dt.date(2026, 4, 15)
    assert appeal.extension_reason == "Потрібен висновок архітектора."


def test_head_anonymises_a_closed_case(staff_client, frozen, centre):
    appeal = _appeal(centre, status=Status.CLOSED, closed_at=NOW)
    client, _membership = staff_client(Role.HEAD)

    _act(client, appeal, "anonymise")

    appeal.refresh_from_db()
    assert (appeal.full_name, appeal.email) == ("", "")
    assert appeal.anonymised_at == NOW
    page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert "Персональні дані знеособлено" in page


def test_a_letter_answer_downloads_a_real_pdf_and_the_view_is_audited(staff_client, frozen, centre):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, membership = staff_client(Role.ADMINISTRATOR)
    _act(
        client,
        appeal,
        "answer",
        {"answer-answer_text": "Пандус облаштують до 1 травня.", "answer-delivery": "letter"},
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answer_delivery) == (Status.ANSWERED, AnswerDelivery.LETTER)
    case_page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert f"{BASE}{appeal.pk}/letter.pdf" in case_page
    views_before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()

    response = client.get(f"{BASE}{appeal.pk}/letter.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Шевченко Марія Петрівна" in text
    assert "Пандус облаштують до 1 травня." in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == views_before + 1


def test_no_letter_for_an_answer_sent_by_email(staff_client, frozen, centre):
    appeal = _appeal(
        centre, status=Status.ANSWERED, answer_text="Т", answer_delivery=AnswerDelivery.EMAIL
    )
    client, _membership = staff_client(Role.ADMINISTRATOR)

    assert client.get(f"{BASE}{appeal.pk}/letter.pdf").status_code == 404


def test_operator_may_not_download_the_letter(operator, centre):
    appeal = _appeal(
        centre, status=Status.ANSWERED, answer_text="Т", answer_delivery=AnswerDelivery.LETTER
    )

    response = operator.get(f"{BASE}{appeal.pk}/letter.pdf")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_the_stage_names_are_those_of_the_history(staff_client, frozen, centre):
    appeal = _appeal(centre)
    client, _membership = staff_client(Role.ADMINISTRATOR)
    _act(client, appeal, "take")

    stages = list(appeal.events.values_list("stage", flat=True))

    assert stages == [EventStage.IN_PROGRESS]


def test_an_applicant_without_email_gets_the_extension_notice_as_a_printable_letter(
    staff_client, frozen, centre
):
    # given a complaint by post, without e-mail, that needs further study
    appeal = _appeal(centre, status=Status.IN_PROGRESS, email="", channel=Channel.POST)
    client, _membership = staff_client(Role.HEAD)
    services.appeal_set_needs_study(appeal=appeal, needs_study=True, actor=None)

    # when the term is extended
    appeal.refresh_from_db()
    new_deadline = (appeal.received_at + dt.timedelta(days=40)).date()
    _act(
        client,
        appeal,
        "extend",
        {"extend-reason": "Потрібна перевірка на місці.", "extend-new_deadline": new_deadline},
    )
    case_page = _page(client.get(f"{BASE}{appeal.pk}/"))
    response = client.get(f"{BASE}{appeal.pk}/extension.pdf")

    # then the case page offers the notice to print, and the PDF says the new term and why
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "надішліть повідомлення про продовження строку поштою" in case_page
    assert response.status_code == 200
    assert f"продовжено до {new_deadline:%d.%m.%Y}" in " ".join(text.split())
    assert "Потрібна перевірка на місці." in text


def test_no_extension_notice_before_the_term_is_extended(staff_client, frozen, centre):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.HEAD)

    assert client.get(f"{BASE}{appeal.pk}/extension.pdf").status_code == 404
