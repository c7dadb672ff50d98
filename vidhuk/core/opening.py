"""The opening state of an office: one rule for the portal, booking, the queue and the kiosk.

A day's hours are the office's weekly hours (``OpeningHours``; a break is the gap between two
intervals), except that, in this order:

1. a non-working day of the centre's calendar (``CalendarDay``) closes the office ("calendar");
   a working day of that calendar (a day worked on transfer) is never a national day off;
2. a national day off (``vidhuk.core.workdays.national_days_off``, with the martial-law rule the
   deployment applies) closes it ("holiday");
3. a special day of the office (``OfficeClosure``) closes it ("closure") or gives its own hours
   instead of the week's (a shortened day, "shortened" while outside them).

A weekday without hours is the office's day off ("day_off"). Everything a set of offices needs
for a run of days is read in one statement (``opening_data_load``), so a page listing every
office of a centre asks the same number of queries for one office or twenty; a page that reads
more may send the same reads with its own (``opening_reads``, ``opening_data_from``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .models import CalendarDay, Office, OfficeClosure, OpeningHours
from .readtogether import Read, Rows, read_together
from .workdays import national_days_off

Interval = tuple[dt.time, dt.time]

# How far ahead the next opening is looked for.
DAYS_AHEAD = 31

# Why an office is closed (``OfficeDay.closed`` and ``OpeningState.reason``).
CALENDAR = "calendar"  # the centre's calendar marks the day non-working
HOLIDAY = "holiday"  # a national day off
CLOSURE = "closure"  # a special day of the office: closed all day
DAY_OFF = "day_off"  # no hours on this weekday
SHORTENED = "shortened"  # a special day with its own hours, outside them but within the week's
AFTER_HOURS = "after_hours"  # before opening, over the break or after closing


@dataclass(frozen=True)
class OfficeDay:
    """One day of one office: the hours it is open and why it is not."""

    day: dt.date
    intervals: tuple[Interval, ...]  # open then, sorted
    closed: str  # CALENDAR, HOLIDAY or CLOSURE when the whole day is off whatever the hours
    weekly: tuple[Interval, ...]  # the week's hours of this weekday
    special: Interval | None  # a special day's own hours
    note: str  # the special day's reason, as the office wrote it

    @property
    def reason(self) -> str:
        """Why the office does not open at all this day, or "" when it does."""
        return self.closed or ("" if self.intervals else DAY_OFF)


@dataclass(frozen=True)
class OpeningState:
    """Whether an office is open at a moment, until when, and when it next opens."""

    is_open: bool
    today: tuple[Interval, ...]
    until: dt.time | None  # closing time of the interval it is open in
    next_opening: dt.datetime | None  # when closed; None when nothing within DAYS_AHEAD
    reason: str  # "" when open, else one of the reasons above
    note: str  # today's special day's reason, else that of the day it next opens

    @property
    def day_off(self) -> str:
        """HOLIDAY or CALENDAR when today is off for the whole centre, else ""."""
        return self.reason if self.reason in (HOLIDAY, CALENDAR) else ""


@dataclass
class OpeningData:
    """Hours, special days and the centres' calendars of some offices for days [first, last]."""

    first: dt.date
    last: dt.date
    hours: dict[int, dict[int, list[Interval]]] = field(default_factory=dict)
    closures: dict[int, dict[dt.date, OfficeClosure]] = field(default_factory=dict)
    calendar: dict[int, dict[dt.date, bool]] = field(default_factory=dict)

    def weekly(self, office: Office, weekday: int) -> tuple[Interval, ...]:
        return tuple(sorted(self.hours.get(office.pk, {}).get(weekday, [])))

    def closure(self, office: Office, day: dt.date) -> OfficeClosure | None:
        return self.closures.get(office.pk, {}).get(day)

    def day(self, office: Office, day: dt.date) -> OfficeDay:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside the loaded days {self.first}–{self.last}")
        weekly = self.weekly(office, day.weekday())
        closure = self.closure(office, day)
        note = closure.note if closure is not None else ""
        closed = self._centre_closed(office, day)
        if not closed and closure is not None and closure.is_closed:
            closed = CLOSURE
        special = None
        if closure is not None and closure.opens is not None and closure.closes is not None:
            special = (closure.opens, closure.closes)
        intervals: tuple[Interval, ...] = ()
        if not closed:
            intervals = (special,) if special is not None else weekly
        return OfficeDay(
            day=day, intervals=intervals, closed=closed, weekly=weekly, special=special, note=note
        )

    def _centre_closed(self, office: Office, day: dt.date) -> str:
        calendar = self.calendar.get(office.centre_id, {})
        if day in calendar:
            return "" if calendar[day] else CALENDAR
        return HOLIDAY if day in national_days_off(day.year) else ""


def opening_data_load(*, offices: Sequence[Office], first: dt.date, last: dt.date) -> OpeningData:
    """What ``OpeningData`` needs, in one statement for any number of offices (their hours are
    taken from a prefetch as ``hours`` when there is one)."""
    reads = opening_reads(offices=offices, first=first, last=last)
    if offices and all(_has_prefetched_hours(office) for office in offices):
        del reads["opening_hours"]
    values = read_together(reads)
    if "opening_hours" not in values:
        values["opening_hours"] = [
            {"office_id": o.pk, "weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for o in offices
            for h in o.hours.all()
        ]
    return opening_data_from(values, first=first, last=last)


def opening_reads(
    *, offices: Sequence[Office], first: dt.date, last: dt.date, upcoming_closures: bool = False
) -> dict[str, Read]:
    """The reads ``opening_data_from`` needs, for a page to send with its own in one statement
    (``vidhuk.core.readtogether``). ``upcoming_closures``: every special day from ``first`` on,
    not only up to ``last`` (the portal lists the next few)."""
    office_ids = [office.pk for office in offices]
    closures = OfficeClosure.objects.filter(office_id__in=office_ids, date__gte=first)
    if not upcoming_closures:
        closures = closures.filter(date__lte=last)
    hours = OpeningHours.objects.filter(office_id__in=office_ids)
    calendar = CalendarDay.objects.filter(
        centre_id__in={office.centre_id for office in offices}, date__range=(first, last)
    )
    return {
        "opening_hours": Rows(
            hours.order_by("weekday", "opens").values("office_id", "weekday", "opens", "closes")
        ),
        "opening_closures": Rows(closures.order_by("date")),
        "opening_calendar": Rows(calendar.values("centre_id", "date", "is_working_day")),
    }


def opening_data_from(values: dict[str, Any], *, first: dt.date, last: dt.date) -> OpeningData:
    """``OpeningData`` from what ``opening_reads`` read."""
    data = OpeningData(first=first, last=last)
    hours: dict[int, dict[int, list[Interval]]] = defaultdict(lambda: defaultdict(list))
    for row in values["opening_hours"]:
        hours[row["office_id"]][row["weekday"]].append((row["opens"], row["closes"]))
    data.hours = {pk: dict(days) for pk, days in hours.items()}
    for closure in values["opening_closures"]:
        data.closures.setdefault(closure.office_id, {})[closure.date] = closure
    for row in values["opening_calendar"]:
        data.calendar.setdefault(row["centre_id"], {})[row["date"]] = row["is_working_day"]
    return data


def office_upcoming_closures(*, office: Office, data: OpeningData) -> list[OfficeClosure]:
    """The office's special days read into ``data``, by date."""
    return [data.closures[office.pk][day] for day in sorted(data.closures.get(office.pk, {}))]


def office_day_hours(*, office: Office, day: dt.date, data: OpeningData | None = None) -> OfficeDay:
    """The office's hours on ``day`` and why it is closed, if it is."""
    if data is None:
        data = opening_data_load(offices=[office], first=day, last=day)
    return data.day(office, day)


def office_opening_state(
    *, office: Office, at: dt.datetime | None = None, data: OpeningData | None = None
) -> OpeningState:
    """Whether ``office`` is open at ``at`` (now by default) and when it next opens."""
    now = timezone.localtime(at) if at else timezone.localtime()
    if data is None:
        data = _load_ahead(offices=[office], today=now.date())
    return _state(office, now, data)


def office_opening_states(
    *, offices: Sequence[Office], at: dt.datetime | None = None, data: OpeningData | None = None
) -> dict[int, OpeningState]:
    """``office_opening_state`` of each office by its id, reading the database once for all
    (not at all when ``data`` holds today and the next ``DAYS_AHEAD`` days)."""
    now = timezone.localtime(at) if at else timezone.localtime()
    if data is None:
        data = _load_ahead(offices=offices, today=now.date())
    return {office.pk: _state(office, now, data) for office in offices}


def _load_ahead(*, offices: Sequence[Office], today: dt.date) -> OpeningData:
    return opening_data_load(
        offices=offices, first=today, last=today + dt.timedelta(days=DAYS_AHEAD)
    )


def _state(office: Office, now: dt.datetime, data: OpeningData) -> OpeningState:
    today = data.day(office, now.date())
    moment = now.time()
    for opens, closes in today.intervals:
        if opens <= moment < closes:
            return OpeningState(
                is_open=True,
                today=today.intervals,
                until=closes,
                next_opening=None,
                reason="",
                note=today.note,
            )
    reason = today.reason or AFTER_HOURS
    in_weekly_hours = any(opens <= moment < closes for opens, closes in today.weekly)
    if reason == AFTER_HOURS and today.special is not None and in_weekly_hours:
        reason = SHORTENED
    next_opening, next_note = _next_opening(office, now, data)
    return OpeningState(
        is_open=False,
        today=today.intervals,
        until=None,
        next_opening=next_opening,
        reason=reason,
        note=today.note or next_note,
    )


def _next_opening(
    office: Office, now: dt.datetime, data: OpeningData
) -> tuple[dt.datetime | None, str]:
    day = now.date()
    while day <= data.last:
        plan = data.day(office, day)
        for opens, _closes in plan.intervals:
            candidate = timezone.make_aware(dt.datetime.combine(day, opens))
            if candidate > now:
                return candidate, plan.note
        day += dt.timedelta(days=1)
    return None, ""


def _has_prefetched_hours(office: Office) -> bool:
    return "hours" in getattr(office, "_prefetched_objects_cache", {})
