"""The appeals back office through its views: registering from offline channels (dates of
receipt checked at the field, a form sent twice makes one case), hotline calls and
suggestion-box openings."""

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import (
    Channel,
    Kind,
    Topic,
)
from vidhuk.appeals.models import Appeal, HotlineCall
from vidhuk.appeals.models import SuggestionBoxOpening as BoxOpening
from vidhuk.appeals.tests import factories, staff_pages
from vidhuk.appeals.tests.factories import HotlineCallFactory
from vidhuk.appeals.tests.staff_pages import BASE, KYIV, MARIA, NOW, _item, _page
from vidhuk.core.tests.factories import OfficeFactory

frozen = factories.frozen
main_office = staff_pages.main_office
operator = staff_pages.operator
inbox = staff_pages.inbox


# --- offline channels -----------------------------------------------------------------------------


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


def test_sending_the_same_registration_form_twice_makes_one_case(operator, centre, main_office):
    key = "0b7a54a2-8f0e-4a39-9a34-6a1d9c0b2e11"
    data = _item(submission_key=key)

    first = operator.post(f"{BASE}new/post/", data)
    second = operator.post(f"{BASE}new/post/", data)

    appeal = Appeal.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url == f"{BASE}{appeal.pk}/"


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
    # Classifier №858 as amended: a call is received "за допомогою засобів телефонного зв’язку".
    assert call.appeal.get_receipt_form_display() == "За допомогою засобів телефонного зв’язку"


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
