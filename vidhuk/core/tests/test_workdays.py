"""The working-day calendar. Weekdays of 2026 for reading the cases: 1 January is a Thursday,
2 March a Monday, 12 April (Easter) and 31 May (Trinity) Sundays, 24 August a Monday."""

import datetime as dt

import pytest
from django.db import IntegrityError

from vidhuk.core.models import CalendarDay
from vidhuk.core.tests.factories import CalendarDayFactory
from vidhuk.core.workdays import (
    add_working_days,
    is_working_day,
    national_days_off,
    working_days_between,
)

D = dt.date


@pytest.fixture
def holidays_suspended(settings):
    """Martial law as it stands: public holidays are working days."""
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = True


@pytest.fixture
def holidays_counted(settings):
    """A deployment that counts public holidays (with weekend transfers) as days off."""
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False


# --- the national calendar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 3, 6), True, id="friday"),
        pytest.param(D(2026, 3, 7), False, id="saturday"),
        pytest.param(D(2026, 3, 8), False, id="sunday"),
        pytest.param(D(2026, 3, 9), True, id="monday"),
    ],
)
def test_weekends_are_days_off(holidays_suspended, day, expected):
    assert is_working_day(day) is expected


def test_the_setting_defaults_to_holidays_suspended(settings):
    del settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED

    assert is_working_day(D(2026, 8, 24)) is True


HOLIDAYS_ON_WEEKDAYS_2025_2026 = [
    pytest.param(D(2026, 1, 1), id="new-year-thursday"),
    pytest.param(D(2025, 12, 25), id="christmas-thursday"),
    pytest.param(D(2026, 5, 1), id="labour-day-friday"),
    pytest.param(D(2026, 7, 15), id="statehood-day-wednesday"),
    pytest.param(D(2026, 8, 24), id="independence-day-monday"),
    pytest.param(D(2026, 10, 1), id="defenders-day-thursday"),
    pytest.param(D(2026, 12, 25), id="christmas-friday"),
]

WEEKEND_HOLIDAY_TRANSFERS_2026 = [
    pytest.param(D(2026, 3, 9), id="womens-day-sunday-to-monday"),
    pytest.param(D(2026, 4, 13), id="easter-sunday-to-monday"),
    pytest.param(D(2026, 6, 1), id="trinity-sunday-to-monday"),
    pytest.param(D(2026, 6, 29), id="constitution-day-sunday-to-monday"),
]


@pytest.mark.parametrize("day", HOLIDAYS_ON_WEEKDAYS_2025_2026 + WEEKEND_HOLIDAY_TRANSFERS_2026)
def test_under_martial_law_holidays_and_their_transfers_are_working_days(holidays_suspended, day):
    assert is_working_day(day) is True


@pytest.mark.parametrize("day", HOLIDAYS_ON_WEEKDAYS_2025_2026 + WEEKEND_HOLIDAY_TRANSFERS_2026)
def test_with_holidays_counted_holidays_and_their_transfers_are_days_off(holidays_counted, day):
    assert is_working_day(day) is False


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(D(2026, 4, 12), id="easter-sunday"),
        pytest.param(D(2026, 5, 31), id="trinity-sunday"),
    ],
)
@pytest.mark.parametrize("suspended", [True, False], ids=["suspended", "counted"])
def test_sunday_holidays_are_days_off_either_way(settings, day, suspended):
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = suspended

    assert is_working_day(day) is False


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2021, 8, 23), False, id="2021-substituted-day-off"),
        pytest.param(D(2021, 8, 24), False, id="2021-independence-day"),
        pytest.param(D(2022, 1, 3), False, id="2022-new-year-transfer-before-the-war"),
        pytest.param(D(2022, 3, 8), False, id="2022-womens-day-before-the-law"),
        pytest.param(D(2022, 6, 28), True, id="2022-constitution-day-worked"),
        pytest.param(D(2022, 8, 24), True, id="2022-independence-day-worked"),
    ],
)
def test_the_package_suspends_holidays_from_spring_2022(holidays_suspended, day, expected):
    assert is_working_day(day) is expected


def test_national_holidays_are_computed_once_per_year(holidays_suspended):
    assert national_days_off(2026) is national_days_off(2026)


# --- a centre's overrides --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_centre_can_work_on_a_saturday(holidays_suspended, centre, other_centre):
    CalendarDayFactory(centre=centre, date=D(2026, 3, 7), is_working_day=True)

    assert is_working_day(D(2026, 3, 7), centre=centre) is True
    assert is_working_day(D(2026, 3, 7), centre=other_centre) is False
    assert is_working_day(D(2026, 3, 7)) is False


@pytest.mark.django_db
def test_a_centre_can_close_on_a_monday(holidays_suspended, centre, other_centre):
    CalendarDayFactory(centre=centre, date=D(2026, 3, 9), is_working_day=False)

    assert is_working_day(D(2026, 3, 9), centre=centre) is False
    assert is_working_day(D(2026, 3, 9), centre=other_centre) is True


@pytest.mark.django_db
def test_a_centre_override_beats_a_national_holiday(holidays_counted, centre):
    CalendarDayFactory(centre=centre, date=D(2026, 1, 1), is_working_day=True)

    assert is_working_day(D(2026, 1, 1), centre=centre) is True
    assert is_working_day(D(2026, 1, 1)) is False


@pytest.mark.django_db
def test_a_centre_has_one_calendar_row_per_date(centre, other_centre):
    CalendarDayFactory(centre=centre, date=D(2026, 3, 7))
    CalendarDayFactory(centre=other_centre, date=D(2026, 3, 7))

    with pytest.raises(IntegrityError):
        CalendarDayFactory(centre=centre, date=D(2026, 3, 7), is_working_day=False)


@pytest.mark.parametrize(
    ("is_working", "expected"),
    [
        pytest.param(True, "07.03.2026 — робочий", id="working"),
        pytest.param(False, "07.03.2026 — неробочий", id="non-working"),
    ],
)
def test_calendar_day_reads_as_date_and_kind(is_working, expected):
    assert str(CalendarDay(date=D(2026, 3, 7), is_working_day=is_working)) == expected


# --- adding working days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2026, 3, 2), 0, D(2026, 3, 2), id="zero-days-is-the-start"),
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="friday-plus-1-skips-the-weekend"),
        pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="saturday-plus-1"),
        pytest.param(D(2026, 3, 8), 5, D(2026, 3, 13), id="sunday-plus-5"),
        pytest.param(D(2026, 3, 2), 5, D(2026, 3, 9), id="monday-plus-5"),
        pytest.param(D(2026, 2, 27), 1, D(2026, 3, 2), id="over-the-month-end"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 1), id="new-year-is-worked"),
        pytest.param(D(2025, 12, 24), 1, D(2025, 12, 25), id="christmas-is-worked"),
        pytest.param(D(2026, 8, 21), 1, D(2026, 8, 24), id="independence-day-is-worked"),
        pytest.param(D(2026, 3, 16), 20, D(2026, 4, 13), id="20-days-over-month-and-easter"),
        pytest.param(D(2028, 2, 25), 3, D(2028, 3, 1), id="leap-february"),
    ],
)
def test_add_working_days_under_martial_law(holidays_suspended, start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 2), id="new-year-off"),
        pytest.param(D(2025, 12, 24), 1, D(2025, 12, 26), id="christmas-off"),
        pytest.param(D(2026, 8, 21), 1, D(2026, 8, 25), id="independence-day-off"),
        pytest.param(D(2026, 3, 16), 20, D(2026, 4, 14), id="20-days-easter-monday-off"),
        pytest.param(D(2026, 5, 29), 1, D(2026, 6, 2), id="trinity-monday-off"),
    ],
)
def test_add_working_days_with_holidays_counted(holidays_counted, start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "days", "expected"),
    [
        pytest.param([], 1, D(2026, 3, 9), id="no-overrides"),
        pytest.param([(D(2026, 3, 7), True)], 1, D(2026, 3, 7), id="working-saturday"),
        pytest.param([(D(2026, 3, 9), False)], 1, D(2026, 3, 10), id="closed-monday"),
        pytest.param(
            [(D(2026, 3, 7), True), (D(2026, 3, 9), False)],
            2,
            D(2026, 3, 10),
            id="saturday-for-monday",
        ),
    ],
)
def test_add_working_days_follows_the_centre_calendar(
    holidays_suspended, centre, overrides, days, expected
):
    for day, is_working in overrides:
        CalendarDayFactory(centre=centre, date=day, is_working_day=is_working)

    assert add_working_days(D(2026, 3, 6), days, centre=centre) == expected


@pytest.mark.django_db
def test_add_working_days_through_a_long_closure(holidays_suspended, centre):
    closed = [D(2026, 3, 9) + dt.timedelta(days=n) for n in range(53)]  # 9 March – 30 April
    CalendarDay.objects.bulk_create(
        CalendarDay(centre=centre, date=day, is_working_day=False) for day in closed
    )

    assert add_working_days(D(2026, 3, 6), 1, centre=centre) == D(2026, 5, 1)


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 3, 2), -1)


@pytest.mark.django_db
def test_sixty_working_days_of_a_centre_take_one_query(
    holidays_suspended, centre, django_assert_max_num_queries
):
    CalendarDayFactory(centre=centre, date=D(2026, 1, 10), is_working_day=True)
    CalendarDayFactory(centre=centre, date=D(2026, 2, 16), is_working_day=False)

    with django_assert_max_num_queries(1):
        last_day = add_working_days(D(2026, 1, 2), 60, centre=centre)

    # 60 weekdays after Fri 2 Jan end on Fri 27 Mar; the Saturday and the closed Monday cancel out.
    assert last_day == D(2026, 3, 27)


@pytest.mark.django_db
def test_the_national_calendar_takes_no_query(holidays_suspended, django_assert_num_queries):
    with django_assert_num_queries(0):
        add_working_days(D(2026, 1, 2), 60)


# --- counting working days -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 2), 0, id="same-day"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 3), 1, id="next-day"),
        pytest.param(D(2026, 3, 6), D(2026, 3, 8), 0, id="over-a-weekend"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 9), 5, id="a-week"),
        pytest.param(D(2026, 3, 9), D(2026, 3, 2), -5, id="backwards"),
        pytest.param(D(2026, 3, 16), D(2026, 4, 13), 20, id="over-a-month"),
        pytest.param(D(2025, 12, 31), D(2026, 1, 2), 2, id="over-new-year"),
    ],
)
def test_working_days_between(holidays_suspended, start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.django_db
def test_working_days_between_follows_the_centre_calendar(
    holidays_suspended, centre, django_assert_max_num_queries
):
    CalendarDayFactory(centre=centre, date=D(2026, 3, 7), is_working_day=True)
    CalendarDayFactory(centre=centre, date=D(2026, 3, 10), is_working_day=False)

    with django_assert_max_num_queries(1):
        count = working_days_between(D(2026, 3, 6), D(2026, 3, 13), centre=centre)

    assert count == 5  # Sat 7, Mon 9, Wed 11, Thu 12, Fri 13


@pytest.mark.parametrize("days", [0, 1, 5, 20, 45, 60, 250])
def test_counting_undoes_adding(holidays_counted, days):
    start = D(2025, 12, 17)

    assert working_days_between(start, add_working_days(start, days)) == days


def test_a_centres_new_day_off_moves_the_next_deadline_at_once(centre):
    """The centre's calendar is kept between requests (no query per deadline): a day set or
    removed by staff counts from the next deadline on."""
    from vidhuk.core.services import calendar_day_delete, calendar_day_set

    friday = dt.date(2026, 3, 6)
    assert add_working_days(dt.date(2026, 3, 2), 4, centre=centre) == friday  # kept now

    day = calendar_day_set(
        centre=centre, date=dt.date(2026, 3, 4), is_working_day=False, note="Ремонт", actor=None
    )
    assert add_working_days(dt.date(2026, 3, 2), 4, centre=centre) == dt.date(2026, 3, 9)
    assert not is_working_day(dt.date(2026, 3, 4), centre=centre)

    calendar_day_delete(day=day, actor=None)
    assert add_working_days(dt.date(2026, 3, 2), 4, centre=centre) == friday
