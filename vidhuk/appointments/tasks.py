"""Background work of booking: confirmation, cancellation and reminder mail, the retention
schedule. Each task is idempotent: a mail is queued in the one mail ledger (vidhuk/core/mail.py)
under its key, which sends it once and retries a refusal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django_tasks import task

from vidhuk.core.mail import MailAttachment, mail_enqueue

from .choices import AppointmentStatus
from .mail import appointment_ics, manage_url
from .models import Appointment
from .tokens import link_token_for

ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _send_once(
    *,
    key: str,
    template: str,
    visit: Appointment,
    context: dict[str, object],
    ics: bytes | None = None,
    ics_method: str = "PUBLISH",
) -> bool:
    """True when this run queued the mail (False: queued before, or no address)."""
    if not visit.email:
        return False
    mimetype = ICS_MIMETYPE.replace("PUBLISH", ics_method)
    attachments = [MailAttachment("vizyt.ics", ics, mimetype)] if ics is not None else []
    with translation.override("uk"):
        mail = mail_enqueue(
            key=key,
            to=visit.email,
            template=f"appointments/email/{template}",
            context=context,
            centre=visit.centre,
            attachments=attachments,
            about=f"appointment:{visit.pk}",
        )
    return bool(mail.is_new)  # type: ignore[attr-defined]


def _visit(appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.select_related("centre", "office", "service", "window")
        .filter(pk=appointment_id, anonymised_at__isnull=True)
        .first()
    )


def _context(visit: Appointment, base_url: str) -> tuple[dict[str, object], str]:
    token = link_token_for(salt=visit.link_salt) if visit.link_salt else ""
    link = manage_url(base_url=base_url, appointment=visit, token=token)
    return {"visit": visit, "centre": visit.centre, "manage_link": link}, link


@task()
def appointment_send_confirmation(appointment_id: int, key: str, base_url: str = "") -> bool:
    """The code, time, place and private link, with the .ics attached; once per booked time."""
    visit = _visit(appointment_id)
    if visit is None or visit.status != AppointmentStatus.BOOKED:
        return False
    context, link = _context(visit, base_url)
    return _send_once(
        key=key,
        template="confirmation",
        visit=visit,
        context=context,
        ics=appointment_ics(appointment=visit, link=link),
    )


@task()
def appointment_send_cancellation(appointment_id: int) -> bool:
    visit = _visit(appointment_id)
    if visit is None or visit.status != AppointmentStatus.CANCELLED:
        return False
    context, _link = _context(visit, "")
    return _send_once(
        key=f"cancelled:{visit.pk}",
        template="cancelled",
        visit=visit,
        context=context,
        ics=appointment_ics(appointment=visit, method="CANCEL"),
        ics_method="CANCEL",
    )


@task()
def appointment_send_moved(
    appointment_id: int, key: str, base_url: str = "", before: str = ""
) -> bool:
    """«Запис перенесено»: the old and the new time, with the .ics under the same UID and the
    next SEQUENCE; once per new time."""
    visit = _visit(appointment_id)
    if visit is None or visit.status != AppointmentStatus.BOOKED:
        return False
    context, link = _context(visit, base_url)
    context["before"] = dt.datetime.fromisoformat(before) if before else None
    return _send_once(
        key=key,
        template="moved",
        visit=visit,
        context=context,
        ics=appointment_ics(appointment=visit, link=link),
    )


@task()
def appointments_send_reminders(day: str, base_url: str = "") -> int:
    """A reminder the day before, to every booked visit of ``day`` (ISO date) with an e-mail."""
    target = dt.date.fromisoformat(day)
    start = timezone.make_aware(dt.datetime.combine(target, dt.time.min))
    visits = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        anonymised_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
    ).exclude(email="")
    sent = 0
    for visit in visits.select_related("centre", "office", "service", "window"):
        context, _link = _context(visit, base_url)
        sent += _send_once(
            key=f"reminder:{visit.pk}:{visit.starts_at.isoformat()}",
            template="reminder",
            visit=visit,
            context=context,
        )
    return sent


@task()
def appointments_anonymise_expired_task() -> int:
    from .services.retention import appointments_anonymise_expired

    return appointments_anonymise_expired(now=timezone.now())
