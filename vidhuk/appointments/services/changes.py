"""A booked visit moved to another time or cancelled, by the resident or by staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..choices import AppointmentStatus
from ..models import (
    Appointment,
)
from ..notify import notify_on_commit
from .slots import (
    require_changeable,
    slot_taken,
    take_slot,
)


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    actor: Any = None,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Move a booked visit to another free time of the same service and office.

    The resident (no ``actor``) keeps to the horizon and minimum notice; the code and the
    private link stay the same. Raises ``SlotTakenError`` or ``ValidationError``; the visit is
    unchanged then."""
    now = now or timezone.now()
    visit = Appointment.objects.select_for_update().get(pk=appointment.pk)
    require_changeable(visit, now=now)
    if visit.starts_at == starts_at:
        return visit
    before = timezone.localtime(visit.starts_at)
    window, ends_at = take_slot(
        office=visit.office,
        service=visit.service,
        starts_at=starts_at,
        now=now,
        online=actor is None,
        exclude_appointment_id=visit.pk,
    )
    visit.window, visit.starts_at, visit.ends_at = window, starts_at, ends_at
    visit.ics_sequence += 1
    try:
        with transaction.atomic():
            visit.save(
                update_fields=["window", "starts_at", "ends_at", "ics_sequence", "updated_at"]
            )
    except IntegrityError:
        raise slot_taken() from None
    if actor is not None:
        audit_record(
            actor=actor,
            centre=visit.centre,
            action=AuditAction.UPDATE,
            obj=visit,
            changes={"starts_at": [before.isoformat(), timezone.localtime(starts_at).isoformat()]},
        )
    notify_on_commit("moved", visit, base_url=base_url, before=before)
    return visit


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, actor: Any = None, now: dt.datetime | None = None
) -> Appointment:
    """Cancel a booked visit and free its slot. Cancelling it again changes nothing."""
    now = now or timezone.now()
    visit = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if visit.status == AppointmentStatus.CANCELLED:
        return visit
    require_changeable(visit, now=now)
    visit.status = AppointmentStatus.CANCELLED
    visit.cancelled_at = now
    visit.ics_sequence += 1
    visit.save(update_fields=["status", "cancelled_at", "ics_sequence", "updated_at"])
    if actor is not None:
        audit_record(
            actor=actor,
            centre=visit.centre,
            action=AuditAction.UPDATE,
            obj=visit,
            changes={"status": [AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED]},
        )
    notify_on_commit("cancelled", visit)
    return visit
