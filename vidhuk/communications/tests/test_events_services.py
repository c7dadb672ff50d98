"""Events' services: seats, the waitlist, mail sent once, the calendar's SEQUENCE, check-in,
reminders the day before and erasing registrants' data after 30 days."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from vidhuk.communications.models import EventState, RegistrationState
from vidhuk.communications.services.events import (
    RegistrationIntake,
    event_cancel,
    event_update,
    registrants_erase,
    registration_cancel,
    registration_check_in,
    registration_create,
    reminders_send,
)
from vidhuk.core.models import OutgoingMail

from .event_factories import NOW, STARTS, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
BASE = "https://cnap.example"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _register(event, n, **extra):
    intake = RegistrationIntake(name=f"Мешканка {n}", email=f"p{n}@example.com", **extra)
    return registration_create(event=event, intake=intake, base_url=BASE)


def test_seats_then_the_waitlist(centre):
    event = EventFactory(centre=centre, capacity=2)

    states = [_register(event, n).state for n in range(4)]

    assert states == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    subjects = sorted(OutgoingMail.objects.values_list("subject", flat=True))
    assert subjects[0].startswith("Ви зареєстровані")
    assert sum(s.startswith("Лист очікування") for s in subjects) == 2


def test_the_same_contact_twice_is_one_registration(centre):
    event = EventFactory(centre=centre)

    first = _register(event, 1)
    again = registration_create(
        event=event, intake=RegistrationIntake(name="Мешканка", email="P1@Example.com")
    )

    assert again.pk == first.pk
    assert again.is_new is False
    assert event.registrations.count() == 1
    assert OutgoingMail.objects.count() == 1


def test_a_phone_alone_is_enough_and_nothing_is_mailed(centre):
    event = EventFactory(centre=centre)

    registration = registration_create(
        event=event, intake=RegistrationIntake(name="Петро", phone="067 123 45 67")
    )

    assert registration.state == RegistrationState.CONFIRMED
    assert OutgoingMail.objects.count() == 0


def test_no_contact_is_refused_in_plain_words(centre):
    event = EventFactory(centre=centre)

    with pytest.raises(ValidationError) as refusal:
        registration_create(event=event, intake=RegistrationIntake(name="Петро"))

    assert "електронну пошту або телефон" in str(refusal.value)
    assert event.registrations.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"state": EventState.CANCELLED}, "Захід скасовано"),
        ({"registration_open": False}, "Реєстрацію на цей захід закрито"),
        ({"starts_at": NOW - dt.timedelta(hours=3), "ends_at": NOW}, "закрито"),
    ],
    ids=["cancelled", "closed", "over"],
)
def test_registration_is_refused_when_not_open(centre, change, message):
    event = EventFactory(centre=centre, **change)

    with pytest.raises(ValidationError) as refusal:
        _register(event, 1)

    assert message in str(refusal.value)
    assert event.registrations.count() == 0


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_mailed_once(centre):
    event = EventFactory(centre=centre, capacity=1)
    holder, first_waiting, second_waiting = (_register(event, n) for n in range(3))

    promoted = registration_cancel(registration=holder, base_url=BASE)
    again = registration_cancel(registration=holder, base_url=BASE)

    assert [r.pk for r in promoted] == [first_waiting.pk]
    assert again == []
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.state == RegistrationState.CONFIRMED
    assert second_waiting.state == RegistrationState.WAITLISTED
    mail = OutgoingMail.objects.get(key=f"comms-event:promoted:{first_waiting.pk}")
    assert mail.to == "p1@example.com"
    assert mail.subject.startswith("Місце звільнилося")
    assert f"{BASE}/verbivka/events/{event.pk}/registration/?t={first_waiting.token}" in (
        mail.body_text
    )


def test_a_larger_capacity_lets_the_waitlist_in(centre):
    event = EventFactory(centre=centre, capacity=1)
    _register(event, 0)
    waiting = _register(event, 1)

    event_update(event=event, actor=None, data={"capacity": 2})

    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED
    event.refresh_from_db()
    assert event.sequence == 0  # seats are not the calendar's business


@pytest.mark.parametrize(
    ("data", "sequence"),
    [
        ({"title": "Нова назва", "agenda": "1. Графік"}, 0),
        ({"place": "Актова зала"}, 1),
        (
            {
                "starts_at": STARTS + dt.timedelta(days=1),
                "ends_at": STARTS + dt.timedelta(days=1, hours=2),
            },
            1,
        ),  # noqa: E501
    ],
    ids=["text", "place", "date"],
)
def test_the_calendar_sequence_grows_when_date_or_place_change(centre, data, sequence):
    event = EventFactory(centre=centre)
    uid = event.uid

    event_update(event=event, actor=None, data=data)

    event.refresh_from_db()
    assert event.sequence == sequence
    assert event.uid == uid


def test_cancelling_the_event_tells_everyone_registered_once(centre):
    event = EventFactory(centre=centre, capacity=1)
    confirmed, waiting = _register(event, 0), _register(event, 1)

    event_cancel(event=event, actor=None, base_url=BASE)
    event_cancel(event=event, actor=None, base_url=BASE)

    event.refresh_from_db()
    assert (event.state, event.sequence, event.registration_open) == ("cancelled", 1, False)
    cancelled = OutgoingMail.objects.filter(key__startswith="comms-event:cancelled:")
    assert sorted(cancelled.values_list("to", flat=True)) == ["p0@example.com", "p1@example.com"]
    assert {confirmed.pk, waiting.pk} == {int(m.key.rsplit(":", 1)[1]) for m in cancelled}


def test_check_in_by_the_token_or_the_scanned_link_keeps_the_first_time(centre):
    registration = RegistrationFactory(event=EventFactory(centre=centre))
    link = f"{BASE}/staff/verbivka/communications/events/check-in/?t={registration.token}"

    first = registration_check_in(centre=centre, token=link, actor=None)
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        second = registration_check_in(centre=centre, token=registration.token, actor=None)

    assert first.checked_in_at == NOW
    assert second.checked_in_at == NOW


def test_check_in_of_another_centres_or_a_waiting_registration_is_refused(centre, other_centre):
    foreign = RegistrationFactory(event=EventFactory(centre=other_centre))
    waiting = RegistrationFactory(
        event=EventFactory(centre=centre), state=RegistrationState.WAITLISTED
    )

    with pytest.raises(ValidationError, match="не знайдено"):
        registration_check_in(centre=centre, token=foreign.token, actor=None)
    with pytest.raises(ValidationError, match="не підтверджена"):
        registration_check_in(centre=centre, token=waiting.token, actor=None)

    foreign.refresh_from_db()
    waiting.refresh_from_db()
    assert foreign.checked_in_at is None
    assert waiting.checked_in_at is None


def test_reminders_go_the_day_before_once_to_confirmed_registrants(centre):
    event = EventFactory(centre=centre)  # 10 March
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, state=RegistrationState.WAITLISTED)
    RegistrationFactory(event=event, email="", phone="0671234567")
    other_day = RegistrationFactory(
        event=EventFactory(
            centre=centre,
            starts_at=STARTS + dt.timedelta(days=1),
            ends_at=STARTS + dt.timedelta(days=1, hours=1),
        )
    )  # noqa: E501

    on_the_8th = reminders_send(centre=centre, today=dt.date(2027, 3, 8))
    first = reminders_send(centre=centre, today=dt.date(2027, 3, 9), base_url=BASE)
    second = reminders_send(centre=centre, today=dt.date(2027, 3, 9), base_url=BASE)

    assert on_the_8th == 0
    assert (first, second) == (1, 1)
    reminders = OutgoingMail.objects.filter(key__startswith="comms-event:reminder:")
    assert list(reminders.values_list("to", flat=True)) == [confirmed.email]
    assert other_day.email not in reminders.values_list("to", flat=True)
    assert reminders.get().subject.startswith("Нагадування: завтра")


def test_registrants_data_is_erased_thirty_days_after_the_event(centre):
    event = EventFactory(centre=centre)  # ends 10 March 20:00
    registration = _register(event, 1, accessibility_needs="Пандус", wants_to_speak=True,
                             speech_topic="Черги")  # fmt: skip

    on_day_30 = registrants_erase(centre=centre, today=dt.date(2027, 4, 9))
    on_day_31 = registrants_erase(centre=centre, today=dt.date(2027, 4, 10))
    again = registrants_erase(centre=centre, today=dt.date(2027, 4, 10))

    assert (on_day_30, on_day_31, again) == (0, 1, 0)
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.accessibility_needs) == ("", "", "")
    assert registration.speech_topic == ""
    assert registration.wants_to_speak is True  # the count of speakers stays
    assert OutgoingMail.objects.get(about=f"event_registration:{registration.pk}").to == ""
