"""The appeals back office through its views: channels, the inbox, case work, personal data."""

import csv
import datetime as dt
import io
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AnswerDelivery,
    Channel,
    EventStage,
    Kind,
    ReceiptForm,
    Status,
    Topic,
)
from vidhuk.appeals.models import Appeal, AppealEvent, AppealsSettings, HotlineCall
from vidhuk.appeals.models import SuggestionBoxOpening as BoxOpening
from vidhuk.appeals.services import Applicant, appeal_submit
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory, HotlineCallFactory
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.choices import AuditAction, OfficeKind
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory

frozen = factories.frozen

KYIV = ZoneInfo("Europe/Kyiv")
BASE = "/staff/verbivka/appeals/"
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


@pytest.fixture
def main_office(centre):
    return OfficeFactory(centre=centre, kind=OfficeKind.MAIN, name="Головний офіс ЦНАП")


@pytest.fixture
def operator(frozen, staff_client):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    return client


def _page(response) -> str:
    return response.content.decode()


def _appeal(centre, **fields):
    return AppealFactory(**{"centre": centre, "received_at": NOW - dt.timedelta(days=1), **fields})


# --- offline channels -----------------------------------------------------------------------------

MARIA = {
    "full_name": "Шевченко Марія Петрівна",
    "address": "м. Вербівка, вул. Садова, 5",
    "phone": "067 123 45 67",
}


def _item(**overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "received_at": "2026-03-02T11:40",
        "text": "Прошу облаштувати пандус біля входу.",
        "receipt_form": ReceiptForm.PERSONAL_RECEPTION,
        "sign": "primary",
        "document_type": "oral",
        "signatories_count": "1",
        **MARIA,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("channel", "extra", "receipt_form", "document_type"),
    [
        pytest.param("reception", {}, "personal_reception", "oral", id="personal-reception"),
        pytest.param(
            "post",
            {"sent_from": "Вербівська міська рада", "sent_from_index": "01-12/77"},
            "post",
            "letter",
            id="post",
        ),
        pytest.param("email", {"email": "maria@example.com"}, "post", "electronic", id="email"),
        pytest.param(
            "social",
            {"social_post_url": "https://facebook.com/verbivka/posts/1"},
            "media",
            "electronic",
            id="social-network",
        ),
        pytest.param(
            "book",
            {"book_number": "2", "book_page": "14"},
            "personal_reception",
            "letter",
            id="book",
        ),
    ],
)
def test_operator_registers_each_offline_channel_with_the_channel_defaults(
    operator, centre, main_office, channel, extra, receipt_form, document_type
):
    page = operator.get(f"{BASE}new/{channel}/")
    form = page.context["form"]
    data = _item(
        receipt_form=form.initial["receipt_form"],
        document_type=form.initial["document_type"],
        office=str(form.initial["office"]),
        **extra,
    )

    response = operator.post(f"{BASE}new/{channel}/", data)

    appeal = Appeal.objects.get(centre=centre)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{appeal.pk}/"
    assert (appeal.channel, appeal.receipt_form, appeal.document_type) == (
        channel,
        receipt_form,
        document_type,
    )
    assert appeal.office == main_office
    assert appeal.received_at == dt.datetime(2026, 3, 2, 11, 40, tzinfo=KYIV)
    assert appeal.registration_index == "Ш-1/2026"
    assert appeal.phone == "+380671234567"


def test_book_entry_records_book_and_page(operator, centre, main_office):
    operator.post(
        f"{BASE}new/book/", _item(book_number="2", book_page="14", document_type="letter")
    )

    appeal = Appeal.objects.get(centre=centre)
    assert (appeal.book_number, appeal.book_page) == ("2", 14)


def test_book_entry_without_book_number_is_refused_in_ukrainian(operator, centre):
    response = operator.post(f"{BASE}new/book/", _item(book_number=""))

    assert response.status_code == 200
    assert "Вкажіть номер книги." in _page(response)
    assert Appeal.objects.count() == 0


def test_anonymous_complaint_is_refused_and_nothing_is_saved(operator, centre):
    response = operator.post(
        f"{BASE}new/reception/", _item(full_name="", address="", phone="", is_anonymous="on")
    )

    assert "Анонімне звернення не розглядається" in _page(response)
    assert Appeal.objects.count() == 0


def test_anonymous_remark_from_the_book_is_kept_as_feedback(operator, centre):
    operator.post(
        f"{BASE}new/book/",
        _item(
            kind=Kind.QUALITY_REMARK,
            full_name="",
            address="",
            phone="",
            is_anonymous="on",
            book_number="1",
        ),
    )

    appeal = Appeal.objects.get(centre=centre)
    assert (appeal.is_anonymous, appeal.kind, appeal.registration_index) == (
        True,
        Kind.QUALITY_REMARK,
        "Ан-1/2026",
    )


def test_register_and_add_another_returns_to_an_empty_form(operator, centre):
    response = operator.post(f"{BASE}new/reception/", {**_item(), "another": "1"})

    assert response["Location"] == f"{BASE}new/reception/"
    assert Appeal.objects.count() == 1


def test_the_office_chosen_last_is_the_next_default(operator, centre, main_office):
    remote = OfficeFactory(centre=centre, name="Старостат с. Криничне")
    operator.post(f"{BASE}new/reception/", _item(office=str(remote.pk)))

    response = operator.get(f"{BASE}new/post/")

    assert response.context["form"].initial["office"] == remote.pk


def test_registration_card_defaults_follow_the_channel(operator, main_office):
    response = operator.get(f"{BASE}new/social/")

    initial = response.context["form"].initial
    assert (initial["receipt_form"], initial["document_type"], initial["kind"]) == (
        "media",
        "electronic",
        Kind.QUESTION,
    )
    assert initial["received_at"] == NOW
    assert initial["office"] == main_office.pk


def test_analyst_cannot_register(frozen, staff_client):
    client, _membership = staff_client(Role.ANALYST)

    response = client.post(f"{BASE}new/reception/", _item())

    assert response.status_code == 403
    assert Appeal.objects.count() == 0


# --- hotline --------------------------------------------------------------------------------------


def _call(**overrides):
    data = {
        "started_at": "2026-03-02T11:50",
        "duration": "4:30",
        "topic": Topic.ADMIN_SERVICES,
        "question": "Які документи потрібні для субсидії?",
        "consultation": "Заява і декларація про доходи.",
    }
    data.update(overrides)
    return data


def test_operator_logs_a_consultation_that_counts_without_a_case(operator, centre):
    response = operator.post(f"{BASE}hotline/new/", _call())

    call = HotlineCall.objects.get(centre=centre)
    assert response["Location"] == f"{BASE}hotline/new/"
    assert (call.duration_seconds, call.appeal_id, call.topic) == (270, None, Topic.ADMIN_SERVICES)
    listing = operator.get(f"{BASE}hotline/", {"with_case": "no"})
    assert list(listing.context["page"].object_list) == [call]
    assert "4:30" in _page(listing)


@pytest.mark.parametrize("duration", ["", "abc", "4:75", "0", "999"])
def test_a_duration_that_is_not_a_time_is_refused(operator, duration):
    response = operator.post(f"{BASE}hotline/new/", _call(duration=duration))

    assert response.status_code == 200
    assert response.context["form"].errors["duration"]
    assert HotlineCall.objects.count() == 0


def test_make_it_a_case_opens_an_appeal_received_when_the_call_started(operator, centre):
    response = operator.post(f"{BASE}hotline/new/", _call(make_case="on"))
    call = HotlineCall.objects.get(centre=centre)
    assert response["Location"] == f"{BASE}hotline/{call.pk}/case/"
    form_page = operator.get(response["Location"])
    assert form_page.context["form"].initial["text"] == call.question

    operator.post(
        f"{BASE}hotline/{call.pk}/case/",
        {"kind": Kind.STATEMENT, "text": call.question, **MARIA},
    )

    call.refresh_from_db()
    assert call.appeal is not None
    assert (call.appeal.channel, call.appeal.received_at) == (
        Channel.HOTLINE,
        dt.datetime(2026, 3, 2, 11, 50, tzinfo=KYIV),
    )


def test_a_call_becomes_at_most_one_case(operator, centre):
    call = HotlineCallFactory(centre=centre)
    operator.post(f"{BASE}hotline/{call.pk}/case/", {"kind": Kind.STATEMENT, "text": "Т", **MARIA})

    response = operator.post(
        f"{BASE}hotline/{call.pk}/case/", {"kind": Kind.STATEMENT, "text": "Т", **MARIA}
    )

    assert response.status_code == 302
    assert Appeal.objects.count() == 1


# --- suggestion box -------------------------------------------------------------------------------


def _box(office, entries):
    data = {
        "opened_on": "2026-03-02",
        "office": str(office.pk),
        "opened_by": "Коваль О. — заступниця керівника; Бондар І. — адміністратор",
        "entries-TOTAL_FORMS": str(len(entries)),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "200",
    }
    for number, entry in enumerate(entries):
        for name, value in entry.items():
            data[f"entries-{number}-{name}"] = value
    return data


THANKS = {"kind": Kind.THANKS, "text": "Дякую адміністраторці Олені за терпіння."}
SIGNED_PROPOSAL = {
    "kind": Kind.PROPOSAL,
    "text": "Поставте лавки в залі очікування.",
    "full_name": "Гнатюк Петро",
    "address": "с. Лугове, вул. Шкільна, 7",
}
BLANK = {"kind": Kind.QUALITY_REMARK, "text": ""}


def test_box_opening_saves_every_entry_and_skips_blank_rows(operator, centre, main_office):
    response = operator.post(f"{BASE}box/new/", _box(main_office, [THANKS, SIGNED_PROPOSAL, BLANK]))

    opening = BoxOpening.objects.get(centre=centre)
    assert response["Location"] == f"{BASE}box/{opening.pk}/"
    assert sorted(opening.entries.values_list("kind", "is_anonymous")) == [
        (Kind.PROPOSAL, False),
        (Kind.THANKS, True),
    ]


def test_box_opening_with_one_bad_entry_saves_nothing_and_marks_that_entry(
    operator, centre, main_office
):
    unsigned_complaint = {"kind": Kind.COMPLAINT, "text": "Довго чекав у черзі."}

    response = operator.post(
        f"{BASE}box/new/", _box(main_office, [THANKS, unsigned_complaint, {"kind": Kind.THANKS}])
    )

    formset = response.context["formset"]
    assert response.status_code == 200
    assert formset.errors[0] == {}
    assert "Непідписаний запис може бути лише відгуком" in formset.errors[1]["kind"][0]
    assert "Нічого не збережено" in _page(response)
    assert (BoxOpening.objects.count(), Appeal.objects.count()) == (0, 0)


def test_box_more_rows_keeps_what_was_typed_and_saves_nothing(operator, main_office):
    response = operator.post(f"{BASE}box/new/", {**_box(main_office, [THANKS]), "more": "1"})

    formset = response.context["formset"]
    assert len(formset.forms) == 6
    assert formset.forms[0].initial["text"] == THANKS["text"]
    assert BoxOpening.objects.count() == 0


def test_box_opening_of_an_empty_box_is_recorded(operator, centre, main_office):
    operator.post(f"{BASE}box/new/", _box(main_office, [BLANK]))

    assert BoxOpening.objects.get(centre=centre).entries.count() == 0


# --- the inbox ------------------------------------------------------------------------------------


@pytest.fixture
def inbox(frozen, centre, main_office):
    """Six cases, each the only one matching one filter, and what tells them apart."""
    executor = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    service = ServiceFactory(centre=centre, category=CategoryFactory(centre=centre))
    remote = OfficeFactory(centre=centre)
    return {
        "plain": _appeal(centre, channel=Channel.WEB, topic=Topic.HOUSING),
        "hotline": _appeal(centre, channel=Channel.HOTLINE, topic=Topic.HOUSING),
        "thanks": _appeal(
            centre, kind=Kind.THANKS, is_anonymous=True, full_name="", due_at=None,
            initial_due_at=None,
        ),
        "assigned": _appeal(centre, executor=executor, office=remote, service=service),
        "overdue": _appeal(centre, due_at=NOW - dt.timedelta(hours=1), topic=Topic.TRANSPORT),
        "due_soon": _appeal(centre, due_at=NOW + dt.timedelta(days=2), full_name="Бойко Ірина"),
        "answered": _appeal(
            centre, status=Status.ANSWERED, received_at=NOW - dt.timedelta(days=40)
        ),
        "executor": executor,
        "service": service,
        "remote": remote,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param(lambda d: {"channel": "hotline"}, ["hotline"], id="channel"),
        pytest.param(lambda d: {"kind": "thanks"}, ["thanks"], id="kind"),
        pytest.param(lambda d: {"kind": "group:feedback"}, ["thanks"], id="kind-group"),
        pytest.param(lambda d: {"status": "answered"}, ["answered"], id="status"),
        pytest.param(lambda d: {"executor": d["executor"].pk}, ["assigned"], id="executor"),
        pytest.param(lambda d: {"office": d["remote"].pk}, ["assigned"], id="office"),
        pytest.param(lambda d: {"service": d["service"].pk}, ["assigned"], id="service"),
        pytest.param(lambda d: {"topic": "transport"}, ["overdue"], id="topic"),
        pytest.param(lambda d: {"deadline": "overdue"}, ["overdue"], id="overdue"),
        pytest.param(lambda d: {"deadline": "due_soon"}, ["due_soon"], id="due-soon"),
        pytest.param(lambda d: {"q": "Бойко"}, ["due_soon"], id="search"),
        pytest.param(lambda d: {"received_to": "2026-02-01"}, ["answered"], id="received-to"),
        pytest.param(
            lambda d: {"received_from": "2026-03-01", "channel": "hotline"},
            ["hotline"],
            id="received-from",
        ),
    ],
)
def test_each_inbox_filter_narrows_the_list(staff_client, inbox, params, expected):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, params(inbox))

    assert response.status_code == 200
    assert {a.pk for a, _state in response.context["rows"]} == {inbox[k].pk for k in expected}


@pytest.mark.parametrize(
    ("role", "found"),
    [
        pytest.param(Role.HEAD, {"due_soon", "assigned"}, id="head-searches-every-case"),
        pytest.param(Role.COMMUNICATIONS, {"due_soon", "assigned"}, id="assigner-every-case"),
        pytest.param(Role.ADMINISTRATOR, {"due_soon"}, id="executor-own-and-unassigned"),
        pytest.param(Role.HOTLINE_OPERATOR, set(), id="operator-index-only"),
    ],
)
def test_a_name_typed_into_the_search_finds_only_cases_whose_applicant_the_member_may_see(
    staff_client, inbox, role, found
):
    inbox["assigned"].full_name = "Бойко Петро"
    inbox["assigned"].save()
    client, _membership = staff_client(role)

    by_name = client.get(BASE, {"q": "Бойко"})
    by_index = client.get(BASE, {"q": inbox["assigned"].registration_index})

    assert {a.pk for a, _state in by_name.context["rows"]} == {inbox[k].pk for k in found}
    assert [a.pk for a, _state in by_index.context["rows"]] == [inbox["assigned"].pk]


def test_the_inbox_shows_deadlines_and_benefit_holders(staff_client, inbox, centre):
    _appeal(centre, is_benefit_holder=True, registration_index="П-99/2026")
    client, _membership = staff_client(Role.ADMINISTRATOR)

    page = _page(client.get(BASE))

    assert "Прострочено" in page
    assert "Спливає строк" in page
    assert "Пільговик" in page


def test_the_due_order_puts_benefit_holders_first(staff_client, inbox, centre):
    holder = _appeal(centre, is_benefit_holder=True, due_at=NOW + dt.timedelta(days=14))
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, {"order": "due"})

    assert response.context["rows"][0][0] == holder


def test_a_filter_with_an_unknown_value_is_explained_and_filters_nothing(staff_client, inbox):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, {"channel": "pigeon"})

    assert "Виберіть значення зі списку." in _page(response)
    assert len(response.context["rows"]) == 7


def test_the_inbox_never_lists_another_centres_cases(staff_client, inbox, other_centre):
    AppealFactory(centre=other_centre)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(BASE)

    assert {a.centre_id for a, _state in response.context["rows"]} == {inbox["plain"].centre_id}


def test_the_inbox_needs_a_bounded_number_of_queries(
    staff_client, frozen, centre, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.HEAD)
    offices = [OfficeFactory(centre=centre) for _ in range(3)]
    services = [ServiceFactory(centre=centre, category=CategoryFactory(centre=centre))]
    executors = [MembershipFactory(centre=centre).user for _ in range(3)]
    for number in range(60):
        _appeal(
            centre,
            office=offices[number % 3],
            service=services[0],
            executor=executors[number % 3],
            topic=Topic.HOUSING,
        )

    # The first visit saves the filters in the member's session; the page is measured on the next.
    client.get(BASE, {"order": "due"})
    # Session, user, second factor, membership; count and page; the executor list (filter and
    # bulk assign), offices, services; which of the page's cases have undelivered mail (one
    # query for the whole page). None of them grows with the rows.
    with django_assert_max_num_queries(11):
        response = client.get(BASE, {"order": "due"})

    assert len(response.context["rows"]) == 50


# --- bulk assign ----------------------------------------------------------------------------------


def test_head_assigns_ticked_cases_in_one_go(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)
    ticked = [inbox["plain"].pk, inbox["hotline"].pk]

    response = client.post(
        f"{BASE}assign/",
        {
            "assign-appeals": ticked,
            "assign-executor": inbox["executor"].pk,
            "assign-return_query": "channel=hotline",
        },
    )

    assert response["Location"] == f"{BASE}?channel=hotline"
    assert set(Appeal.objects.filter(executor=inbox["executor"]).values_list("pk", flat=True)) == {
        *ticked,
        inbox["assigned"].pk,
    }


def test_bulk_assign_with_a_closed_case_assigns_none(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        f"{BASE}assign/",
        {
            "assign-appeals": [inbox["plain"].pk, inbox["answered"].pk],
            "assign-executor": inbox["executor"].pk,
        },
    )

    assert response.status_code == 200
    assert "Деякі звернення не знайдено серед відкритих звернень центру." in _page(response)
    assert Appeal.objects.filter(executor=inbox["executor"]).count() == 1


def test_bulk_assign_without_ticks_asks_for_them(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}assign/", {"assign-executor": inbox["executor"].pk})

    assert "Позначте хоча б одне звернення." in _page(response)


def test_administrator_may_not_bulk_assign(staff_client, inbox):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        f"{BASE}assign/",
        {"assign-appeals": [inbox["plain"].pk], "assign-executor": inbox["executor"].pk},
    )

    assert response.status_code == 403
    assert Appeal.objects.filter(executor=inbox["executor"]).count() == 1


# --- CSV export -----------------------------------------------------------------------------------


def _read_csv(response) -> tuple[str, list[list[str]]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return body, list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_csv_export_streams_every_filtered_row_with_a_bom_and_is_audited(
    staff_client, frozen, centre
):
    for _number in range(75):
        _appeal(centre, channel=Channel.HOTLINE)
    _appeal(centre, channel=Channel.WEB)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(f"{BASE}export.csv", {"channel": "hotline"})

    body, rows = _read_csv(response)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeffРеєстраційний індекс;")
    assert len(rows) == 1 + 75
    assert {row[3] for row in rows[1:]} == {"Гаряча лінія"}
    assert "ПІБ" not in rows[0]
    export = AuditEvent.objects.get(centre=centre, action=AuditAction.EXPORT)
    assert export.changes == {"filters": {"channel": "hotline"}, "include_personal_data": False}


def test_personal_columns_only_for_who_manages_personal_data(staff_client, frozen, centre):
    _appeal(centre)
    administrator, _m = staff_client(Role.ADMINISTRATOR)
    head, _m = staff_client(Role.HEAD)

    _body, plain = _read_csv(
        administrator.get(f"{BASE}export.csv", {"include_personal_data": "on"})
    )
    _body, full = _read_csv(head.get(f"{BASE}export.csv", {"include_personal_data": "on"}))

    assert not {"ПІБ", "Стать", "Вікова група", "Категорія заявника"} & set(plain[0])
    assert full[0][-8:] == [
        "Категорія заявника",
        "Соціальний стан",
        "Стать",
        "Вікова група",
        "ПІБ",
        "Місце проживання",
        "Електронна пошта",
        "Телефон",
    ]
    assert full[1][-4] == "Шевченко Марія Петрівна"


# --- the case page and its actions ----------------------------------------------------------------


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


def _act(client, appeal, action, data=None):
    return client.post(f"{BASE}{appeal.pk}/act/{action}/", data or {})


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
    assert offered == ["assign", "take", "note", "answer", "close"]


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


# --- personal data --------------------------------------------------------------------------------


def test_head_exports_everything_held_about_one_applicant_and_it_is_audited(
    staff_client, frozen, centre, other_centre
):
    mine = _appeal(centre)
    _appeal(centre, email="someone@example.com", phone="")
    AppealFactory(centre=other_centre)
    client, membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"phone": "067 123 45 67"})

    export = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applicant-verbivka-')
    assert [item["registration_index"] for item in export["items"]] == [mine.registration_index]
    assert (
        AuditEvent.objects.filter(
            centre=centre, action=AuditAction.EXPORT, actor=membership.user
        ).count()
        == 1
    )


def test_applicant_export_needs_an_email_or_a_phone(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"email": "", "phone": ""})

    assert "Вкажіть електронну пошту або телефон заявника." in _page(response)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_impossible_phone_is_explained(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"phone": "12"})

    assert "Вкажіть номер телефону, наприклад 067 123 45 67." in _page(response)


@pytest.mark.parametrize("url", ["personal-data/", "settings/"])
def test_administrator_may_not_reach_personal_data_pages(staff_client, frozen, url):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    assert client.post(f"{BASE}{url}", {"phone": "0671234567"}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_head_changes_retention_and_digest(staff_client, frozen, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}settings/", {"retention_days": "1100"})

    saved = AppealsSettings.objects.get(centre=centre)
    assert response.status_code == 302
    assert (saved.retention_days, saved.digest_enabled) == (1100, False)


def test_retention_shorter_than_30_days_is_refused(staff_client, frozen, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}settings/", {"retention_days": "7", "digest_enabled": "on"})

    assert "Не менше 30 днів." in _page(response)
    assert not AppealsSettings.objects.filter(centre=centre).exists()


# --- back-office home -----------------------------------------------------------------------------


def test_back_office_home_shows_the_appeals_figures_and_links(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    page = _page(client.get("/staff/verbivka/"))

    assert "Нових звернень" in page
    assert "Прострочених звернень" in page
    assert f'href="{BASE}"' in page
    assert f'href="{BASE}hotline/new/"' in page


def test_the_stage_names_are_those_of_the_history(staff_client, frozen, centre):
    appeal = _appeal(centre)
    client, _membership = staff_client(Role.ADMINISTRATOR)
    _act(client, appeal, "take")

    stages = list(appeal.events.values_list("stage", flat=True))

    assert stages == [EventStage.IN_PROGRESS]


# --- attachments --------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case_with_attachment(centre, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    registered = appeal_submit(
        centre=centre,
        kind=Kind.COMPLAINT,
        text="Документи додаю.",
        submission_key=uuid.uuid4(),
        applicant=Applicant(**MARIA, consent_text="Так"),
        attachments=[SimpleUploadedFile("довідка.pdf", PDF_BYTES, "application/pdf")],
    )
    return registered.appeal, registered.appeal.attachments.get()


def test_head_downloads_an_attachment_under_its_name_and_it_is_audited(
    staff_client, centre, settings, tmp_path
):
    appeal, attachment = _case_with_attachment(centre, settings, tmp_path)
    client, head = staff_client(Role.HEAD)

    response = client.get(f"/staff/verbivka/appeals/{appeal.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert (
        "filename*=utf-8''%D0%B4%D0%BE%D0%B2%D1%96%D0%B4%D0%BA%D0%B0.pdf"
        in (response["Content-Disposition"])
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(appeal.pk), actor=head.user
    ).exists()


def test_hotline_operator_may_not_download_an_attachment(staff_client, centre, settings, tmp_path):
    appeal, attachment = _case_with_attachment(centre, settings, tmp_path)
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.get(f"/staff/verbivka/appeals/{appeal.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_a_crafted_request_cannot_anonymise_a_case_under_consideration(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.HEAD)

    response = _act(client, appeal, "anonymise", {})

    appeal.refresh_from_db()
    assert "лише після завершення розгляду" in _page(response)
    assert (appeal.anonymised_at, appeal.full_name) == (None, "Шевченко Марія Петрівна")


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        pytest.param(
            "new/post/",
            {"received_at": "9999-12-31T10:00"},
            "Ця дата ще не настала",
            id="receipt-far-future",
        ),
        pytest.param(
            "new/post/",
            {"received_at": "1899-01-01T10:00"},
            "не раніше 01.01.2000",
            id="receipt-long-ago",
        ),
    ],
)
def test_impossible_dates_of_receipt_are_refused_at_the_field(
    operator, centre, main_office, path, data, message
):
    response = operator.post(f"/staff/verbivka/appeals/{path}", _item(**data))

    assert response.status_code == 200
    assert message in _page(response)
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize("query", ["received_to=9999-12-31", "received_from=0001-01-01"], ids=str)
def test_inbox_and_export_survive_dates_out_of_range(operator, centre, query):
    _appeal(centre)

    inbox = operator.get(f"/staff/verbivka/appeals/?{query}")
    export = operator.get(f"/staff/verbivka/appeals/export.csv?{query}")

    assert (inbox.status_code, export.status_code) == (200, 200)


def test_sending_the_same_registration_form_twice_makes_one_case(operator, centre, main_office):
    key = "0b7a54a2-8f0e-4a39-9a34-6a1d9c0b2e11"
    data = _item(submission_key=key)

    first = operator.post(f"{BASE}new/post/", data)
    second = operator.post(f"{BASE}new/post/", data)

    appeal = Appeal.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url == f"{BASE}{appeal.pk}/"


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
