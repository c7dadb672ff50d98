"""The one opening rule (``vidhuk.core.opening``) of the portal, booking, queue and kiosk."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.core.models import CalendarDay, Office, OfficeClosure
from vidhuk.core.opening import (
    AFTER_HOURS,
    CALENDAR,
    CLOSURE,
    DAY_OFF,
    HOLIDAY,
    SHORTENED,
    office_day_hours,
    office_opening_state,
    office_opening_states,
)
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory

KYIV = ZoneInfo("Europe/Kyiv")
UTC = dt.UTC

pytestmark = pytest.mark.django_db


def kyiv(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=KYIV)


def _with_weekday_hours(office: Office) -> Office:
    for weekday in range(5):  # Monday to Friday, 08:00–12:00 and 13:00–17:00
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(12))
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(13), closes=dt.time(17))
    return office


@pytest.fixture
def office(centre):
    return _with_weekday_hours(OfficeFactory(centre=centre))


@pytest.fixture
def holidays_counted(settings):
    """Public holidays as days off again, as when martial law ends."""
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False


# --- a working week ---------------------------------------------------------------------------


def test_open_on_a_weekday_until_the_break(office):
    state = office_opening_state(office=office, at=kyiv(2026, 11, 23, 9, 30))

    assert (state.is_open, state.until, state.reason) == (True, dt.time(12), "")
    assert state.today == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))


def test_closed_over_the_break_and_reopens_the_same_day(office):
    state = office_opening_state(office=office, at=kyiv(2026, 11, 23, 12, 30))

    assert (state.is_open, state.reason) == (False, AFTER_HOURS)
    assert state.next_opening == kyiv(2026, 11, 23, 13)


def test_closing_time_itself_is_closed(office):
    state = office_opening_state(office=office, at=kyiv(2026, 11, 23, 17, 0))

    assert not state.is_open
    assert state.next_opening == kyiv(2026, 11, 24, 8)


def test_friday_evening_reopens_on_monday(office):
    state = office_opening_state(office=office, at=kyiv(2026, 11, 27, 18))

    assert state.next_opening == kyiv(2026, 11, 30, 8)


def test_a_weekend_is_the_offices_day_off(office):
    state = office_opening_state(office=office, at=kyiv(2026, 11, 28, 10))

    assert (state.is_open, state.reason, state.day_off) == (False, DAY_OFF, "")


def test_an_office_without_hours_never_opens(centre):
    state = office_opening_state(office=OfficeFactory(centre=centre), at=kyiv(2026, 11, 23, 10))

    assert (state.is_open, state.next_opening, state.reason) == (False, None, DAY_OFF)


# --- the office's special days ----------------------------------------------------------------


def test_a_special_closed_day_closes_the_office_with_its_reason(office):
    OfficeClosure.objects.create(office=office, date=dt.date(2026, 11, 24), note="Навчання")

    state = office_opening_state(office=office, at=kyiv(2026, 11, 24, 10))

    assert (state.is_open, state.reason, state.note) == (False, CLOSURE, "Навчання")
    assert state.next_opening == kyiv(2026, 11, 25, 8)


def test_a_shortened_day_keeps_its_own_hours(office):
    OfficeClosure.objects.create(
        office=office,
        date=dt.date(2026, 11, 24),
        opens=dt.time(10),
        closes=dt.time(14),
        note="Скорочений день",
    )

    at_nine = office_opening_state(office=office, at=kyiv(2026, 11, 24, 9))
    at_one = office_opening_state(office=office, at=kyiv(2026, 11, 24, 13))
    at_three = office_opening_state(office=office, at=kyiv(2026, 11, 24, 15))
    at_six = office_opening_state(office=office, at=kyiv(2026, 11, 24, 18))

    # 09:00 and 15:00 are working hours any other Tuesday: closed because the day is shortened.
    assert (at_nine.is_open, at_nine.reason) == (False, SHORTENED)
    assert at_nine.next_opening == kyiv(2026, 11, 24, 10)
    assert (at_one.is_open, at_one.until, at_one.note) == (True, dt.time(14), "Скорочений день")
    assert (at_three.is_open, at_three.reason) == (False, SHORTENED)
    assert (at_six.reason, at_six.next_opening) == (AFTER_HOURS, kyiv(2026, 11, 25, 8))


def test_the_day_hours_for_booking_name_the_special_hours_and_the_week(office):
    OfficeClosure.objects.create(
        office=office, date=dt.date(2026, 11, 24), opens=dt.time(10), closes=dt.time(14)
    )

    day = office_day_hours(office=office, day=dt.date(2026, 11, 24))

    assert day.intervals == ((dt.time(10), dt.time(14)),)
    assert day.special == (dt.time(10), dt.time(14))
    assert day.weekly == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
    assert (day.closed, day.reason) == ("", "")


def test_the_next_opening_carries_that_days_note(office):
    OfficeClosure.objects.create(
        office=office,
        date=dt.date(2026, 11, 30),
        opens=dt.time(10),
        closes=dt.time(12),
        note="Оновлення",
    )

    state = office_opening_state(office=office, at=kyiv(2026, 11, 28, 10))

    assert (state.next_opening, state.note) == (kyiv(2026, 11, 30, 10), "Оновлення")


# --- public holidays and the centre's calendar ------------------------------------------------


def test_under_martial_law_a_public_holiday_is_a_working_day(office):
    # 1 January 2026, a Thursday: New Year's Day, worked while art. 73 is suspended.
    state = office_opening_state(office=office, at=kyiv(2026, 1, 1, 10))

    assert state.is_open


def test_a_public_holiday_closes_the_office_when_holidays_count(office, holidays_counted):
    state = office_opening_state(office=office, at=kyiv(2026, 1, 1, 10))

    assert (state.is_open, state.reason, state.day_off) == (False, HOLIDAY, HOLIDAY)
    assert state.next_opening == kyiv(2026, 1, 2, 8)
    assert office_day_hours(office=office, day=dt.date(2026, 1, 1)).closed == HOLIDAY


def test_a_holiday_beats_a_special_day_with_hours(office, holidays_counted):
    OfficeClosure.objects.create(
        office=office, date=dt.date(2026, 1, 1), opens=dt.time(9), closes=dt.time(12)
    )

    state = office_opening_state(office=office, at=kyiv(2026, 1, 1, 10))

    assert (state.is_open, state.reason) == (False, HOLIDAY)


def test_next_opening_skips_a_weekend_and_then_a_holiday(office, holidays_counted):
    # Friday 21 August 2026 evening; Monday 24 August is Independence Day.
    state = office_opening_state(office=office, at=kyiv(2026, 8, 21, 18))

    assert state.next_opening == kyiv(2026, 8, 25, 8)


def test_a_day_off_of_the_centres_calendar_closes_every_office(centre, office):
    CalendarDay.objects.create(centre=centre, date=dt.date(2026, 11, 23), is_working_day=False)

    state = office_opening_state(office=office, at=kyiv(2026, 11, 23, 10))

    assert (state.is_open, state.reason, state.day_off) == (False, CALENDAR, CALENDAR)
    assert state.next_opening == kyiv(2026, 11, 24, 8)


def test_a_transferred_working_day_of_the_centre_is_open(centre, office, holidays_counted):
    # 8 March 2026 is a Sunday, so Monday 9 March is the day off in its place; this centre works
    # it (its calendar says so) while another centre's office stays closed.
    CalendarDay.objects.create(centre=centre, date=dt.date(2026, 3, 9), is_working_day=True)
    elsewhere = _with_weekday_hours(OfficeFactory())

    states = office_opening_states(offices=[office, elsewhere], at=kyiv(2026, 3, 9, 10))

    assert states[office.pk].is_open
    assert (states[elsewhere.pk].is_open, states[elsewhere.pk].reason) == (False, HOLIDAY)


def test_another_centres_calendar_does_not_close_this_office(office, other_centre):
    CalendarDay.objects.create(
        centre=other_centre, date=dt.date(2026, 11, 23), is_working_day=False
    )

    assert office_opening_state(office=office, at=kyiv(2026, 11, 23, 10)).is_open


# --- summer time ------------------------------------------------------------------------------


def test_next_opening_across_the_switch_to_summer_time(office):
    # Clocks go forward on Sunday 29 March 2026: Monday's 08:00 is 05:00 UTC, not 06:00.
    state = office_opening_state(office=office, at=kyiv(2026, 3, 27, 18))

    assert state.next_opening == kyiv(2026, 3, 30, 8)
    assert state.next_opening.astimezone(UTC) == dt.datetime(2026, 3, 30, 5, tzinfo=UTC)


def test_hours_on_the_day_clocks_go_forward_are_wall_clock_hours(centre):
    sunday_office = OfficeFactory(centre=centre)
    OpeningHoursFactory(office=sunday_office, weekday=6, opens=dt.time(9), closes=dt.time(13))

    # 06:30 UTC on 29 March 2026 is 09:30 summer time: open.
    summer = office_opening_state(
        office=sunday_office, at=dt.datetime(2026, 3, 29, 6, 30, tzinfo=UTC)
    )
    # The same UTC moment a week before is 08:30 winter time: not yet.
    winter = office_opening_state(
        office=sunday_office, at=dt.datetime(2026, 3, 22, 6, 30, tzinfo=UTC)
    )

    assert (summer.is_open, summer.until) == (True, dt.time(13))
    assert (winter.is_open, winter.next_opening) == (False, kyiv(2026, 3, 22, 9))


# --- one read for many offices ----------------------------------------------------------------


def _queries(offices: list[Office]) -> int:
    with CaptureQueriesContext(connection) as captured:
        office_opening_states(offices=offices, at=kyiv(2026, 11, 23, 10))
    return len(captured)


def test_many_offices_cost_the_same_queries_as_one(centre):
    offices = [_with_weekday_hours(OfficeFactory(centre=centre)) for _ in range(5)]
    for office in offices:
        OfficeClosure.objects.create(office=office, date=dt.date(2026, 11, 24))

    # One statement: hours, special days and the calendar read together (core.readtogether).
    assert _queries(offices[:1]) == _queries(offices) == 1


def test_prefetched_hours_are_not_read_again(centre, office):
    offices = list(Office.objects.filter(centre=centre).prefetch_related("hours"))

    with CaptureQueriesContext(connection) as captured:
        office_opening_states(offices=offices, at=kyiv(2026, 11, 23, 10))

    # Special days and the calendar, in one statement; the hours come from the prefetch.
    assert len(captured) == 1
    assert "core_openinghours" not in captured[0]["sql"]
