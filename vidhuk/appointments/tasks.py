"""Background work of booking: confirmation, cancellation and reminder mail, the retention
schedule. Each task is idempotent: a mail's key is claimed before it is sent, so two runs at
once send one mail; a refused send gives the claim back for the next run."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task

from .choices import AppointmentStatus
from .mail import appointment_ics, manage_url, send_templated
from .models import Appointment, SentMail
from .tokens import link_token_for


def _send_once(
    *, key: str, template: str, to: str, context: dict[str, object], ics: bytes | None = None
) -> bool:
    if not to:
        return False
    try:
        with transaction.atomic():
            claim = SentMail.objects.create(key=key)
    except IntegrityError:
        return False
    try:
        with translation.override("uk"):
            send_templated(template=template, to=to, context=context, ics=ics)
    except Exception:
        claim.delete()
        raise
    return True


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
        to=visit.email,
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
        key=f"cancelled:{visit.pk}", template="cancelled", to=visit.email, context=context
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
            to=visit.email,
            context=context,
        )
    return sent


@task()
def appointments_anonymise_expired_task() -> int:
    from .services import appointments_anonymise_expired

    return appointments_anonymise_expired(now=timezone.now())
