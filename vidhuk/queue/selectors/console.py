"""What the operator's console and the hall's board show: the line of a window and the calls."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from vidhuk.core.models import Office, Window
from vidhuk.core.opening import (
    DAYS_AHEAD,
    OpeningData,
    OpeningState,
    office_opening_state,
    opening_data_load,
)
from vidhuk.core.pagecache import public_value
from vidhuk.core.readtogether import Count as ReadCount
from vidhuk.core.readtogether import Rows, read_together
from vidhuk.core.selectors import window_list_for_office

from ..choices import Purpose, TicketStatus
from ..line import line_order, window_handles
from ..models import Ticket

BOARD_SIZE = 8


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
        window_list_for_office(office=window.office, only_active=True).exclude(pk=window.pk)
    )
    return Console(
        window=window,
        current=current,
        line=window_line(window=window, now=now),
        other_windows=other_windows,
    )


@dataclass(frozen=True)
class Board:
    """What the hall's board shows now."""

    calls: list[Ticket]  # the newest call first, each with its window
    waiting: int
    open_state: OpeningState


def board_read(*, office: Office, now: dt.datetime) -> Board:
    """The board in one statement (polled every 2 s by every screen): the calls with their
    windows and the people waiting. The office's hours, special days and calendar for its open
    state are read once a day and kept under the centre's page version (`public_value`), which
    the services that change them bump; `office.centre` must be loaded."""
    today = timezone.localdate(now)
    tickets = Ticket.objects.filter(office=office, day=today)
    values = read_together(
        {
            "calls": Rows(
                tickets.filter(status=TicketStatus.CALLED).order_by("-last_called_at", "-id")[
                    :BOARD_SIZE
                ]
            ),
            "windows": Rows(window_list_for_office(office=office)),
            "waiting": ReadCount(tickets.filter(status=TicketStatus.WAITING)),
        }
    )
    windows = {window.pk: window for window in values["windows"]}
    calls = values["calls"]
    for call in calls:
        call.window = windows.get(call.window_id)
    return Board(
        calls=calls,
        waiting=values["waiting"],
        open_state=office_opening_state(office=office, at=now, data=opening_kept(office, today)),
    )


def opening_kept(office: Office, today: dt.date) -> OpeningData:
    """The office's hours, special days and calendar from `today` on, read once a day and kept
    under the centre's page version (the services that change them announce it); for the
    board and the kiosk's check that the office is open. `office.centre` must be loaded."""
    last = today + dt.timedelta(days=DAYS_AHEAD)
    return public_value(
        office.centre,
        f"opening:{office.pk}:{today.isoformat()}",
        lambda: opening_data_load(offices=[office], first=today, last=last),
    )
