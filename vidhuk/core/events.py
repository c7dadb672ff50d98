"""Registry of reactions to core events: an app subscribes from its `extensions.py`, and who
causes the event (the back office, the queue) announces it here without naming any app
(Decidim's `ActiveSupport::Notifications`, Wagtail hooks; signals are kept for caches).

- **calendar changed**: a day of the centre's own calendar was added, changed or removed;
  terms counted in working days may move (appeals' deadlines). A reaction returns a sentence
  for the member who changed the calendar ("the terms of 3 open cases moved"), or "".
- **visit finished**: a visitor was served or did not come when called (the queue); a booked
  visit records its outcome (appointments).

Reactions run in the caller's transaction, in order of registration key; an error propagates
(the change is then not made), so a reaction must not fail on data it does not own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Centre


@dataclass(frozen=True)
class CalendarChanged:
    centre: Centre
    since: dt.date  # the changed day: nothing before it can move
    actor: Any


@dataclass(frozen=True)
class VisitFinished:
    centre: Centre
    appointment_id: int | None  # the booked visit the ticket came from, if any
    is_served: bool  # False: called, but did not come to the window
    ticket_id: int | None = None  # the queue's ticket (its service is what the visit was for)


CalendarReaction = Callable[[CalendarChanged], str]
VisitReaction = Callable[[VisitFinished], None]

_calendar: dict[str, CalendarReaction] = {}
_visit: dict[str, VisitReaction] = {}


def on_calendar_changed(key: str, reaction: CalendarReaction) -> None:
    _calendar[key] = reaction


def on_visit_finished(key: str, reaction: VisitReaction) -> None:
    _visit[key] = reaction


def unsubscribe(key: str) -> None:
    """Remove a reaction (tests that register a throwaway one clean up with this)."""
    _calendar.pop(key, None)
    _visit.pop(key, None)


def calendar_changed(event: CalendarChanged) -> list[str]:
    """Tell every subscriber; returns the sentences worth showing to the member."""
    notes = [_calendar[key](event) for key in sorted(_calendar)]
    return [note for note in notes if note]


def visit_finished(event: VisitFinished) -> None:
    for key in sorted(_visit):
        _visit[key](event)
