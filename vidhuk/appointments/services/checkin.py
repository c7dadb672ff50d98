"""The queue's API of booking: a booked visitor checks in, the visit's outcome, no-shows."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidhuk.core.models import Office
from vidhuk.core.tokens import code_normalise as normalise_code

from ..choices import OUTCOME_STATUSES, AppointmentStatus
from ..models import (
    Appointment,
)


@transaction.atomic
def appointment_check_in(
    *, office: Office, code: str, now: dt.datetime | None = None
) -> Appointment:
    """A booked visitor arrives and types the confirmation code at the office's kiosk.

    Only a visit booked at this office for today (Kyiv time) can check in, once. Raises
    ``ValidationError`` with the reason in plain Ukrainian; nothing changes then."""
    now = now or timezone.now()
    normalised = normalise_code(code)
    if not normalised:
        raise ValidationError(_("Введіть код підтвердження з листа чи SMS."), code="empty")
    visit = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("service", "window", "office")
        .filter(centre_id=office.centre_id, code=normalised)
        .first()
    )
    if visit is None:
        raise ValidationError(
            _("Запису з кодом %(code)s немає. Перевірте код або зверніться до адміністратора.")
            % {"code": normalised},
            code="unknown",
        )
    if visit.office_id != office.pk:
        raise ValidationError(
            _("Цей запис — до іншого офісу: %(office)s.") % {"office": visit.office.name},
            code="other_office",
        )
    if visit.status == AppointmentStatus.CANCELLED:
        raise ValidationError(_("Цей запис скасовано."), code="cancelled")
    if visit.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("За цим кодом уже відмітилися."), code="used")
    local_day = timezone.localdate(visit.starts_at)
    if local_day != timezone.localdate(now):
        raise ValidationError(
            _("Цей запис — на інший день: %(day)s о %(time)s.")
            % {
                "day": date_format(local_day, "j E Y"),
                "time": timezone.localtime(visit.starts_at).strftime("%H:%M"),
            },
            code="other_day",
        )
    visit.status = AppointmentStatus.CHECKED_IN
    visit.checked_in_at = now
    visit.save(update_fields=["status", "checked_in_at", "updated_at"])
    return visit


@transaction.atomic
def appointment_set_outcome(*, appointment: Appointment, status: str) -> Appointment:
    """The queue records how the visit ended: ``served`` or ``no_show``.

    A cancelled visit has no outcome; setting the same outcome again changes nothing."""
    if status not in OUTCOME_STATUSES:
        raise ValidationError(_("Невідомий результат візиту."), code="status")
    visit = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if visit.status == AppointmentStatus.CANCELLED:
        raise ValidationError(_("Цей запис скасовано."), code="cancelled")
    if visit.status != status:
        visit.status = status
        visit.save(update_fields=["status", "updated_at"])
    return visit


@transaction.atomic
def appointments_mark_no_shows(*, now: dt.datetime | None = None) -> int:
    """Mark «не прийшов» the visits still booked whose slot ended before today (Kyiv time): the
    visitor never checked in, so the visit will not happen. Returns how many were marked; a
    second run finds nothing. Today's visits are left alone — a visitor may still come late.

    Runs daily in ``manage.py appointments_daily``. A visit keeps its slot (no-show holds it),
    and its contacts are cleared on the usual retention schedule."""
    now = now or timezone.now()
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time()))
    return Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, ends_at__lt=start_of_today
    ).update(status=AppointmentStatus.NO_SHOW, updated_at=now)
