"""Reads of centres, offices, their hours and their windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from .choices import OfficeKind, Weekday
from .models import AuditEvent, CalendarDay, Centre, Office, OfficeClosure, OpeningHours, Window
from .pagecache import centre_value

if TYPE_CHECKING:
    from .opening import OpeningData


def centre_list_public() -> QuerySet[Centre]:
    return Centre.objects.filter(is_active=True).order_by("name")


def centre_get_public(*, slug: str, with_related: tuple[str, ...] = ()) -> Centre:
    """The centre behind a public URL; unknown or switched-off centres are a 404.
    `with_related`: one-to-one relations an app reads with it in the same query.

    Kept under the centre's page version (decision 0009), like the pages it heads: the services
    that change the centre or a relation read with it announce it (`centre_update`, say). An
    unknown slug keeps nothing, so made-up addresses cannot push pages out of the cache."""
    name = "centre:" + ",".join(with_related)
    return centre_value(slug, name, lambda: _centre_read(slug, with_related))


def _centre_read(slug: str, with_related: tuple[str, ...]) -> Centre:
    try:
        return Centre.objects.select_related(*with_related).get(slug=slug, is_active=True)
    except Centre.DoesNotExist:
        raise Http404("No such centre") from None


def office_list_for_centre(
    *, centre: Centre, only_active: bool = True, with_opening: bool = True
) -> QuerySet[Office]:
    """The centre's offices in order; ``with_opening``: their hours and upcoming special days
    prefetched (``upcoming_closures``). Without, the caller reads them with its own reads
    (``core.opening.opening_reads``)."""
    offices = Office.objects.filter(centre=centre)
    if with_opening:
        offices = offices.prefetch_related(
            Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch(
                "closures",
                queryset=OfficeClosure.objects.filter(date__gte=timezone.localdate()).order_by(
                    "date"
                ),
                to_attr="upcoming_closures",
            ),
        )
    if only_active:
        offices = offices.filter(is_active=True)
    return offices.order_by("position", "name")


def office_get_for_centre(*, centre: Centre, pk: int) -> Office:
    try:
        return Office.objects.get(centre=centre, pk=pk)
    except Office.DoesNotExist:
        raise Http404("No such office") from None


def office_list_with_windows(*, centre: Centre) -> QuerySet[Office]:
    """Active offices of the centre with at least one window switched on."""
    return (
        Office.objects.filter(
            centre=centre, is_active=True, windows__is_active=True, windows__centre=centre
        )
        .distinct()
        .order_by("position", "name")
    )


def window_list_for_centre(*, centre: Centre, only_active: bool = False) -> QuerySet[Window]:
    """The centre's windows office by office (in the offices' order), each office's by number.
    Only active: the window is switched on and so is its office (nobody is served at it else)."""
    windows = Window.objects.filter(centre=centre, office__centre=centre).select_related("office")
    if only_active:
        windows = windows.filter(is_active=True, office__is_active=True)
    return windows.order_by("office__position", "office__name", "office_id", "number")


def window_list_for_office(*, office: Office, only_active: bool = False) -> QuerySet[Window]:
    """The office's windows by number; only active: those switched on."""
    windows = Window.objects.filter(office_id=office.pk, centre_id=office.centre_id)
    if only_active:
        windows = windows.filter(is_active=True)
    return windows.order_by("number")


def window_get_for_centre(*, centre: Centre, pk: int) -> Window:
    """One window of the centre, with its office; 404 for anything else."""
    window = window_list_for_centre(centre=centre).filter(pk=pk).first()
    if window is None:
        raise Http404("No such window")
    return window


def window_list_locked(*, pks: list[int]) -> list[Window]:
    """The windows, locked until the transaction ends (in the order of their ids, so two
    bookings lock them in the same order and never deadlock)."""
    return list(Window.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


def main_office(*, offices: list[Office]) -> Office | None:
    for office in offices:
        if office.kind == OfficeKind.MAIN:
            return office
    return offices[0] if offices else None


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    intervals: list[tuple[dt.time, dt.time]]

    @property
    def is_closed(self) -> bool:
        return not self.intervals


def office_week(*, office: Office, opening: OpeningData | None = None) -> list[DayHours]:
    """The weekly timetable Monday to Sunday, from prefetched hours (or the hours ``opening``
    read)."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {d: [] for d in Weekday.values}
    if opening is not None:
        for day in Weekday.values:
            by_day[day] = list(opening.weekly(office, day))
    else:
        for interval in office.hours.all():
            by_day[interval.weekday].append((interval.opens, interval.closes))
    return [
        DayHours(weekday=day, label=str(Weekday(day).label), intervals=sorted(by_day[day]))
        for day in Weekday.values
    ]


def audit_event_list(
    *,
    centre: Centre,
    actor_id: int | None = None,
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(centre=centre).select_related("actor")
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")


def calendar_day_list(*, centre: Centre, since: dt.date) -> QuerySet[CalendarDay]:
    """The centre's own working and non-working days from `since` on, oldest first."""
    return CalendarDay.objects.filter(centre=centre, date__gte=since).order_by("date")


def calendar_day_get_for_centre(*, centre: Centre, pk: str) -> CalendarDay:
    """One day of the centre's calendar; 404 for anything else (another centre's, not a number)."""
    is_number = pk.isascii() and pk.isdigit()  # "²" is a digit to Python, not to int()
    day = CalendarDay.objects.filter(centre=centre, pk=int(pk)).first() if is_number else None
    if day is None:
        raise Http404("No such calendar day")
    return day
