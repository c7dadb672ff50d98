"""What booking and moving a visit share: taking a slot, the code, the refusals.

No double booking, ever. A booking reads the day's timetable (which windows offer the slot),
locks the rows of the windows that offer its slot (in id order, so two bookings never wait on
each other in a circle), only then reads the visits holding the office's windows that day, and
takes the first free one; the partial unique constraint ``appointment_slot_taken_once`` turns
any booking that slipped past the lock into a clear refusal. The per-person limit locks a row
per contact key first (one upsert), so one person's two bookings at the same moment are counted
one after the other. A refusal carries the day's other free times, read under the lock, so the
page offering them reads no schedule again.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.selectors import window_list_locked
from vidhuk.core.sqlinsert import insert_or_nothing

from ..choices import AppointmentStatus
from ..models import Appointment, BookingContact, BookingPolicy
from ..schedule import ScheduleData, Slot
from ..selectors import (
    booking_policy_kept,
    booking_range,
    slot_minutes_for,
    upcoming_count_for_contact,
    windows_for,
)
from ..tokens import new_code

_CODE_ATTEMPTS = 8


class SlotTakenError(ValidationError):
    """The slot was free when shown and is taken now: offer the other free times
    (``other_slots``: the day's free slots read under the lock; None when not read).
    ``maybe_own``: False when the visits read under the lock show that this submission booked
    nothing there (so no double submit needs looking for)."""

    other_slots: list[Slot] | None = None
    maybe_own: bool = True


class ContactLimitError(ValidationError):
    """The person already holds as many upcoming visits as the centre allows."""


def booked_by_submission(submission_key: uuid.UUID | None) -> Appointment | None:
    if submission_key is None:
        return None
    return Appointment.objects.filter(submission_key=submission_key).first()


def slot_taken(other_slots: list[Slot] | None = None, *, maybe_own: bool = True) -> SlotTakenError:
    error = SlotTakenError(
        _("Цей час щойно зайняли. Оберіть, будь ласка, інший — ось вільний час цього дня."),
        code="taken",
    )
    error.other_slots, error.maybe_own = other_slots, maybe_own
    return error


def check_contact_limit(
    *, centre: Centre, keys: list[str], now: dt.datetime, policy: BookingPolicy | None = None
) -> None:
    if not keys:
        return
    # One statement creates the missing lock rows and locks them all (ON CONFLICT DO UPDATE
    # locks the row it meets); sorted keys: two bookings never wait on each other in a circle.
    BookingContact.objects.bulk_create(
        [BookingContact(centre=centre, key=key) for key in sorted(keys)],
        update_conflicts=True,
        unique_fields=["centre", "key"],
        update_fields=["key"],
    )
    limit = (policy or booking_policy_kept(centre=centre)).max_upcoming_per_contact
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
    policy: BookingPolicy | None = None,
    windows: list[Window] | None = None,
    submission_key: uuid.UUID | None = None,
) -> tuple[Window, dt.datetime]:
    """Lock the windows offering the slot and return the first free one, with the slot's end.

    ``policy`` and ``windows`` (the office's active windows listing the service) save their
    queries when the caller has read them already."""
    day = timezone.localdate(starts_at)
    policy = policy or booking_policy_kept(centre=office.centre)
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
    candidates = windows if windows is not None else windows_for(office=office, service=service)
    # The timetable first, every slot free: which windows offer the slot at all.
    data = ScheduleData.timetable(
        centre=office.centre, office=office, windows=candidates, first=day, last=day
    )
    reason = data.closed_reason(day)
    if reason:
        raise ValidationError(closed_message(reason, data, day), code="closed")
    offered = [s for s in data.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not offered:
        raise ValidationError(
            _("У цей час офіс не приймає за цією послугою. Оберіть час зі списку."),
            code="not_offered",
        )
    locked = window_list_locked(pks=list(offered[0].window_ids))
    # Then, under the lock, the visits holding the windows that day (the others' too: a
    # refusal offers the day's free times from this one read).
    data.load_held(exclude_appointment_id=exclude_appointment_id)
    free = [s for s in data.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not free:
        raise slot_taken(
            data.slots(day=day, slot_minutes=minutes, not_before=not_before),
            maybe_own=submission_key is not None and submission_key in data.held_keys,
        )
    by_pk = {w.pk: w for w in locked}
    return by_pk[free[0].window_ids[0]], starts_at + dt.timedelta(minutes=minutes)


def slot_seen_taken(
    *,
    office: Office,
    service: Service,
    starts_at: dt.datetime,
    now: dt.datetime,
    online: bool,
    policy: BookingPolicy | None = None,
    windows: list[Window] | None = None,
    submission_key: uuid.UUID | None = None,
) -> SlotTakenError | None:
    """Before any lock: a time the visits already hold (read without a lock, one query over
    the kept timetable) is refused at once with the day's other free times, with nothing to
    wait for and nothing written. None when the time looks free, is not offered or breaks a
    rule, and when this submission's own visit may hold it (a double submit): the locked
    booking (`take_slot`) decides those."""
    day = timezone.localdate(starts_at)
    policy = policy or booking_policy_kept(centre=office.centre)
    first, last, not_before = booking_range(policy=policy, now=now, online=online)
    if not first <= day <= last or starts_at < max(now, not_before):
        return None
    minutes = slot_minutes_for(service=service)
    candidates = windows if windows is not None else windows_for(office=office, service=service)
    data = ScheduleData.timetable(
        centre=office.centre, office=office, windows=candidates, first=day, last=day
    )
    offered = data.slots(day=day, slot_minutes=minutes)
    if data.closed_reason(day) or not any(s.starts_at == starts_at for s in offered):
        return None
    data.load_held()
    if submission_key is not None and submission_key in data.held_keys:
        return None
    free = data.slots(day=day, slot_minutes=minutes, not_before=not_before)
    if any(s.starts_at == starts_at for s in free):
        return None
    return slot_taken(free, maybe_own=False)


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
    """Save a new visit with a fresh code (another on the rare clash); the visit of the same
    submission when a double submit won the race, else None.

    One statement: ``INSERT … ON CONFLICT DO NOTHING`` (`vidhuk.core.sqlinsert`), no savepoint
    and no check before it. Only when a unique constraint turned the row away is the database
    asked what collided (not the error's text, whose wording differs between PostgreSQL and
    SQLite): the same submission saved first, the code taken meanwhile, else the slot."""
    for _attempt in range(_CODE_ATTEMPTS):
        appointment.code = new_code()
        if insert_or_nothing(appointment):
            return None
        already = booked_by_submission(appointment.submission_key)
        if already is not None:
            return already
        if code_taken(appointment):
            continue
        raise slot_taken()
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
