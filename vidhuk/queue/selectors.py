"""Reads of the electronic queue: the line, the board, the estimated wait and the figures.

**Estimated wait** (shown at the kiosk and on the centre's pages) for a purpose or a service at
an office, now::

    minutes = ⌈ people waiting × median service time ÷ windows that can serve them ⌉

* people waiting — today's tickets of that purpose (or service) not yet called, booked ones
  included;
* median service time — of the last 50 visits finished at the office in the last 14 days, of
  that service (or purpose) when there are at least 5 of them, else of any visit at the office,
  else 10 minutes (a new queue has no history yet);
* windows — the office's windows switched on that handle the service (a window with no
  services listed handles all); at least one.

**Figures** (waiting and service times, median and 90th percentile): waiting is from the place
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
import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.appointments.models import Window
from vidhuk.appointments.selectors import booked_no_show_count
from vidhuk.catalog.models import Service
from vidhuk.core.choices import Weekday
from vidhuk.core.models import Centre, Office
from vidhuk.core.opening import office_opening_states

from .choices import OPEN_STATUSES, Purpose, TicketStatus
from .line import line_order, window_handles
from .models import Ticket
from .references import public_id_from_reference

SAMPLE_DAYS = 14
SAMPLE_SIZE = 50
MIN_SAMPLES = 5
DEFAULT_SERVICE_MINUTES = 10.0
BOARD_SIZE = 8


# --- offices, windows, tickets --------------------------------------------------------------


def office_get_public(*, centre: Centre, slug: str) -> Office:
    """An office of the centre behind a public kiosk or board URL; 404 for anything else."""
    office = (
        Office.objects.filter(centre=centre, slug=slug, is_active=True)
        .prefetch_related("hours")
        .first()
    )
    if office is None:
        raise Http404("No such office")
    return office


def offices_with_queue(*, centre: Centre) -> QuerySet[Office]:
    """Active offices of the centre that have at least one window switched on."""
    return (
        Office.objects.filter(
            centre=centre, is_active=True, windows__is_active=True, windows__centre=centre
        )
        .distinct()
        .order_by("position", "name")
    )


def services_handled_at(*, office: Office) -> QuerySet[Service]:
    """Services of the centre that some window of the office can call: an active window lists
    the service, or an active window lists no services (it handles all). A ticket for any other
    service would wait in a line no window ever calls (``line.window_handles``)."""
    active = Window.objects.filter(office_id=office.pk, is_active=True)
    listed = active.filter(services__isnull=False).values("services")
    handles_all = Exists(active.filter(services__isnull=True))
    return (
        Service.objects.filter(centre_id=office.centre_id)
        .filter(Q(pk__in=listed) | handles_all)
        .order_by("name")
    )


def kiosk_services(*, office: Office) -> QuerySet[Service]:
    """Published services a window of the office handles, for the kiosk's optional choice.

    A window that handles everything does not put the centre's whole catalogue on the kiosk:
    through it only the services the catalogue offers at this office are listed."""
    listed = Window.objects.filter(
        office_id=office.pk, is_active=True, services__isnull=False
    ).values("services")
    offered_here = Service.offices.through.objects.filter(office_id=office.pk).values("service_id")
    return services_handled_at(office=office).filter(
        Q(pk__in=listed) | Q(pk__in=offered_here), is_published=True
    )


def window_list_for_staff(*, centre: Centre) -> QuerySet[Window]:
    return (
        Window.objects.filter(centre=centre, office__centre=centre)
        .select_related("office")
        .order_by("office__position", "office__name", "number")
    )


def window_get_for_staff(*, centre: Centre, pk: int) -> Window:
    window = window_list_for_staff(centre=centre).filter(pk=pk).first()
    if window is None:
        raise Http404("No such window")
    return window


def ticket_get_for_staff(*, centre: Centre, pk: int) -> Ticket:
    ticket = Ticket.objects.filter(centre=centre, pk=pk).select_related("office").first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_get_public(*, office: Office, public_id: UUID) -> Ticket:
    ticket = (
        Ticket.objects.filter(office=office, public_id=public_id)
        .select_related("service", "window", "appointment")
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_from_reference(*, office: Office, reference: str) -> Ticket:
    """The ticket behind a short reference (``references.py``) at the office; 404 otherwise."""
    public_id = public_id_from_reference(reference)
    if public_id is None:
        raise Http404("No such ticket")
    return ticket_get_public(office=office, public_id=public_id)


def tickets_ahead(*, ticket: Ticket, now: dt.datetime | None = None) -> int:
    """How many waiting tickets of the same line are before this one (for the ticket page)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    same_line = Ticket.objects.filter(
        office_id=ticket.office_id, day=ticket.day, status=TicketStatus.WAITING
    ).exclude(pk=ticket.pk)
    if ticket.service_id is not None:
        same_line = same_line.filter(Q(service_id=ticket.service_id) | Q(service__isnull=True))
    else:
        same_line = same_line.filter(purpose=ticket.purpose)
    return same_line.filter(turn_at__lt=ticket.turn_at).count()


# --- the console and the board ---------------------------------------------------------------


@dataclass(frozen=True)
class LineGroup:
    """Waiting tickets of one purpose and service (or of a purpose alone, without a service)."""

    label: str
    waiting: int


@dataclass(frozen=True)
class ConsoleLine:
    """The read-only part of the console, refreshed while the operator works: who waits."""

    waiting: int
    groups: list[LineGroup]
    next_up: list[Ticket]

    @property
    def state_key(self) -> str:
        """A short digest of what the panel shows: the same key means nothing to redraw."""
        shown = [self.waiting, [(g.label, g.waiting) for g in self.groups]] + [
            (t.pk, t.turn_at.isoformat(), t.service_id, t.assigned_window_id) for t in self.next_up
        ]
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Console:
    window: Window
    current: Ticket | None
    line: ConsoleLine
    other_windows: list[Window]

    @property
    def waiting(self) -> int:
        return self.line.waiting

    @property
    def next_up(self) -> list[Ticket]:
        return self.line.next_up


def window_line(*, window: Window, now: dt.datetime | None = None) -> ConsoleLine:
    """Today's line of the window: how many wait, of which service or purpose, and the next
    five in the order they will be called (the rule of the line in ``services.py``)."""
    now = now or timezone.now()
    line = (
        Ticket.objects.filter(
            office_id=window.office_id, day=timezone.localdate(now), status=TicketStatus.WAITING
        )
        .filter(window_handles(window))
        .select_related("service")
        .order_by(*line_order(now))
    )
    counts = (
        line.order_by()
        .values_list("purpose", "service__name")
        .annotate(waiting=Count("id"))
        .order_by("purpose", "service__name")
    )
    groups = [
        LineGroup(
            label=f"{Purpose(purpose).label}: {name}" if name else str(Purpose(purpose).label),
            waiting=waiting,
        )
        for purpose, name, waiting in counts
    ]
    return ConsoleLine(
        waiting=sum(group.waiting for group in groups),
        groups=groups,
        next_up=list(line[:5]),
    )


def window_console(*, window: Window, now: dt.datetime | None = None) -> Console:
    """What the operator sees at their window: the visitor being served today and the line.
    A ticket of a past day left called is not shown: "call next" closes it."""
    now = now or timezone.now()
    current = (
        Ticket.objects.filter(
            window=window, day=timezone.localdate(now), status=TicketStatus.CALLED
        )
        .select_related("service")
        .first()
    )
    other_windows = list(
        Window.objects.filter(office_id=window.office_id, is_active=True)
        .exclude(pk=window.pk)
        .order_by("number")
    )
    return Console(
        window=window,
        current=current,
        line=window_line(window=window, now=now),
        other_windows=other_windows,
    )


def board_calls(*, office: Office, now: dt.datetime | None = None) -> list[Ticket]:
    """Visitors called to a window now, the newest call first."""
    now = now or timezone.now()
    return list(
        Ticket.objects.filter(
            office=office, day=timezone.localdate(now), status=TicketStatus.CALLED
        )
        .select_related("window")
        .order_by("-last_called_at", "-id")[:BOARD_SIZE]
    )


def board_waiting_count(*, office: Office, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return Ticket.objects.filter(
        office=office, day=timezone.localdate(now), status=TicketStatus.WAITING
    ).count()


# --- the estimated wait ----------------------------------------------------------------------


@dataclass(frozen=True)
class WaitEstimate:
    label: str
    waiting: int
    minutes: int


def _minutes(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


def recent_service_minutes(
    *,
    office: Office,
    now: dt.datetime,
    purpose: str = "",
    service: Service | None = None,
) -> float:
    """The median service time of the office's recent visits (see the module's docstring)."""
    recent = Ticket.objects.filter(
        office=office,
        status=TicketStatus.DONE,
        finished_at__gte=now - dt.timedelta(days=SAMPLE_DAYS),
        finished_at__lte=now,
    ).order_by("-finished_at")
    narrowed = recent
    if service is not None:
        narrowed = recent.filter(service=service)
    elif purpose:
        narrowed = recent.filter(purpose=purpose)
    for sample in (narrowed, recent):
        times = [
            _minutes(finished - called)
            for called, finished in sample.values_list("last_called_at", "finished_at")[
                :SAMPLE_SIZE
            ]
            if called is not None and finished is not None
        ]
        if len(times) >= MIN_SAMPLES:
            return percentile(times, 0.5) or DEFAULT_SERVICE_MINUTES
    return DEFAULT_SERVICE_MINUTES


def _windows_for(office: Office, service: Service | None) -> int:
    windows = Window.objects.filter(office=office, is_active=True)
    if service is not None:
        windows = windows.annotate(service_count=Count("services")).filter(
            Q(services=service) | Q(service_count=0)
        )
    return windows.distinct().count()


def wait_estimate(
    *,
    office: Office,
    purpose: str = "",
    service: Service | None = None,
    now: dt.datetime | None = None,
) -> WaitEstimate:
    """The estimated wait for a new ticket of the purpose or service at the office now."""
    now = now or timezone.now()
    waiting = Ticket.objects.filter(
        office=office, day=timezone.localdate(now), status=TicketStatus.WAITING
    )
    if service is not None:
        waiting = waiting.filter(service=service)
        label = service.name
    else:
        waiting = waiting.filter(purpose=purpose) if purpose else waiting
        label = str(Purpose(purpose).label) if purpose else ""
    count = waiting.count()
    per_visit = recent_service_minutes(office=office, now=now, purpose=purpose, service=service)
    windows = max(_windows_for(office, service), 1)
    return WaitEstimate(label=label, waiting=count, minutes=math.ceil(count * per_visit / windows))


@dataclass(frozen=True)
class OfficeWait:
    office: Office
    is_open: bool
    estimates: list[WaitEstimate]


def wait_times_for_centre(*, centre: Centre, now: dt.datetime | None = None) -> list[OfficeWait]:
    """The estimated wait per purpose at each office with a queue (for the centre's pages)."""
    now = now or timezone.now()
    offices = list(offices_with_queue(centre=centre).prefetch_related("hours"))
    states = office_opening_states(offices=offices, at=now)
    return [
        OfficeWait(
            office=office,
            is_open=states[office.pk].is_open,
            estimates=[
                wait_estimate(office=office, purpose=purpose, now=now) for purpose in Purpose.values
            ],
        )
        for office in offices
    ]


# --- the figures -----------------------------------------------------------------------------


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
        wait = max(_minutes(ticket.called_at - start), 0.0)
    if status == TicketStatus.DONE and ticket.finished_at and ticket.last_called_at:
        service_time = max(_minutes(ticket.finished_at - ticket.last_called_at), 0.0)
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
