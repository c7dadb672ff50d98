"""The working-day calendar: weekends, Ukraine's public holidays and each centre's exceptions.

A day is a working day unless it is a Saturday or a Sunday or a national day off; a centre's
``CalendarDay`` row overrides both (a working Saturday on transfer, a local non-working day).

Martial law (since 24.02.2022): art. 6 of Law 2136-IX «Про організацію трудових відносин в умовах
воєнного стану» suspends art. 73 of the Labour Code (holidays and non-working days), so there are
no holiday days off and no weekend transfers (art. 67 part 3) either. The ``holidays``
package models this: its ``PUBLIC`` category is empty from 2023 on (and from Easter 2022), and the
suspended holidays are listed under its ``WORKDAY`` category. The setting
``VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED`` (default ``True``) follows that; set it to ``False`` to
count those holidays, with the art. 67 transfer, as days off again.
See docs/decisions/0003-legal-deadlines.md.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings
from holidays.constants import PUBLIC, WORKDAY

from .models import CalendarDay, Centre
from .pagecache import public_value

MARTIAL_LAW_HOLIDAYS_SUSPENDED_DEFAULT = True

_SATURDAY = 5
# Wide enough that the overrides of a term are loaded in one query in practice: five working days
# a week, plus room for holidays and a centre's non-working days.
_WINDOW_MARGIN_DAYS = 14


def is_working_day(day: dt.date, *, centre: Centre | None = None) -> bool:
    """Whether ``day`` is a working day in ``centre`` (or nationally when no centre is given)."""
    overrides = _centre_overrides(centre, after=day - dt.timedelta(days=1), until=day)
    return _is_working(day, overrides)


def add_working_days(start: dt.date, days: int, *, centre: Centre | None = None) -> dt.date:
    """The date of the ``days``-th working day after ``start``; ``start`` itself is not counted.

    As art. 253 of the Civil Code puts it, a term starts on the day after the event, so a request
    received on Friday has its 5 working days on Monday to Friday of the next week. ``days=0``
    returns ``start``. One query for the centre's overrides (rarely a second one, when a centre has
    so many non-working days that the first window is not enough).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted = start, 0
    while counted < days:
        window_end = day + dt.timedelta(days=2 * (days - counted) + _WINDOW_MARGIN_DAYS)
        overrides = _centre_overrides(centre, after=day, until=window_end)
        while counted < days and day < window_end:
            day += dt.timedelta(days=1)
            if _is_working(day, overrides):
                counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, *, centre: Centre | None = None) -> int:
    """How many working days fall after ``start`` up to and including ``end``.

    The inverse of ``add_working_days``: ``working_days_between(s, add_working_days(s, n)) == n``.
    Negative when ``end`` is before ``start`` (the days already past a deadline).
    """
    if end < start:
        return -working_days_between(end, start, centre=centre)
    overrides = _centre_overrides(centre, after=start, until=end)
    span = (end - start).days
    return sum(_is_working(start + dt.timedelta(days=n), overrides) for n in range(1, span + 1))


def holidays_suspended() -> bool:
    """Whether public holidays are working days (martial law); the deployment's setting."""
    return bool(
        getattr(
            settings,
            "VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED",
            MARTIAL_LAW_HOLIDAYS_SUSPENDED_DEFAULT,
        )
    )


def national_days_off(year: int) -> frozenset[dt.date]:
    """Ukraine's public holidays (and transferred days off) of ``year`` that are not worked."""
    return _national_days_off(year, suspended=holidays_suspended())


def _is_working(day: dt.date, overrides: dict[dt.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return day.weekday() < _SATURDAY and day not in national_days_off(day.year)


def _centre_overrides(
    centre: Centre | None, *, after: dt.date, until: dt.date
) -> dict[dt.date, bool]:
    """The centre's ``CalendarDay`` rows in (after, until]: all of the centre's rows are read
    in one query and kept under its page version (`calendar_day_set` and `calendar_day_delete`
    announce a change), so a deadline computed for a resident's appeal reads none."""
    if centre is None:
        return {}
    if centre.slug:
        kept = public_value(centre, f"calendar-days:{centre.pk}", lambda: _calendar_days(centre))
    else:  # a centre known by its id only (a daily job): no key to keep it under
        kept = _calendar_days(centre)
    return {day: working for day, working in kept.items() if after < day <= until}


def _calendar_days(centre: Centre) -> dict[dt.date, bool]:
    rows = CalendarDay.objects.filter(centre=centre).values_list("date", "is_working_day")
    return dict(rows)


@lru_cache(maxsize=64)
def _national_days_off(year: int, *, suspended: bool) -> frozenset[dt.date]:
    # The package's PUBLIC category already leaves out the holidays suspended by martial law.
    public = holidays.country_holidays("UA", years=year, categories=(PUBLIC,))
    days_off = set(public)
    if not suspended:
        suspended_holidays = holidays.country_holidays("UA", years=year, categories=(WORKDAY,))
        days_off |= _with_weekend_transfers(set(suspended_holidays), already_off=days_off)
    return frozenset(days_off)


def _with_weekend_transfers(
    holiday_dates: set[dt.date], *, already_off: set[dt.date]
) -> set[dt.date]:
    """Art. 67 part 3 of the Labour Code: a holiday on a weekend gives the next working day off."""
    days_off = set(holiday_dates)
    for holiday in sorted(holiday_dates):
        if holiday.weekday() < _SATURDAY:
            continue
        day = holiday + dt.timedelta(days=1)
        while day.weekday() >= _SATURDAY or day in days_off or day in already_off:
            day += dt.timedelta(days=1)
        days_off.add(day)
    return days_off
