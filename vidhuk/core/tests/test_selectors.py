import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vidhuk.core.models import OfficeClosure
from vidhuk.core.selectors import office_list_for_centre, office_open_state, office_week
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture(autouse=True)
def _monday_morning():
    """Upcoming special days are read relative to today: pin today to Monday 23 Nov 2026."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 7, 0, tzinfo=KYIV), tick=False):
        yield


@pytest.fixture
def office(centre):
    office = OfficeFactory(centre=centre)
    for weekday in range(5):  # Monday to Friday, 08:00–12:00 and 13:00–17:00
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(12))
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(13), closes=dt.time(17))
    return office


def _fresh(office):
    return office_list_for_centre(centre=office.centre).get(pk=office.pk)


def test_open_during_working_hours_until_the_break(office):
    monday_morning = dt.datetime(2026, 11, 23, 9, 30, tzinfo=KYIV)

    state = office_open_state(office=_fresh(office), at=monday_morning)

    assert state.is_open
    assert state.until == dt.time(12)


def test_closed_over_lunch_reopens_the_same_day(office):
    lunch = dt.datetime(2026, 11, 23, 12, 30, tzinfo=KYIV)

    state = office_open_state(office=_fresh(office), at=lunch)

    assert not state.is_open
    assert state.next_opening == dt.datetime(2026, 11, 23, 13, 0, tzinfo=KYIV)


def test_friday_evening_reopens_on_monday(office):
    friday_evening = dt.datetime(2026, 11, 27, 18, 0, tzinfo=KYIV)

    state = office_open_state(office=_fresh(office), at=friday_evening)

    assert not state.is_open
    assert state.next_opening == dt.datetime(2026, 11, 30, 8, 0, tzinfo=KYIV)


def test_a_special_closed_day_overrides_the_timetable(office):
    OfficeClosure.objects.create(office=office, date=dt.date(2026, 11, 24), note="Навчання")
    tuesday = dt.datetime(2026, 11, 24, 10, 0, tzinfo=KYIV)

    state = office_open_state(office=_fresh(office), at=tuesday)

    assert not state.is_open
    assert state.note == "Навчання"
    assert state.next_opening == dt.datetime(2026, 11, 25, 8, 0, tzinfo=KYIV)


def test_a_short_day_uses_its_own_hours(office):
    OfficeClosure.objects.create(
        office=office, date=dt.date(2026, 11, 24), opens=dt.time(10), closes=dt.time(14)
    )

    at_nine = office_open_state(office=_fresh(office), at=dt.datetime(2026, 11, 24, 9, tzinfo=KYIV))
    at_one = office_open_state(office=_fresh(office), at=dt.datetime(2026, 11, 24, 13, tzinfo=KYIV))

    assert (at_nine.is_open, at_nine.next_opening) == (
        False,
        dt.datetime(2026, 11, 24, 10, tzinfo=KYIV),
    )
    assert (at_one.is_open, at_one.until) == (True, dt.time(14))


def test_week_lists_every_day_with_weekend_closed(office):
    week = office_week(office=_fresh(office))

    assert [day.is_closed for day in week] == [False] * 5 + [True, True]
    assert week[0].intervals == [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))]
