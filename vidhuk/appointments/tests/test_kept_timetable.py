"""The booking steps keep what only staff change (the service and its settings, the office with
its windows, the weekly templates, the rules, the opening hours) under the centre's page version
(issue 15): a warm step reads the visits and little else, and every change made through the
services shows on the next step at once, with no wait for an expiry."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.appointments.services.schedules import (
    booking_policy_set,
    service_booking_set,
    working_intervals_set,
)
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.appointments.tests.test_views_public import url
from vidhuk.core.services import office_closure_set, window_save


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _time_url(centre, window, day=MONDAY):
    service = window.services.get()
    return url(
        "time", centre, service_id=service.pk, office_id=window.office.pk, day=day.isoformat()
    )


def _day_url(centre, window):
    service = window.services.get()
    return url("day", centre, service_id=service.pk, office_id=window.office.pk)


def _times(client, address) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200
    return [label for _value, label in response.context["form"].fields["time"].choices]


def test_a_warm_time_step_reads_only_the_centre_and_the_visits(client, centre, window):
    client.get(_time_url(centre, window))  # the first view reads and keeps the timetable

    with CaptureQueriesContext(connection) as captured:
        response = client.get(_time_url(centre, window))

    statements = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 200
    assert len(statements) <= 3, "\n".join(statements)  # the centre, the visits, the footer
    assert not [s for s in statements if "appointments_workinginterval" in s]
    assert not [s for s in statements if "core_openinghours" in s]


def test_a_visit_booked_meanwhile_leaves_the_kept_timetable_at_once(client, centre, window):
    address = _time_url(centre, window)
    assert "10:00" in _times(client, address)

    AppointmentFactory(window=window, service=window.services.get(), starts_at=at(MONDAY, 10))

    assert "10:00" not in _times(client, address)


def test_a_new_weekly_template_shows_on_the_next_view(client, centre, window):
    address = _time_url(centre, window)
    assert "09:00" in _times(client, address)

    week = {MONDAY.weekday(): [(dt.time(15), dt.time(16))]}
    working_intervals_set(centre=centre, office=window.office, window=window, week=week)

    times = _times(client, address)
    assert times[0] == "15:00"
    assert "09:00" not in times


def test_new_rules_show_on_the_next_view(client, centre, window):
    day_address = _day_url(centre, window)
    assert client.get(day_address).context["days"]

    booking_policy_set(
        centre=centre,
        horizon_days=1,
        min_notice_minutes=24 * 60,  # a day's notice: nothing left within the horizon today
        max_upcoming_per_contact=3,
        retention_days=30,
    )

    days = client.get(day_address).context["days"]
    assert [day for day, _count in days] == [MONDAY + dt.timedelta(days=1)]


def test_a_window_switched_off_is_no_longer_offered(client, centre, window):
    assert client.get(_day_url(centre, window)).status_code == 200

    window_save(
        centre=centre, office=window.office, number=window.number, is_active=False, window=window
    )

    assert client.get(_day_url(centre, window)).status_code == 404
    assert client.get(_time_url(centre, window)).status_code == 404


def test_a_service_taken_off_online_booking_is_no_longer_offered(client, centre, window):
    assert client.get(_day_url(centre, window)).status_code == 200

    service_booking_set(
        centre=centre, service=window.services.get(), slot_minutes=15, is_bookable_online=False
    )

    assert client.get(_day_url(centre, window)).status_code == 404


def test_an_office_closed_for_a_day_offers_no_times_that_day(client, centre, window):
    address = _time_url(centre, window)
    assert _times(client, address)

    office_closure_set(
        office=window.office, date=MONDAY, opens=None, closes=None, note="Ремонт", actor=None
    )

    assert not client.get(address).context["has_slots"]


def test_the_days_read_in_the_pages_language(client, centre, window):
    """The day list's labels: «Понеділок, 2 березня — …» in Ukrainian, «Monday, 2 March — …»
    in English (a capitalised first letter, the month's own capital kept)."""
    service = window.services.get()
    english = f"/en/{centre.slug}/booking/{service.pk}/{window.office.pk}/"

    ukrainian_page = client.get(_day_url(centre, window)).content.decode()
    english_page = client.get(english).content.decode()

    assert "Понеділок, 2 березня — " in ukrainian_page
    assert "Monday, 2 March — " in english_page
    assert ">Continue</button>" in english_page  # not «Resume» (a paused mailing's button)


def test_an_address_with_a_made_up_id_is_a_404_and_keeps_nothing(client, centre, window):
    from django.core.cache import caches

    service = window.services.get()
    made_up = [
        url("office", centre, service_id=service.pk + 1000),
        url("day", centre, service_id=service.pk, office_id=window.office.pk + 1000),
    ]
    for address in made_up:
        assert client.get(address).status_code == 404

    kept = caches["pages"]._cache  # the tests' page cache is process memory (LocMemCache)
    assert not [key for key in kept if "booking:service" in key and str(service.pk + 1000) in key]
    assert not [
        key for key in kept if "booking:office" in key and str(window.office.pk + 1000) in key
    ]
