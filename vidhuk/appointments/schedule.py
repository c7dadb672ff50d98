"""The booking timetable: which slots each window offers on a day, and which are still free.

A day offers nothing when the office's opening rule (``vidhuk.core.opening``) closes it all
day: a national day off, a non-working day of the centre's calendar, or a special day of the
office marked closed. A special day with its own hours clips the template to them. The template
of a window is its own intervals, else the office's booking template, else the office's opening
hours; a break is the gap between two intervals. Slots are laid from the start of each interval,
one service's slot length apart, and a slot is free when no visit holding its window overlaps it.

Everything a range of days needs is loaded in a fixed number of queries (``ScheduleData``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.opening import OfficeDay, OpeningData, opening_data_load
from vidhuk.core.pagecache import public_value

from .choices import HOLDING_STATUSES
from .fields import is_ascii_number
from .models import Appointment, WorkingInterval

DEFAULT_SLOT_MINUTES = 15

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    window_ids: tuple[int, ...]  # the free windows offering it, lowest number first

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.starts_at)


@dataclass
class ScheduleData:
    """The office's windows, templates, opening rule and held visits for days [first, last]."""

    office: Office
    first: dt.date
    last: dt.date
    windows: list[Window]
    opening: OpeningData
    window_intervals: dict[int, dict[int, list[Interval]]] = field(default_factory=dict)
    office_intervals: dict[int, list[Interval]] = field(default_factory=dict)
    held: dict[int, list[tuple[dt.datetime, dt.datetime]]] = field(default_factory=dict)
    # The submission keys of the visits in ``held``: a double submit finds its own visit there.
    held_keys: set[uuid.UUID] = field(default_factory=set)

    @classmethod
    def load(
        cls,
        *,
        office: Office,
        windows: list[Window],
        first: dt.date,
        last: dt.date,
        exclude_appointment_id: int | None = None,
        with_held: bool = True,
    ) -> ScheduleData:
        (data,) = cls.load_many(
            groups=[(office, windows)],
            first=first,
            last=last,
            exclude_appointment_id=exclude_appointment_id,
            with_held=with_held,
        )
        return data

    @classmethod
    def load_many(
        cls,
        *,
        groups: list[tuple[Office, list[Window]]],
        first: dt.date,
        last: dt.date,
        exclude_appointment_id: int | None = None,
        with_held: bool = True,
    ) -> list[ScheduleData]:
        """`load` for several offices (each with its windows) at once: the same five queries
        for one office or twenty (the portal home looks for the next free time at each).
        ``with_held=False``: the timetable only, every slot free (a booking reads the held
        visits under its lock: `load_held`)."""
        offices = [office for office, _windows in groups]
        opening = opening_data_load(offices=offices, first=first, last=last)
        found = [
            cls(office=office, first=first, last=last, windows=windows, opening=opening)
            for office, windows in groups
        ]
        by_office = {data.office.pk: data for data in found}
        by_window = {window.pk: data for data in found for window in data.windows}
        for row in WorkingInterval.objects.filter(office__in=offices).order_by("starts"):
            data = by_office[row.office_id]
            if row.window_id is None:
                data.office_intervals.setdefault(row.weekday, []).append((row.starts, row.ends))
            elif by_window.get(row.window_id) is data:
                per_window = data.window_intervals.setdefault(row.window_id, {})
                per_window.setdefault(row.weekday, []).append((row.starts, row.ends))
        if with_held:
            _held_into(found, first=first, last=last, exclude_appointment_id=exclude_appointment_id)
        return found

    @classmethod
    def timetable(
        cls, *, centre: Centre, office: Office, windows: list[Window], first: dt.date, last: dt.date
    ) -> ScheduleData:
        """`load` without the held visits (every slot free; `load_held` adds them), kept under
        the centre's page version (`vidhuk.core.pagecache.public_value`): the windows, their
        templates, the office's hours, special days and calendar change only through services
        that announce it (`public_pages_changed`). A booking step then reads only the visits."""
        name = "booking:timetable:{}:{}:{}:{}".format(
            office.pk, ",".join(str(w.pk) for w in windows), first.isoformat(), last.isoformat()
        )
        return public_value(
            centre,
            name,
            lambda: cls.load(
                office=office, windows=windows, first=first, last=last, with_held=False
            ),
        )

    def load_held(self, *, exclude_appointment_id: int | None = None) -> None:
        """(Re)read the visits holding this office's windows on its days: one query."""
        self.held, self.held_keys = {}, set()
        _held_into(
            [self], first=self.first, last=self.last, exclude_appointment_id=exclude_appointment_id
        )

    def day(self, day: dt.date) -> OfficeDay:
        """The office's day by the opening rule (``vidhuk.core.opening``)."""
        return self.opening.day(self.office, day)

    def closed_reason(self, day: dt.date) -> str:
        """Why the office takes no visits on ``day``: "holiday", "calendar", "closure" or ""."""
        return self.day(day).closed

    def intervals(self, window: Window, day: dt.date) -> list[Interval]:
        office_day = self.day(day)
        if office_day.closed:
            return []
        weekday = day.weekday()
        if window.pk in self.window_intervals:
            intervals = self.window_intervals[window.pk].get(weekday, [])
        elif self.office_intervals:
            intervals = self.office_intervals.get(weekday, [])
        else:
            intervals = list(office_day.weekly)
        if office_day.special is not None:
            intervals = _clip(intervals, *office_day.special)
        return sorted(intervals)

    def slots(
        self, *, day: dt.date, slot_minutes: int, not_before: dt.datetime | None = None
    ) -> list[Slot]:
        """The free slots of ``day``, each with the windows that can take it."""
        length = dt.timedelta(minutes=slot_minutes)
        return [
            Slot(
                starts_at=start,
                ends_at=start + length,
                window_ids=tuple(w.pk for w in sorted(windows, key=_window_order)),
            )
            for start, windows in sorted(self._free(day, length, not_before).items())
        ]

    def free_count(
        self, *, day: dt.date, slot_minutes: int, not_before: dt.datetime | None = None
    ) -> int:
        """How many free slots ``day`` has (``slots`` without building them)."""
        return len(self._free(day, dt.timedelta(minutes=slot_minutes), not_before))

    def _free(
        self, day: dt.date, length: dt.timedelta, not_before: dt.datetime | None
    ) -> dict[dt.datetime, list[Window]]:
        free: dict[dt.datetime, list[Window]] = defaultdict(list)
        day_start = _aware(day, dt.time.min)
        day_end = _aware(day + dt.timedelta(days=1), dt.time.min)
        for window in self.windows:
            # Only the visits of this day: the range may hold months of them.
            held = [
                (s, e) for s, e in self.held.get(window.pk, []) if s < day_end and e > day_start
            ]
            for opens, closes in self.intervals(window, day):
                start, end = _aware(day, opens), _aware(day, closes)
                while start + length <= end:
                    after = start + length
                    if not (held and any(s < after and e > start for s, e in held)) and (
                        not_before is None or start >= not_before
                    ):
                        free[start].append(window)
                    start = after
        return free


def _held_into(
    found: list[ScheduleData],
    *,
    first: dt.date,
    last: dt.date,
    exclude_appointment_id: int | None,
) -> None:
    by_window = {window.pk: data for data in found for window in data.windows}
    start, end = _aware(first, dt.time.min), _aware(last + dt.timedelta(days=1), dt.time.min)
    held = Appointment.objects.filter(
        window_id__in=list(by_window),
        status__in=HOLDING_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_appointment_id is not None:
        held = held.exclude(pk=exclude_appointment_id)
    rows = held.values_list("window_id", "starts_at", "ends_at", "submission_key")
    for window_id, starts_at, ends_at, submission_key in rows:
        data = by_window[window_id]
        data.held.setdefault(window_id, []).append((starts_at, ends_at))
        if submission_key is not None:
            data.held_keys.add(submission_key)


def _window_order(window: Window) -> tuple[int, str]:
    number = window.number
    # «²» passes isdigit() and breaks int(): only ASCII digits count as a number.
    return (int(number), number) if is_ascii_number(number) else (10**6, number)


def _clip(intervals: list[Interval], opens: dt.time, closes: dt.time) -> list[Interval]:
    clipped = []
    for start, end in intervals:
        start, end = max(start, opens), min(end, closes)
        if start < end:
            clipped.append((start, end))
    return clipped


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    """`timezone.make_aware(datetime.combine(day, time))` without its checks (a timetable
    makes hundreds of these a page)."""
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
