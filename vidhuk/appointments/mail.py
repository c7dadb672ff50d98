"""Mail to residents who booked, and the iCalendar file of a visit (tasks.py queues the mail in
the one mail ledger, vidhuk/core/mail.py)."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .choices import AppointmentStatus
from .models import Appointment


def manage_url(*, base_url: str, appointment: Appointment, token: str) -> str:
    """The private link to cancel or move a visit; empty without a base URL. The token goes in
    the query, never in the path that servers log (``views/manage.py``)."""
    if not base_url or not token:
        return ""
    path = reverse("appointments:manage", kwargs={"centre_slug": appointment.centre.slug})
    return base_url.rstrip("/") + path + "?" + urlencode({"t": token})


def appointment_ics(*, appointment: Appointment, link: str = "", method: str = "PUBLISH") -> bytes:
    """The visit as an iCalendar event (RFC 5545) in Kyiv time, with its VTIMEZONE and a reminder
    an hour before; no name or contact of the resident goes into it.

    The UID never changes and SEQUENCE counts the moves and the cancellation, so a calendar
    replaces the event it holds; ``method="CANCEL"`` (iTIP, RFC 5546) with STATUS:CANCELLED
    takes it out."""
    from icalendar import Alarm, Calendar, Event, vCalAddress

    cancelled = method == "CANCEL" or appointment.status == AppointmentStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Vidhuk//Booking//UK")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}-{appointment.code}@vidhuk")
    event.add("sequence", appointment.ics_sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = appointment.centre.name
    event.add("organizer", organizer)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(appointment.starts_at))
    event.add("dtend", timezone.localtime(appointment.ends_at))
    event.add("summary", f"{appointment.service.name} — {appointment.centre.name}")
    event.add("location", f"{appointment.office.name}, {appointment.office.address}")
    description = [
        _("Код підтвердження: %(code)s") % {"code": appointment.code},
        f"{appointment.window}",
    ]
    if link:
        description.append(_("Скасувати чи перенести: %(link)s") % {"link": link})
        event.add("url", link)
    event.add("description", "\n".join(description))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", str(appointment.service.name))
    alarm.add("trigger", dt.timedelta(hours=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    # The times carry TZID=Europe/Kyiv: a calendar needs its VTIMEZONE to read them right.
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
