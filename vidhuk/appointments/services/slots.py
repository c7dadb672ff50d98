"""What booking and moving a visit share: taking a slot, the code, the refusals.

No double booking, ever. A booking locks the rows of the windows that offer its slot (in id
order, so two bookings never wait on each other in a circle), re-reads the visits holding those
windows, and takes the first free one; the partial unique constraint
``appointment_slot_taken_once`` turns any booking that slipped past the lock into a clear
refusal. The per-person limit locks a row per contact key first, so one person's two bookings at
the same moment are counted one after the other.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.selectors import window_list_locked

from ..choices import AppointmentStatus
from ..models import Appointment, BookingContact
from ..schedule import ScheduleData
from ..selectors import (
    booking_policy_for,
    booking_range,
    slot_minutes_for,
    upcoming_count_for_contact,
    windows_for,
)
from ..tokens import new_code

_CODE_ATTEMPTS = 8


class SlotTakenError(ValidationError):
    """The slot was free when shown and is taken now: offer the other free times."""


class ContactLimitError(ValidationError):
    """The person already holds as many upcoming visits as the centre allows."""


def booked_by_submission(submission_key: uuid.UUID | None) -> Appointment | None:
    if submission_key is None:
        return None
    return Appointment.objects.filter(submission_key=submission_key).first()


def slot_taken() -> SlotTakenError:
    return SlotTakenError(
        _("Цей час щойно зайняли. Оберіть, будь ласка, інший — ось вільний час цього дня."),
        code="taken",
    )


def check_contact_limit(*, centre: Centre, keys: list[str], now: dt.datetime) -> None:
    for key in keys:  # sorted: two bookings never wait on each other in a circle
        BookingContact.objects.get_or_create(centre=centre, key=key)
    list(BookingContact.objects.select_for_update().filter(centre=centre, key__in=keys))
    limit = booking_policy_for(centre=centre).max_upcoming_per_contact
    if upcoming_count_for_contact(centre=centre, keys=keys, now=now) >= limit:
        raise ContactLimitError(
            _(
                "На цей телефон чи адресу вже записано стільки майбутніх візитів, скільки "
                "дозволено (%(count)s). Скасуйте непотрібний запис за посиланням з листа або "
                "зателефонуйте до центру."
            )
            % {"count": limit},
            code="limit",
        )


def take_slot(
    *,
    office: Office,
    service: Service,
    starts_at: dt.datetime,
    now: dt.datetime,
    online: bool,
    exclude_appointment_id: int | None = None,
) -> tuple[Window, dt.datetime]:
    """Lock the windows offering the slot and return the first free one, with the slot's end."""
    day = timezone.localdate(starts_at)
    policy = booking_policy_for(centre=office.centre)
    first, last, not_before = booking_range(policy=policy, now=now, online=online)
    if starts_at < now or day < first:
        raise ValidationError(_("Цей час уже минув. Оберіть інший день або час."), code="past")
    if day > last:
        raise ValidationError(
            _("Запис відкрито лише на найближчі %(days)s дн.") % {"days": policy.horizon_days},
            code="horizon",
        )
    if starts_at < not_before:
        raise ValidationError(
            _("На сайті можна записатися не пізніше ніж за %(minutes)s хв до початку.")
            % {"minutes": policy.min_notice_minutes},
            code="notice",
        )
    minutes = slot_minutes_for(service=service)
    candidates = windows_for(office=office, service=service)
    template = ScheduleData.load(office=office, windows=candidates, first=day, last=day)
    reason = template.closed_reason(day)
    if reason:
        raise ValidationError(closed_message(reason, template, day), code="closed")
    template.held = {}
    offered = [s for s in template.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not offered:
        raise ValidationError(
            _("У цей час офіс не приймає за цією послугою. Оберіть час зі списку."),
            code="not_offered",
        )
    locked = window_list_locked(pks=list(offered[0].window_ids))
    fresh = ScheduleData.load(
        office=office,
        windows=locked,
        first=day,
        last=day,
        exclude_appointment_id=exclude_appointment_id,
    )
    free = [s for s in fresh.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not free:
        raise slot_taken()
    by_pk = {w.pk: w for w in locked}
    return by_pk[free[0].window_ids[0]], starts_at + dt.timedelta(minutes=minutes)


def closed_message(reason: str, data: ScheduleData, day: dt.date) -> str:
    if reason == "holiday":
        return _("%(day)s — святковий вихідний день, офіс не працює. Оберіть інший день.") % {
            "day": date_format(day, "j E")
        }
    if reason == "calendar":
        return _("%(day)s центр не працює. Оберіть інший день.") % {"day": date_format(day, "j E")}
    closure_note = data.day(day).note
    note = f" ({closure_note})" if closure_note else ""
    return _("%(day)s офіс зачинено%(note)s. Оберіть інший день.") % {
        "day": date_format(day, "j E"),
        "note": note,
    }


def save_with_code(appointment: Appointment) -> Appointment | None:
    """Save with a fresh code (another on the rare clash); the visit of the same submission when
    a double submit won the race, else None.

    What collided is found by asking the database again, not by reading the error's text (its
    wording differs between PostgreSQL, which names the constraint, and SQLite, which names the
    columns): the same submission saved first, the code taken meanwhile, else the slot."""
    for _attempt in range(_CODE_ATTEMPTS):
        appointment.code = new_code()
        if code_taken(appointment):
            continue
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError:
            appointment.pk = None
            already = booked_by_submission(appointment.submission_key)
            if already is not None:
                return already
            if code_taken(appointment):
                continue
            raise slot_taken() from None
        return None
    raise RuntimeError("No free confirmation code after several attempts")


def code_taken(appointment: Appointment) -> bool:
    return Appointment.objects.filter(
        centre_id=appointment.centre_id, code=appointment.code
    ).exists()


def require_changeable(visit: Appointment, *, now: dt.datetime) -> None:
    if visit.status == AppointmentStatus.CANCELLED:
        raise ValidationError(_("Цей запис уже скасовано."), code="cancelled")
    if visit.status != AppointmentStatus.BOOKED or visit.starts_at <= now:
        raise ValidationError(
            _("Цей візит уже відбувся або триває — змінити його не можна."), code="past"
        )
