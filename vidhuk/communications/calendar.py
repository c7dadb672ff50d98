"""iCalendar of a centre's events: /<centre>/events/calendar.ics and one event's event.ics
(RFC 5545).

A subscribed calendar must recognise an event it already holds and learn when it changed:

* **UID** is the event's own ``uid``, made once when it is created and never edited.
* **SEQUENCE** is the event's ``sequence``: ``event_update`` raises it when the date, the time,
  the place or the online link change, and ``event_cancel`` when it is cancelled.
* **STATUS** is CONFIRMED, or CANCELLED once the event is cancelled (it stays in the feed, so
  calendars remove it instead of keeping a stale copy).
* Times are given in **Europe/Kyiv** with its VTIMEZONE, so a calendar abroad shows them right.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .models import Event, EventState

KYIV = ZoneInfo("Europe/Kyiv")


def _component(event: Event, *, centre: Centre, base_url: str):  # type: ignore[no-untyped-def]
    from icalendar import Event as CalendarEvent

    url = base_url + reverse("communications_events:event", args=[centre.slug, event.pk])
    item = CalendarEvent()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.updated_at)
    item.add("dtstart", event.starts_at.astimezone(KYIV))
    item.add("dtend", event.ends_at.astimezone(KYIV))
    item.add("summary", event.title)
    where = ", ".join(part for part in (event.place, event.online_url) if part)
    if where:
        item.add("location", where)
    description = "\n\n".join(part for part in (event.description, event.agenda, url) if part)
    item.add("description", description)
    item.add("url", url)
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.state == EventState.CANCELLED else "CONFIRMED")
    return item


def events_calendar(
    *, centre: Centre, events: Iterable[Event], base_url: str, name: str = ""
) -> bytes:
    """The calendar of the given events, times in Europe/Kyiv with its time-zone definition."""
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Vidhuk//events//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or _("Заходи: %(centre)s") % {"centre": centre.name})
    calendar.add("x-wr-timezone", "Europe/Kyiv")
    items = [_component(event, centre=centre, base_url=base_url) for event in events]
    if items:
        calendar.add_component(Timezone.from_tzid("Europe/Kyiv"))
    for item in items:
        calendar.add_component(item)
    return bytes(calendar.to_ical())
