"""**Figures** (waiting and service times, median and 90th percentile): waiting is from the place
in the line (the ticket's issue, or the booked time when a booked visitor came early) to the
first call; service is from the last call to the finish. Percentiles interpolate linearly
between the two nearest values (the "inclusive" method of Python's ``statistics.quantiles``,
NumPy's default), so the median of 2, 4, 6, 8 is 5.

A ticket of a past day still waiting or called is «не обслуговано до закриття» (unserved) in
the figures, whether or not the daily close has marked it yet. Unserved tickets are counted on
their own, next to no-shows, and give neither a waiting nor a service time: nobody recorded how
their visit ended, so a wait until a call that led nowhere known is not a visitor's wait.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.appointments.selectors import booked_no_show_count
from vidhuk.core.choices import Weekday
from vidhuk.core.models import Centre, Office

from ..choices import OPEN_STATUSES, TicketStatus
from ..models import Ticket


def minutes_between(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


def percentile(values: Iterable[float], fraction: float) -> float | None:
    """The value below which `fraction` of `values` lie, interpolating linearly (see above)."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass
class TimeFigures:
    """Waiting and service times of a group of tickets, in minutes."""

    label: str = ""
    tickets: int = 0
    no_shows: int = 0
    unserved: int = 0
    waits: list[float] = field(default_factory=list, repr=False)
    services: list[float] = field(default_factory=list, repr=False)

    @property
    def wait_median(self) -> float | None:
        return percentile(self.waits, 0.5)

    @property
    def wait_p90(self) -> float | None:
        return percentile(self.waits, 0.9)

    @property
    def service_median(self) -> float | None:
        return percentile(self.services, 0.5)

    @property
    def service_p90(self) -> float | None:
        return percentile(self.services, 0.9)

    @property
    def served(self) -> int:
        return len(self.services)

    def add(self, row: TicketTimes) -> None:
        self.tickets += 1
        self.no_shows += row.status == TicketStatus.NO_SHOW
        self.unserved += row.status == TicketStatus.UNSERVED
        if row.wait is not None:
            self.waits.append(row.wait)
        if row.service_time is not None:
            self.services.append(row.service_time)


@dataclass(frozen=True)
class TicketTimes:
    office: str
    service: str
    is_booked: bool
    status: str
    hour: int
    weekday: int
    wait: float | None
    service_time: float | None


@dataclass
class QueueFigures:
    overall: TimeFigures
    booked: TimeFigures
    walk_in: TimeFigures
    by_service: list[TimeFigures]
    by_office: list[TimeFigures]
    by_hour: list[TimeFigures]
    by_weekday: list[TimeFigures]
    # Visits booked for the period whose visitor never checked in (so they have no ticket).
    booked_no_shows: int = 0

    @property
    def booked_and_walk_in(self) -> list[tuple[str, TimeFigures]]:
        return [
            (_("За записом"), self.booked),
            (_("Без запису (талон у терміналі)"), self.walk_in),
        ]

    @property
    def no_show_share(self) -> float | None:
        called = self.overall.served + self.overall.no_shows
        return 100 * self.overall.no_shows / called if called else None


def _period(
    *, centre: Centre, date_from: dt.date, date_to: dt.date, office: Office | None = None
) -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(centre=centre, day__gte=date_from, day__lte=date_to)
    if office is not None:
        tickets = tickets.filter(office=office)
    return tickets


def ticket_status(ticket: Any, *, today: dt.date | None = None) -> str:
    """The ticket's state for the figures: a past day's ticket still open is unserved, even
    before the daily close has marked it so."""
    today = today or timezone.localdate()
    if ticket.status in OPEN_STATUSES and ticket.day < today:
        return TicketStatus.UNSERVED
    return str(ticket.status)


def ticket_times(ticket: Any, *, today: dt.date | None = None) -> TicketTimes:
    """The waiting and service minutes of one ticket (a row of `ticket_export_rows` or a Ticket);
    none for an unserved one (see the module's docstring)."""
    status = ticket_status(ticket, today=today)
    wait = service_time = None
    if ticket.called_at is not None and status != TicketStatus.UNSERVED:
        start = max(ticket.issued_at, ticket.turn_at)
        wait = max(minutes_between(ticket.called_at - start), 0.0)
    if status == TicketStatus.DONE and ticket.finished_at and ticket.last_called_at:
        service_time = max(minutes_between(ticket.finished_at - ticket.last_called_at), 0.0)
    issued = timezone.localtime(ticket.issued_at)
    return TicketTimes(
        office=ticket.office.name,
        service=ticket.service.name if ticket.service else "",
        is_booked=ticket.is_booked,
        status=status,
        hour=issued.hour,
        weekday=ticket.day.weekday(),
        wait=wait,
        service_time=service_time,
    )


def _grouped(
    rows: list[TicketTimes], key: Callable[[TicketTimes], Any], label: Callable[[Any], str]
) -> list[TimeFigures]:
    groups: dict[Any, TimeFigures] = defaultdict(TimeFigures)
    for row in rows:
        groups[key(row)].add(row)
    result = []
    for group_key in sorted(groups, key=lambda k: (k == "", k)):
        groups[group_key].label = label(group_key)
        result.append(groups[group_key])
    return result


def queue_figures(
    *, centre: Centre, date_from: dt.date, date_to: dt.date, office: Office | None = None
) -> QueueFigures:
    """Waiting and service times of the period by service, office, hour and weekday; no-shows;
    booked against walk-in visits; booked visitors who never came. Two queries; the statistics
    are computed in Python."""
    today = timezone.localdate()
    rows = [
        ticket_times(ticket, today=today)
        for ticket in ticket_export_rows(
            centre=centre, date_from=date_from, date_to=date_to, office=office
        )
    ]
    overall, booked, walk_in = TimeFigures(), TimeFigures(), TimeFigures()
    for row in rows:
        overall.add(row)
        (booked if row.is_booked else walk_in).add(row)
    no_service = _("Без послуги (консультація, загальне питання)")
    return QueueFigures(
        overall=overall,
        booked=booked,
        walk_in=walk_in,
        by_service=_grouped(rows, lambda r: r.service, lambda k: k or no_service),
        by_office=_grouped(rows, lambda r: r.office, str),
        by_hour=_grouped(rows, lambda r: r.hour, lambda k: f"{k:02d}:00–{k + 1:02d}:00"),
        by_weekday=_grouped(rows, lambda r: r.weekday, lambda k: str(Weekday(k).label)),
        booked_no_shows=booked_no_show_count(
            centre=centre, date_from=date_from, date_to=date_to, office=office
        ),
    )


def ticket_export_rows(
    *, centre: Centre, date_from: dt.date, date_to: dt.date, office: Office | None = None
) -> Iterator[Ticket]:
    """Tickets of the period for the figures and the CSV export, read in chunks."""
    return (
        _period(centre=centre, date_from=date_from, date_to=date_to, office=office)
        .select_related("office", "service", "window")
        .order_by("day", "issued_at", "id")
        .iterator(chunk_size=2000)
    )


@dataclass(frozen=True)
class TodaySummary:
    waiting: int
    finished: int
    no_shows: int
    wait_median: float | None


def queue_today_summary(*, centre: Centre, now: dt.datetime | None = None) -> TodaySummary | None:
    """Today's queue at a glance for the back-office home page; None when no ticket today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    tickets = list(
        Ticket.objects.filter(centre=centre, day=today).select_related("office", "service")
    )
    if not tickets:
        return None
    times = [ticket_times(ticket) for ticket in tickets]
    return TodaySummary(
        waiting=sum(t.status == TicketStatus.WAITING for t in tickets),
        finished=sum(t.status == TicketStatus.DONE for t in tickets),
        no_shows=sum(t.status == TicketStatus.NO_SHOW for t in tickets),
        wait_median=percentile([t.wait for t in times if t.wait is not None], 0.5),
    )
