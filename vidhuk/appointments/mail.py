"""Mail to residents who booked, and the iCalendar file of a visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appointment


def manage_url(*, base_url: str, appointment: Appointment, token: str) -> str:
    """The private link to cancel or move a visit; empty without a base URL."""
    if not base_url or not token:
        return ""
    path = reverse(
        "appointments:manage", kwargs={"centre_slug": appointment.centre.slug, "token": token}
    )
    return base_url.rstrip("/") + path


def appointment_ics(*, appointment: Appointment, link: str = "") -> bytes:
    """The visit as an iCalendar event (RFC 5545) in Kyiv time, with its VTIMEZONE and a reminder
    an hour before; no name or contact of the resident goes into it."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Vidhuk//Booking//UK")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}-{appointment.code}@vidhuk")
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


def send_templated(
    *, template: str, to: str, context: dict[str, Any], ics: bytes | None = None
) -> None:
    """Render appointments/email/<template> (.txt, .html, subject) and send it now."""
    subject = render_to_string(f"appointments/email/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"appointments/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"appointments/email/{template}.html", context), "text/html"
    )
    if ics is not None:
        message.attach("vizyt.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()
