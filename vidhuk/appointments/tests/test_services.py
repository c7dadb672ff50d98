"""Booking, moving and cancelling: the rules a resident and the reception meet."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vidhuk.appointments.choices import AppointmentStatus, BookingChannel
from vidhuk.appointments.models import Appointment, BookingPolicy, ServiceBooking
from vidhuk.appointments.selectors import bookable_days, free_slots
from vidhuk.appointments.services.booking import appointment_book, appointment_link_token
from vidhuk.appointments.services.changes import appointment_cancel, appointment_move
from vidhuk.appointments.services.retention import appointments_anonymise_expired
from vidhuk.appointments.services.schedules import working_intervals_set
from vidhuk.appointments.services.slots import ContactLimitError, SlotTakenError
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory, WindowFactory
from vidhuk.appointments.tokens import link_hash
from vidhuk.core.models import CalendarDay, OfficeClosure

pytestmark = pytest.mark.django_db


def book(window, starts_at, **kwargs):
    params = {
        "centre": window.centre,
        "office": window.office,
        "service": window.services.get(),
        "starts_at": starts_at,
        "name": "Олена Петренко",
        "phone": "067 123 45 67",
        "now": NOW,
    }
    params.update(kwargs)
    return appointment_book(**params)


def test_booking_takes_the_slot_with_a_readable_code_and_a_private_link(window):
    visit = book(window, at(MONDAY, 9, 30), email=" Olena@Example.COM ")

    assert visit.status == AppointmentStatus.BOOKED
    assert visit.window == window
    assert visit.ends_at - visit.starts_at == dt.timedelta(minutes=15)
    assert visit.phone == "+380671234567"
    assert visit.email == "olena@example.com"
    assert len(visit.code) == 6
    assert not set(visit.code) & set("01OILSBZ258")
    token = appointment_link_token(visit)
    assert visit.link_hash == link_hash(token)
    assert token not in {visit.link_salt, visit.link_hash}


def test_slot_length_comes_from_the_service(window):
    ServiceBooking.objects.create(
        centre=window.centre, service=window.services.get(), slot_minutes=30
    )

    slots = free_slots(office=window.office, service=window.services.get(), day=MONDAY, now=NOW)

    assert [s.local_start.strftime("%H:%M") for s in slots[:3]] == ["09:00", "09:30", "10:00"]
    assert len(slots) == 16  # 4 hours before lunch and 4 after, in half hours


def test_a_taken_slot_is_refused_and_no_longer_offered(window):
    book(window, at(MONDAY, 10))

    with pytest.raises(SlotTakenError) as error:
        book(window, at(MONDAY, 10), phone="050 765 43 21")

    assert "щойно зайняли" in error.value.messages[0]
    assert Appointment.objects.count() == 1
    starts = [
        s.starts_at
        for s in free_slots(
            office=window.office, service=window.services.get(), day=MONDAY, now=NOW
        )
    ]
    assert at(MONDAY, 10) not in starts
    assert at(MONDAY, 10, 15) in starts


def test_a_second_window_takes_the_same_time(window):
    second = WindowFactory(
        centre=window.centre, office=window.office, number="2", services=[window.services.get()]
    )

    first = book(window, at(MONDAY, 10))
    other = book(window, at(MONDAY, 10), phone="050 765 43 21")

    assert (first.window, other.window) == (window, second)


@pytest.mark.parametrize(
    ("starts_at", "code"),
    [
        pytest.param(at(MONDAY, 7, 45), "past", id="past-time"),
        pytest.param(at(MONDAY - dt.timedelta(days=3), 10), "past", id="past-day"),
        pytest.param(at(MONDAY, 8, 30), "notice", id="too-soon"),
        pytest.param(at(MONDAY + dt.timedelta(days=45), 10), "horizon", id="beyond-horizon"),
        pytest.param(at(MONDAY, 13, 15), "not_offered", id="lunch-break"),
        pytest.param(at(MONDAY, 10, 7), "not_offered", id="off-the-grid"),
        pytest.param(at(MONDAY + dt.timedelta(days=5), 10), "not_offered", id="saturday"),
    ],
)
def test_times_outside_the_schedule_are_refused(window, starts_at, code):
    with pytest.raises(ValidationError) as error:
        book(window, starts_at)

    assert error.value.code == code
    assert not Appointment.objects.exists()


def test_closed_days_are_refused_and_not_offered(window, settings):
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False
    tuesday, wednesday, thursday = (MONDAY + dt.timedelta(days=n) for n in (1, 2, 3))
    OfficeClosure.objects.create(office=window.office, date=tuesday, note="Навчання персоналу")
    CalendarDay.objects.create(centre=window.centre, date=wednesday, is_working_day=False)
    holiday = dt.date(2026, 3, 9)  # 8 March on a Sunday gives Monday 9 March off

    messages = {}
    for day in (tuesday, wednesday, holiday):
        with pytest.raises(ValidationError) as error:
            book(window, at(day, 10))
        messages[day] = error.value.messages[0]

    assert "Навчання персоналу" in messages[tuesday]
    assert "центр не працює" in messages[wednesday]
    assert "святковий" in messages[holiday]
    days = [
        d for d, _n in bookable_days(office=window.office, service=window.services.get(), now=NOW)
    ]
    assert MONDAY in days
    assert thursday in days
    assert not {tuesday, wednesday, holiday} & set(days)


def test_a_shortened_day_offers_its_hours_only(window):
    OfficeClosure.objects.create(
        office=window.office, date=MONDAY, opens=dt.time(9), closes=dt.time(10)
    )

    slots = free_slots(office=window.office, service=window.services.get(), day=MONDAY, now=NOW)

    assert [s.local_start.strftime("%H:%M") for s in slots] == ["09:00", "09:15", "09:30", "09:45"]


def test_a_window_template_overrides_the_office_hours(window):
    working_intervals_set(
        centre=window.centre,
        office=window.office,
        window=window,
        week={0: [(dt.time(15), dt.time(16))]},
    )

    slots = free_slots(office=window.office, service=window.services.get(), day=MONDAY, now=NOW)

    assert [s.local_start.strftime("%H:%M") for s in slots] == ["15:00", "15:15", "15:30", "15:45"]


def test_the_per_person_limit_stops_slot_hoarding(window):
    book(window, at(MONDAY, 10))
    book(window, at(MONDAY, 11), phone="+380 67 123 4567")

    with pytest.raises(ContactLimitError) as error:
        book(window, at(MONDAY, 12), phone="0671234567")

    assert "стільки майбутніх візитів, скільки дозволено (2)" in error.value.messages[0]
    assert Appointment.objects.count() == 2


def test_the_limit_counts_phone_or_email_and_staff_are_not_limited(window):
    BookingPolicy.objects.create(centre=window.centre, max_upcoming_per_contact=1)
    book(window, at(MONDAY, 10), phone="", email="olena@example.com")

    with pytest.raises(ContactLimitError):
        book(window, at(MONDAY, 11), phone="067 000 00 01", email="OLENA@example.com")
    other = book(window, at(MONDAY, 11), phone="067 000 00 01")
    by_staff = book(
        window, at(MONDAY, 12), phone="", email="olena@example.com", channel=BookingChannel.STAFF
    )

    assert other.pk
    assert by_staff.pk
    assert Appointment.objects.count() == 3


def test_bad_contacts_are_refused(window):
    with pytest.raises(ValidationError) as error:
        book(window, at(MONDAY, 10), phone="12345")
    assert "номер телефону" in error.value.messages[0]
    with pytest.raises(ValidationError):
        book(window, at(MONDAY, 10), phone="", email="")
    assert not Appointment.objects.exists()


def test_a_double_submit_makes_one_booking(window):
    key = uuid.uuid4()

    first = book(window, at(MONDAY, 10), submission_key=key)
    second = book(window, at(MONDAY, 10), submission_key=key)

    assert first.pk == second.pk
    assert Appointment.objects.count() == 1


def test_a_service_booked_by_phone_only_is_refused_online_but_not_to_staff(window):
    ServiceBooking.objects.create(
        centre=window.centre, service=window.services.get(), is_bookable_online=False
    )

    with pytest.raises(ValidationError):
        book(window, at(MONDAY, 10))
    visit = book(window, at(MONDAY, 10), channel=BookingChannel.STAFF)

    assert visit.channel == BookingChannel.STAFF


def test_moving_keeps_code_and_link_and_frees_the_old_slot(window):
    visit = book(window, at(MONDAY, 10))
    code, link = visit.code, visit.link_hash

    moved = appointment_move(appointment=visit, starts_at=at(MONDAY, 15), now=NOW)

    assert (moved.code, moved.link_hash) == (code, link)
    assert moved.starts_at == at(MONDAY, 15)
    assert book(window, at(MONDAY, 10), phone="050 765 43 21").starts_at == at(MONDAY, 10)


def test_moving_to_a_taken_slot_changes_nothing(window):
    book(window, at(MONDAY, 15), phone="050 765 43 21")
    visit = book(window, at(MONDAY, 10))

    with pytest.raises(SlotTakenError):
        appointment_move(appointment=visit, starts_at=at(MONDAY, 15), now=NOW)

    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY, 10)


def test_cancelling_frees_the_slot_and_twice_is_harmless(window):
    visit = book(window, at(MONDAY, 10))

    appointment_cancel(appointment=visit, now=NOW)
    appointment_cancel(appointment=visit, now=NOW)

    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.CANCELLED
    assert book(window, at(MONDAY, 10), phone="050 765 43 21").pk != visit.pk


def test_a_past_visit_cannot_be_moved_or_cancelled(window):
    visit = AppointmentFactory(window=window, starts_at=at(MONDAY, 7))

    with pytest.raises(ValidationError):
        appointment_cancel(appointment=visit, now=NOW)
    with pytest.raises(ValidationError):
        appointment_move(appointment=visit, starts_at=at(MONDAY, 10), now=NOW)

    visit.refresh_from_db()
    assert (visit.status, visit.starts_at) == ("booked", at(MONDAY, 7))


def test_the_database_refuses_a_second_holder_of_a_slot(window):
    AppointmentFactory(window=window, starts_at=at(MONDAY, 10))

    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(window=window, starts_at=at(MONDAY, 10))


def test_contacts_are_anonymised_after_the_retention_period(window):
    old = AppointmentFactory(
        window=window,
        starts_at=at(MONDAY - dt.timedelta(days=40), 10),
        email="a@example.com",
        phone_key="k",
        link_hash="h",
    )
    recent = AppointmentFactory(window=window, starts_at=at(MONDAY - dt.timedelta(days=3), 10))

    assert appointments_anonymise_expired(now=NOW) == 1
    assert appointments_anonymise_expired(now=NOW) == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.email, old.phone_key, old.link_hash) == ("", "", "", "", "")
    assert old.anonymised_at == NOW
    assert recent.name == "Олена Петренко"
