"""Services of appeals, other channels: offline registration, hotline calls and suggestion-box
openings."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    Channel,
    Kind,
)
from vidhuk.appeals.models import (
    Appeal,
    HotlineCall,
    RegistrationCounter,
    SuggestionBoxOpening,
)
from vidhuk.appeals.services import BoxEntry, ChannelDetails
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.submitting import ANONYMOUS, KYIV, MARIA, end_of, register
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head
outsider = factories.outsider


# --- offline channels ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "details", "document_type"),
    [
        (Channel.RECEPTION, ChannelDetails(), "oral"),
        (Channel.POST, ChannelDetails(), "letter"),
        (Channel.EMAIL, ChannelDetails(), "electronic"),
        (Channel.HOTLINE, ChannelDetails(), "oral"),
        (Channel.BOOK, ChannelDetails(book_number="2", book_page=14), "letter"),
        (
            Channel.SOCIAL,
            ChannelDetails(social_post_url="https://facebook.com/verbivka/posts/1"),
            "electronic",
        ),
    ],
    ids=str,
)
def test_staff_register_an_item_from_each_offline_channel(
    centre, head, channel, details, document_type
):
    result = register(centre, head, channel=channel, details=details)

    appeal = result.appeal
    assert (appeal.channel, appeal.document_type) == (channel, document_type)
    assert (appeal.book_number, appeal.social_post_url) == (
        details.book_number,
        details.social_post_url,
    )
    assert AuditEvent.objects.get(action=AuditAction.CREATE).actor == head


@pytest.mark.parametrize(
    ("channel", "field"), [(Channel.BOOK, "book_number"), (Channel.SOCIAL, "social_post_url")]
)
def test_channel_details_are_required(centre, head, channel, field):
    with pytest.raises(ValidationError) as error:
        register(centre, head, channel=channel)

    assert field in error.value.message_dict


def test_box_items_go_through_a_box_opening(centre, head):
    with pytest.raises(ValidationError):
        register(centre, head, channel=Channel.BOX)


def test_staff_registration_with_further_study_gets_one_month(centre, head, frozen):
    appeal = register(centre, head, channel=Channel.POST, needs_study=True).appeal

    assert appeal.due_at == end_of(dt.date(2026, 4, 2))


def test_executor_from_another_centre_is_refused_at_registration(centre, head, outsider):
    with pytest.raises(ValidationError) as error:
        register(centre, head, channel=Channel.POST, executor=outsider)

    assert "executor" in error.value.message_dict
    assert Appeal.objects.count() == 0


# --- hotline -------------------------------------------------------------------------------


def log_call(centre, actor, **extra):
    return services.hotline_call_log(
        centre=centre,
        actor=actor,
        started_at=dt.datetime(2026, 3, 2, 10, 15, tzinfo=KYIV),
        duration_seconds=240,
        question="Коли працює віддалене робоче місце у Луговому?",
        consultation="У вівторок і четвер з 9 до 16.",
        **extra,
    )


def test_hotline_consultation_is_logged_without_a_case(centre, head):
    call = log_call(centre, head, staff_remark="Довго не відповідали")

    assert (call.operator, call.appeal) == (head, None)
    assert HotlineCall.objects.count() == 1
    assert Appeal.objects.count() == 0


def test_hotline_call_is_made_a_case_once(centre, head, frozen):
    call = log_call(centre, head)

    result = services.hotline_call_make_case(
        call=call, actor=head, kind=Kind.STATEMENT, applicant=MARIA
    )

    call.refresh_from_db()
    assert call.appeal == result.appeal
    assert result.appeal.channel == Channel.HOTLINE
    assert result.appeal.received_at == call.started_at
    assert result.appeal.text == call.question
    with pytest.raises(ValidationError):
        services.hotline_call_make_case(call=call, actor=head, kind=Kind.STATEMENT, applicant=MARIA)
    assert Appeal.objects.count() == 1


# --- suggestion box ------------------------------------------------------------------------


def box_entries(*, second_kind=Kind.QUALITY_REMARK):
    return [
        BoxEntry(kind=Kind.THANKS, text="Дякую Олені за допомогу!", applicant=ANONYMOUS),
        BoxEntry(kind=second_kind, text="Мало місць для очікування.", applicant=ANONYMOUS),
        BoxEntry(kind=Kind.STATEMENT, text="Прошу встановити лавку.", applicant=MARIA),
    ]


def test_box_opening_records_all_entries(centre, head, frozen):
    office = OfficeFactory(centre=centre)

    opening = services.box_opening_create(
        centre=centre,
        actor=head,
        office=office,
        opened_on=dt.date(2026, 3, 2),
        opened_by="Коваленко О., Петренко І.",
        entries=box_entries(),
    )

    entries = list(opening.entries.order_by("pk"))
    assert [e.registration_index for e in entries] == ["Ан-1/2026", "Ан-2/2026", "Ш-3/2026"]
    assert {(e.channel, e.office_id) for e in entries} == {(Channel.BOX, office.pk)}


def test_box_opening_failing_mid_batch_writes_nothing(centre, head):
    office = OfficeFactory(centre=centre)

    with pytest.raises(ValidationError) as error:
        services.box_opening_create(
            centre=centre,
            actor=head,
            office=office,
            opened_on=dt.date(2026, 3, 2),
            opened_by="Коваленко О.",
            entries=box_entries(second_kind=Kind.COMPLAINT),  # anonymous complaint
        )

    assert "Запис №2" in error.value.messages[0]
    assert [problem.params["number"] for problem in error.value.error_list] == [2]
    assert SuggestionBoxOpening.objects.count() == 0
    assert Appeal.objects.count() == 0
    assert not RegistrationCounter.objects.filter(last_number__gt=0).exists()
