"""Fixes of the review: codes typed in Cyrillic, visits nobody came to, code clashes, the
per-contact lock rows, days off."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.contacts import contact_key
from vidhuk.appointments.models import Appointment, BookingContact
from vidhuk.appointments.selectors import booked_no_show_count
from vidhuk.appointments.services import slots as booking_slots
from vidhuk.appointments.services.checkin import appointment_check_in, appointments_mark_no_shows
from vidhuk.appointments.services.retention import appointments_anonymise_expired
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.appointments.tests.test_services import book
from vidhuk.core.tokens import code_normalise

pytestmark = pytest.mark.django_db


# --- codes typed in Cyrillic ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("КМ4ТХQ", "KM4TXQ", id="cyrillic-capitals"),
        pytest.param("км4-тхq", "KM4TXQ", id="cyrillic-small-with-dash"),
        pytest.param("РАСЕНУ", "PACEHY", id="every-look-alike-in-the-alphabet"),
        pytest.param(" ac de f3 ", "ACDEF3", id="latin"),
    ],
)
def test_a_code_typed_with_cyrillic_look_alikes_reads_as_latin(typed, stored):
    assert code_normalise(typed) == stored


def test_a_visitor_checks_in_with_the_code_typed_on_a_ukrainian_keyboard(window):
    visit = AppointmentFactory(window=window, code="KM4TXQ", starts_at=at(MONDAY, 10))

    checked = appointment_check_in(office=window.office, code="км4тхq", now=NOW)

    assert checked.pk == visit.pk
    assert checked.status == AppointmentStatus.CHECKED_IN


# --- visits nobody came to ------------------------------------------------------------------


def test_past_booked_visits_become_no_shows_once_and_today_is_left_alone(window):
    friday = MONDAY - dt.timedelta(days=3)
    missed = AppointmentFactory(window=window, starts_at=at(friday, 10))
    came = AppointmentFactory(
        window=window, starts_at=at(friday, 11), status=AppointmentStatus.SERVED
    )
    cancelled = AppointmentFactory(
        window=window, starts_at=at(friday, 12), status=AppointmentStatus.CANCELLED
    )
    today = AppointmentFactory(window=window, starts_at=at(MONDAY, 7, 30))

    assert appointments_mark_no_shows(now=NOW) == 1
    assert appointments_mark_no_shows(now=NOW) == 0

    statuses = dict(Appointment.objects.values_list("pk", "status"))
    assert statuses == {
        missed.pk: AppointmentStatus.NO_SHOW,
        came.pk: AppointmentStatus.SERVED,
        cancelled.pk: AppointmentStatus.CANCELLED,
        today.pk: AppointmentStatus.BOOKED,
    }


def test_the_daily_command_reports_the_no_shows(window):
    AppointmentFactory(window=window, starts_at=at(MONDAY - dt.timedelta(days=1), 10))
    output = io.StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("appointments_daily", stdout=output)

    assert output.getvalue().startswith("no-shows marked: 1;")
    assert Appointment.objects.get().status == AppointmentStatus.NO_SHOW


def test_booked_no_shows_count_only_those_who_never_checked_in(window):
    friday = MONDAY - dt.timedelta(days=3)
    AppointmentFactory(window=window, starts_at=at(friday, 9), status=AppointmentStatus.NO_SHOW)
    AppointmentFactory(window=window, starts_at=at(friday, 10))  # the job has not run yet
    AppointmentFactory(
        window=window,
        starts_at=at(friday, 11),
        status=AppointmentStatus.NO_SHOW,
        checked_in_at=at(friday, 10, 50),
    )

    with time_machine.travel(NOW, tick=False):
        count = booked_no_show_count(centre=window.centre, date_from=friday, date_to=MONDAY)

    assert count == 2


# --- a confirmation code already taken ------------------------------------------------------


def test_a_code_already_taken_in_the_centre_is_drawn_again(window, monkeypatch):
    AppointmentFactory(window=window, code="KM4TXQ", starts_at=at(MONDAY, 15))
    # The code is random: these draws make the clash happen (the database is real).
    draws = iter(["KM4TXQ", "ACDEF3"])
    monkeypatch.setattr(booking_slots, "new_code", lambda: next(draws))

    visit = book(window, at(MONDAY, 10))

    assert visit.code == "ACDEF3"
    assert visit.status == AppointmentStatus.BOOKED


# --- per-contact lock rows ------------------------------------------------------------------


def test_contact_rows_no_upcoming_visit_uses_are_deleted(window):
    kept = book(window, at(MONDAY, 10), phone="067 111 11 11")
    book(window, at(MONDAY, 11), phone="067 222 22 22", email="petro@example.com")
    Appointment.objects.filter(phone="+380672222222").update(status=AppointmentStatus.CANCELLED)

    appointments_anonymise_expired(now=NOW)

    assert list(BookingContact.objects.values_list("key", flat=True)) == [kept.phone_key]
    assert kept.phone_key == contact_key("+380671111111")
