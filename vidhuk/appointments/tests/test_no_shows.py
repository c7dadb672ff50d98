"""Visits nobody came to: past booked visits become no-shows once (the daily command reports
them), and the count of booked no-shows leaves out those who checked in."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.models import Appointment
from vidhuk.appointments.selectors import booked_no_show_count
from vidhuk.appointments.services.checkin import appointments_mark_no_shows
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


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
