"""Legal deadlines of appeals and information requests, worked out by hand.

Weekdays for reading the cases: 1 Jan 2026 is a Thursday, 2 Mar 2026 a Monday, 12 Apr 2026 (Easter)
and 31 May 2026 (Trinity) Sundays, 24 Aug 2026 a Monday; 1 Jan 2028 is a Saturday and 29 Feb 2028
a Tuesday. Kyiv is UTC+2 in winter and UTC+3 in summer; the clocks change on 29 Mar 2026 and
25 Oct 2026 at 01:00 UTC.
"""

import datetime as dt

import pytest

from vidhuk.appeals.deadlines import (
    KYIV,
    DayOffShift,
    appeal_deadline,
    appeal_extension_is_valid,
    appeal_max_extended_deadline,
    deadline_state,
    forward_deadline,
    info_request_deadline,
    info_request_extended_deadline,
    info_request_forward_deadline,
    return_noncompliant_deadline,
)
from vidhuk.core.tests.factories import CalendarDayFactory

D = dt.date


def kyiv(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=KYIV)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def holidays_suspended(settings):
    """Martial law as it stands: public holidays are working days."""
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = True


@pytest.fixture
def holidays_counted(settings):
    """A deployment that counts public holidays (with weekend transfers) as days off."""
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False


# --- appeals: 15 days without further study (Law on Citizens' Appeals art. 20) -----------------


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 17), id="monday-to-tuesday"),
        pytest.param(D(2026, 1, 31), D(2026, 2, 16), id="ends-on-sunday-moves-to-monday"),
        pytest.param(D(2026, 2, 14), D(2026, 3, 2), id="over-february-end-sunday-to-monday"),
        pytest.param(D(2028, 2, 14), D(2028, 2, 29), id="ends-on-leap-day"),
        pytest.param(D(2025, 12, 10), D(2025, 12, 25), id="christmas-is-worked"),
        pytest.param(D(2025, 12, 17), D(2026, 1, 1), id="new-year-is-worked"),
        pytest.param(D(2026, 8, 9), D(2026, 8, 24), id="independence-day-is-worked"),
        pytest.param(D(2026, 3, 28), D(2026, 4, 13), id="easter-sunday-to-monday"),
        pytest.param(D(2026, 5, 16), D(2026, 6, 1), id="trinity-sunday-to-monday"),
    ],
)
def test_appeal_without_study_under_martial_law(holidays_suspended, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert appeal_deadline(received_at=received_at, needs_study=False) == expected


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2025, 12, 10), D(2025, 12, 26), id="christmas-off"),
        pytest.param(D(2025, 12, 17), D(2026, 1, 2), id="new-year-off"),
        pytest.param(D(2026, 8, 9), D(2026, 8, 25), id="independence-day-off"),
        pytest.param(D(2026, 3, 28), D(2026, 4, 14), id="easter-and-its-monday-off"),
        pytest.param(D(2026, 5, 16), D(2026, 6, 2), id="trinity-and-its-monday-off"),
    ],
)
def test_appeal_without_study_with_holidays_counted(holidays_counted, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert appeal_deadline(received_at=received_at, needs_study=False) == expected


# --- appeals: one month when further study is needed ------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2026, 3, 10), D(2026, 4, 10), id="same-date-next-month"),
        pytest.param(D(2026, 1, 31), D(2026, 3, 2), id="31-jan-to-28-feb-saturday-to-monday"),
        pytest.param(D(2026, 1, 30), D(2026, 3, 2), id="30-jan-to-28-feb-saturday-to-monday"),
        pytest.param(D(2027, 1, 31), D(2027, 3, 1), id="31-jan-to-28-feb-sunday-to-monday"),
        pytest.param(D(2028, 1, 31), D(2028, 2, 29), id="31-jan-leap-year"),
        pytest.param(D(2028, 1, 30), D(2028, 2, 29), id="30-jan-leap-year"),
        pytest.param(D(2028, 1, 29), D(2028, 2, 29), id="29-jan-leap-year"),
        pytest.param(D(2028, 2, 29), D(2028, 3, 29), id="from-leap-day"),
        pytest.param(D(2026, 2, 28), D(2026, 3, 30), id="28-feb-to-28-mar-saturday"),
        pytest.param(D(2026, 3, 31), D(2026, 4, 30), id="31-mar-to-30-apr"),
        pytest.param(D(2026, 5, 31), D(2026, 6, 30), id="31-may-to-30-jun"),
        pytest.param(D(2026, 8, 31), D(2026, 9, 30), id="31-aug-to-30-sep"),
        pytest.param(D(2026, 10, 31), D(2026, 11, 30), id="31-oct-to-30-nov"),
        pytest.param(D(2026, 12, 31), D(2027, 2, 1), id="31-dec-to-31-jan-sunday"),
        pytest.param(D(2026, 12, 1), D(2027, 1, 1), id="new-year-is-worked"),
    ],
)
def test_appeal_with_study_ends_a_month_later(holidays_suspended, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert appeal_deadline(received_at=received_at, needs_study=True) == expected


@pytest.mark.parametrize(
    ("day_off_shift", "expected"),
    [
        pytest.param(DayOffShift.NEXT, D(2026, 3, 2), id="next-working-day"),
        pytest.param(DayOffShift.PREVIOUS, D(2026, 2, 27), id="previous-working-day"),
        pytest.param(DayOffShift.NONE, D(2026, 2, 28), id="no-shift"),
    ],
)
def test_a_deadline_on_a_saturday_moves_as_configured(holidays_suspended, day_off_shift, expected):
    deadline = appeal_deadline(
        received_at=kyiv(2026, 1, 31, 10), needs_study=True, day_off_shift=day_off_shift
    )

    assert deadline == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        pytest.param("next", D(2026, 3, 2), id="next"),
        pytest.param("previous", D(2026, 2, 27), id="previous"),
        pytest.param("none", D(2026, 2, 28), id="none"),
    ],
)
def test_the_day_off_shift_setting(holidays_suspended, settings, setting, expected):
    settings.VIDHUK_APPEAL_DAY_OFF_SHIFT = setting

    assert appeal_deadline(received_at=kyiv(2026, 1, 31, 10), needs_study=True) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("is_working", "day", "expected"),
    [
        pytest.param(True, D(2026, 2, 28), D(2026, 2, 28), id="centre-works-that-saturday"),
        pytest.param(False, D(2026, 3, 2), D(2026, 3, 3), id="centre-closed-on-the-monday"),
    ],
)
def test_the_shift_follows_the_centre_calendar(
    holidays_suspended, centre, is_working, day, expected
):
    CalendarDayFactory(centre=centre, date=day, is_working_day=is_working)

    deadline = appeal_deadline(received_at=kyiv(2026, 1, 31, 10), needs_study=True, centre=centre)

    assert deadline == expected


# --- the day of receipt is the date in Kyiv ----------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "needs_study", "expected"),
    [
        pytest.param(utc(2026, 3, 1, 21, 59, 59), False, D(2026, 3, 16), id="winter-23:59:59"),
        pytest.param(utc(2026, 3, 1, 22, 0, 0), False, D(2026, 3, 17), id="winter-00:00"),
        pytest.param(utc(2026, 6, 30, 20, 59, 59), False, D(2026, 7, 15), id="summer-23:59:59"),
        pytest.param(utc(2026, 6, 30, 21, 0, 0), False, D(2026, 7, 16), id="summer-00:00"),
        pytest.param(utc(2025, 12, 31, 21, 59, 59), False, D(2026, 1, 15), id="new-years-eve"),
        pytest.param(utc(2025, 12, 31, 22, 0, 0), False, D(2026, 1, 16), id="new-years-day"),
        pytest.param(utc(2026, 3, 28, 21, 59, 59), True, D(2026, 4, 28), id="eve-of-spring-dst"),
        pytest.param(utc(2026, 3, 28, 22, 0, 0), True, D(2026, 4, 29), id="spring-dst-day"),
        pytest.param(utc(2026, 10, 24, 20, 59, 59), True, D(2026, 11, 24), id="eve-of-autumn-dst"),
        pytest.param(utc(2026, 10, 24, 21, 0, 0), True, D(2026, 11, 25), id="autumn-dst-day"),
    ],
)
def test_receipt_is_counted_by_the_kyiv_date(
    holidays_suspended, received_at, needs_study, expected
):
    assert appeal_deadline(received_at=received_at, needs_study=needs_study) == expected


def test_a_naive_receipt_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        appeal_deadline(received_at=dt.datetime(2026, 3, 2, 10), needs_study=False)  # noqa: DTZ001


# --- appeals: extension, at most 45 days in total ----------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 4, 16), id="thursday"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 16), id="sunday-to-monday"),
        pytest.param(D(2028, 1, 15), D(2028, 2, 29), id="leap-day"),
        pytest.param(D(2026, 12, 31), D(2027, 2, 15), id="over-new-year-sunday-to-monday"),
    ],
)
def test_appeal_max_extended_deadline_is_45_days(holidays_suspended, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert appeal_max_extended_deadline(received_at=received_at) == expected


@pytest.mark.parametrize(
    ("received_on", "new_deadline", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 20), False, id="within-the-month"),
        pytest.param(D(2026, 3, 2), D(2026, 4, 2), False, id="the-month-deadline-itself"),
        pytest.param(D(2026, 3, 2), D(2026, 4, 3), True, id="the-day-after-the-month"),
        pytest.param(D(2026, 3, 2), D(2026, 4, 16), True, id="the-45th-day"),
        pytest.param(D(2026, 3, 2), D(2026, 4, 17), False, id="the-46th-day"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 2), False, id="month-moved-to-monday"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 3), True, id="after-the-moved-month"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 16), True, id="45th-day-moved-to-monday"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 17), False, id="after-the-moved-45th-day"),
    ],
)
def test_appeal_extension_is_valid(holidays_suspended, received_on, new_deadline, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert appeal_extension_is_valid(received_at=received_at, new_deadline=new_deadline) is expected


# --- appeals: returning (10 days) and forwarding (5 days), art. 7 ------------------------------


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 12), id="thursday"),
        pytest.param(D(2026, 2, 19), D(2026, 3, 2), id="sunday-1-mar-to-monday"),
        pytest.param(D(2026, 2, 20), D(2026, 3, 2), id="non-leap-february"),
        pytest.param(D(2028, 2, 20), D(2028, 3, 1), id="leap-february"),
        pytest.param(D(2025, 12, 27), D(2026, 1, 6), id="over-new-year"),
    ],
)
def test_return_noncompliant_deadline_is_10_days(holidays_suspended, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert return_noncompliant_deadline(received_at=received_at) == expected


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 9), id="saturday-to-monday"),
        pytest.param(D(2026, 2, 19), D(2026, 2, 24), id="tuesday"),
        pytest.param(D(2026, 2, 20), D(2026, 2, 25), id="wednesday"),
        pytest.param(D(2028, 2, 20), D(2028, 2, 25), id="friday"),
        pytest.param(D(2025, 12, 27), D(2026, 1, 1), id="new-year-is-worked"),
    ],
)
def test_forward_deadline_is_5_days(holidays_suspended, received_on, expected):
    received_at = kyiv(received_on.year, received_on.month, received_on.day, 10)

    assert forward_deadline(received_at=received_at) == expected


def test_forward_deadline_with_holidays_counted(holidays_counted):
    assert forward_deadline(received_at=kyiv(2025, 12, 27, 10)) == D(2026, 1, 2)


def test_forward_deadline_without_shift_stays_on_the_saturday(holidays_suspended):
    deadline = forward_deadline(received_at=kyiv(2026, 3, 2, 10), day_off_shift=DayOffShift.NONE)

    assert deadline == D(2026, 3, 7)


# --- information requests: 5 working days, 48 hours when urgent (Law 2939-VI art. 20) ----------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        pytest.param(kyiv(2026, 3, 2, 10), kyiv(2026, 3, 9, 23, 59, 59), id="monday"),
        pytest.param(kyiv(2026, 3, 6, 15), kyiv(2026, 3, 13, 23, 59, 59), id="friday"),
        pytest.param(kyiv(2026, 3, 7, 12), kyiv(2026, 3, 13, 23, 59, 59), id="saturday"),
        pytest.param(kyiv(2026, 8, 20, 10), kyiv(2026, 8, 27, 23, 59, 59), id="independence-day"),
        pytest.param(kyiv(2025, 12, 22, 10), kyiv(2025, 12, 29, 23, 59, 59), id="christmas"),
        pytest.param(kyiv(2025, 12, 29, 10), kyiv(2026, 1, 5, 23, 59, 59), id="new-year"),
        pytest.param(utc(2026, 3, 5, 21, 59, 59), kyiv(2026, 3, 12, 23, 59, 59), id="thu-23:59"),
        pytest.param(utc(2026, 3, 5, 22, 0, 0), kyiv(2026, 3, 13, 23, 59, 59), id="fri-00:00"),
    ],
)
def test_info_request_deadline_under_martial_law(holidays_suspended, centre, received_at, expected):
    assert (
        info_request_deadline(received_at=received_at, is_urgent=False, centre=centre) == expected
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        pytest.param(kyiv(2026, 8, 20, 10), kyiv(2026, 8, 28, 23, 59, 59), id="independence-day"),
        pytest.param(kyiv(2025, 12, 22, 10), kyiv(2025, 12, 30, 23, 59, 59), id="christmas"),
        pytest.param(kyiv(2025, 12, 29, 10), kyiv(2026, 1, 6, 23, 59, 59), id="new-year"),
    ],
)
def test_info_request_deadline_with_holidays_counted(
    holidays_counted, centre, received_at, expected
):
    assert (
        info_request_deadline(received_at=received_at, is_urgent=False, centre=centre) == expected
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param([], D(2026, 3, 12), id="no-overrides"),
        pytest.param([(D(2026, 3, 7), True)], D(2026, 3, 11), id="working-saturday"),
        pytest.param([(D(2026, 3, 9), False)], D(2026, 3, 13), id="closed-monday"),
        pytest.param([(D(2026, 3, 7), True), (D(2026, 3, 9), False)], D(2026, 3, 12), id="both"),
    ],
)
def test_info_request_deadline_follows_the_centre_calendar(
    holidays_suspended, centre, other_centre, overrides, expected
):
    for day, is_working in overrides:
        CalendarDayFactory(centre=centre, date=day, is_working_day=is_working)
    received_at = kyiv(2026, 3, 5, 10)  # Thursday

    deadline = info_request_deadline(received_at=received_at, is_urgent=False, centre=centre)
    other = info_request_deadline(received_at=received_at, is_urgent=False, centre=other_centre)

    assert deadline == kyiv(expected.year, expected.month, expected.day, 23, 59, 59)
    assert other == kyiv(2026, 3, 12, 23, 59, 59)


def test_info_request_deadline_is_kyiv_end_of_day(holidays_suspended):
    deadline = info_request_deadline(received_at=kyiv(2026, 3, 2, 10), is_urgent=False, centre=None)

    assert deadline.tzinfo == KYIV
    assert deadline.utcoffset() == dt.timedelta(hours=2)
    assert deadline.time() == dt.time(23, 59, 59)


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        pytest.param(kyiv(2026, 3, 6, 10), kyiv(2026, 3, 8, 10), id="friday-to-sunday"),
        pytest.param(kyiv(2026, 3, 7, 18, 30), kyiv(2026, 3, 9, 18, 30), id="saturday-to-monday"),
        pytest.param(kyiv(2025, 12, 31, 23, 30), kyiv(2026, 1, 2, 23, 30), id="over-new-year"),
        pytest.param(utc(2026, 3, 6, 8), utc(2026, 3, 8, 8), id="given-in-utc"),
        pytest.param(kyiv(2026, 3, 27, 12), kyiv(2026, 3, 29, 13), id="spring-dst-loses-an-hour"),
        pytest.param(kyiv(2026, 10, 23, 12), kyiv(2026, 10, 25, 11), id="autumn-dst-gains-an-hour"),
    ],
)
def test_urgent_info_request_is_48_real_hours(received_at, expected):
    deadline = info_request_deadline(received_at=received_at, is_urgent=True, centre=None)

    assert deadline == expected
    assert deadline.astimezone(dt.UTC) - received_at.astimezone(dt.UTC) == dt.timedelta(hours=48)


@pytest.mark.django_db
def test_urgent_info_request_ignores_the_centre_calendar(centre):
    CalendarDayFactory(centre=centre, date=D(2026, 3, 7), is_working_day=True)

    deadline = info_request_deadline(
        received_at=kyiv(2026, 3, 6, 10), is_urgent=True, centre=centre
    )

    assert deadline == kyiv(2026, 3, 8, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("suspended", "received_at", "expected"),
    [
        pytest.param(True, kyiv(2026, 3, 16, 10), D(2026, 4, 13), id="over-a-month"),
        pytest.param(False, kyiv(2026, 3, 16, 10), D(2026, 4, 14), id="over-a-month-easter-off"),
        pytest.param(True, kyiv(2025, 12, 17, 10), D(2026, 1, 14), id="over-new-year"),
        pytest.param(False, kyiv(2025, 12, 17, 10), D(2026, 1, 16), id="over-new-year-off"),
    ],
)
def test_info_request_extended_deadline_is_20_working_days(
    settings, centre, suspended, received_at, expected
):
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = suspended

    deadline = info_request_extended_deadline(received_at=received_at, centre=centre)

    assert deadline == kyiv(expected.year, expected.month, expected.day, 23, 59, 59)


@pytest.mark.django_db
def test_info_request_extended_deadline_takes_one_query(
    holidays_suspended, centre, django_assert_max_num_queries
):
    CalendarDayFactory(centre=centre, date=D(2026, 4, 13), is_working_day=False)

    with django_assert_max_num_queries(1):
        deadline = info_request_extended_deadline(received_at=kyiv(2026, 3, 16, 10), centre=centre)

    assert deadline == kyiv(2026, 4, 14, 23, 59, 59)


# --- the state of a deadline -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(kyiv(2026, 3, 1, 9), "ok", id="long-before"),
        pytest.param(kyiv(2026, 3, 10, 23, 59, 59), "ok", id="four-days-left"),
        pytest.param(kyiv(2026, 3, 11, 0, 0, 0), "due_soon", id="three-days-left"),
        pytest.param(kyiv(2026, 3, 13, 9), "due_soon", id="on-the-day"),
        pytest.param(kyiv(2026, 3, 13, 23, 59, 59), "due_soon", id="last-second"),
        pytest.param(kyiv(2026, 3, 14, 0, 0, 0), "overdue", id="next-day"),
        pytest.param(utc(2026, 3, 13, 21, 59, 59), "due_soon", id="utc-still-the-day-in-kyiv"),
        pytest.param(utc(2026, 3, 13, 22, 0, 0), "overdue", id="utc-next-day-in-kyiv"),
        pytest.param(kyiv(2026, 5, 1, 9), "overdue", id="long-after"),
    ],
)
def test_deadline_state_of_a_date(now, expected):
    assert deadline_state(deadline=D(2026, 3, 13), now=now) == expected


@pytest.mark.parametrize(
    ("now", "soon_days", "expected"),
    [
        pytest.param(kyiv(2026, 3, 13, 0), 0, "ok", id="zero-never-soon"),
        pytest.param(kyiv(2026, 3, 12, 23, 59, 59), 1, "ok", id="one-day-before"),
        pytest.param(kyiv(2026, 3, 13, 0), 1, "due_soon", id="one-on-the-day"),
        pytest.param(kyiv(2026, 3, 6, 23, 59, 59), 7, "ok", id="seven-eight-days-left"),
        pytest.param(kyiv(2026, 3, 7, 0), 7, "due_soon", id="seven-seven-days-left"),
    ],
)
def test_deadline_state_soon_days(now, soon_days, expected):
    assert deadline_state(deadline=D(2026, 3, 13), now=now, soon_days=soon_days) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(kyiv(2026, 3, 28, 23, 59, 59), "ok", id="four-days-left"),
        pytest.param(kyiv(2026, 3, 29, 0, 0, 0), "due_soon", id="three-days-left-on-dst-day"),
    ],
)
def test_deadline_state_of_a_date_counts_days_not_hours_over_dst(now, expected):
    assert deadline_state(deadline=D(2026, 3, 31), now=now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(kyiv(2026, 3, 10, 23, 59, 58), "ok", id="a-second-over-three-days"),
        pytest.param(kyiv(2026, 3, 10, 23, 59, 59), "due_soon", id="exactly-three-days"),
        pytest.param(kyiv(2026, 3, 13, 23, 59, 59), "due_soon", id="at-the-deadline"),
        pytest.param(kyiv(2026, 3, 14, 0, 0, 0), "overdue", id="a-second-after"),
    ],
)
def test_deadline_state_of_a_moment(now, expected):
    assert deadline_state(deadline=kyiv(2026, 3, 13, 23, 59, 59), now=now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(kyiv(2026, 3, 26, 10, 59, 59), "ok", id="72-real-hours-and-a-second"),
        pytest.param(kyiv(2026, 3, 26, 11, 0, 0), "due_soon", id="72-real-hours"),
    ],
)
def test_deadline_state_of_a_moment_counts_real_hours_over_dst(now, expected):
    # 29 Mar 12:00 Kyiv (UTC+3) is 09:00 UTC; 26 Mar 11:00 Kyiv (UTC+2) is 09:00 UTC too.
    assert deadline_state(deadline=kyiv(2026, 3, 29, 12), now=now) == expected


def test_deadline_state_refuses_a_naive_now():
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_state(deadline=D(2026, 3, 13), now=dt.datetime(2026, 3, 13, 10))  # noqa: DTZ001


def test_a_request_for_information_is_forwarded_within_five_working_days(db):
    # received on Thursday 03.12.2026: Fri 4, Mon 7, Tue 8, Wed 9, Thu 10
    received = dt.datetime(2026, 12, 3, 9, 30, tzinfo=KYIV)

    last_day = info_request_forward_deadline(received_at=received, centre=None)

    assert last_day == dt.date(2026, 12, 10)
