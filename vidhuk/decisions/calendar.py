"""iCalendar of the board's dates, /<centre>/decisions/calendar.ics: each published decision's due
date and each of its milestones' planned dates, as all-day events (RFC 5545).

A subscribed calendar must recognise an event it already holds and learn when its date moved:

* **UID** is stable — ``decision-<centre>-<number>@<host>`` and ``milestone-<pk>@<host>`` —
  whatever is edited, in either language.
* **SEQUENCE** grows each time the date moves. It is derived from the audit log (every change
  is audited with its differences, ``core.services.model_update``): the number of recorded
  changes of ``due_on`` (of a decision) or ``planned_on`` (of a milestone). Nothing is stored
  for it, so it cannot drift from the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import AuditEvent, Centre

from .choices import DecisionState
from .models import Decision, Milestone
from .templatetags.decisions_public import in_language

DECISION_TYPE = Decision._meta.label_lower
MILESTONE_TYPE = Milestone._meta.label_lower


def date_moves(*, centre: Centre, object_type: str, field: str) -> dict[str, int]:
    """How often each record's ``field`` was changed, by record id (one query)."""
    rows = (
        AuditEvent.objects.filter(centre=centre, object_type=object_type, changes__has_key=field)
        .values("object_id")
        .annotate(moves=Count("id"))
        .values_list("object_id", "moves")
    )
    return dict(rows)


def board_calendar(
    *, centre: Centre, decisions: Iterable[Decision], base_url: str, host: str
) -> bytes:
    """The calendar of the given decisions (their milestones prefetched)."""
    from icalendar import Calendar, Event

    decision_moves = date_moves(centre=centre, object_type=DECISION_TYPE, field="due_on")
    milestone_moves = date_moves(centre=centre, object_type=MILESTONE_TYPE, field="planned_on")
    calendar = Calendar()
    calendar.add("prodid", "-//Vidhuk//decisions//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Ви сказали — ми зробили: %(centre)s") % {"centre": centre.name})
    stamp = timezone.now()
    for decision in decisions:
        title = in_language(decision, "title")
        url = base_url + reverse("decisions:decision", args=[centre.slug, decision.number])
        status = "CANCELLED" if decision.state == DecisionState.CANCELLED else "CONFIRMED"
        if decision.due_on:
            event = Event()
            event.add("uid", f"decision-{centre.pk}-{decision.number}@{host}")
            event.add("sequence", decision_moves.get(str(decision.pk), 0))
            event.add("dtstamp", stamp)
            event.add("dtstart", decision.due_on)
            event.add("dtend", decision.due_on + dt.timedelta(days=1))
            event.add(
                "summary",
                _("Строк виконання: рішення № %(number)s «%(title)s»")
                % {"number": decision.number, "title": title},
            )
            event.add("description", f"{decision.get_state_display()}. {url}")
            event.add("url", url)
            event.add("status", status)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
        for milestone in decision.milestones.all():
            event = Event()
            event.add("uid", f"milestone-{milestone.pk}@{host}")
            event.add("sequence", milestone_moves.get(str(milestone.pk), 0))
            event.add("dtstamp", stamp)
            event.add("dtstart", milestone.planned_on)
            event.add("dtend", milestone.planned_on + dt.timedelta(days=1))
            event.add(
                "summary",
                _("Етап «%(milestone)s» — рішення № %(number)s")
                % {"milestone": in_language(milestone, "title"), "number": decision.number},
            )
            event.add("url", url)
            event.add("status", status)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())
