"""Writes of booking: book, move, cancel, check in, outcome; schedules; the retention schedule.

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
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.tokens import code_normalise as normalise_code

from .choices import OUTCOME_STATUSES, AppointmentStatus, BookingChannel
from .contacts import contact_key, normalise_phone
from .models import (
    Appointment,
    BookingContact,
    BookingPolicy,
    ServiceBooking,
    Window,
    WorkingInterval,
)
from .notify import notify_on_commit
from .schedule import ScheduleData
from .selectors import (
    booking_policy_for,
    booking_range,
    is_bookable_online,
    slot_minutes_for,
    upcoming_count_for_contact,
    windows_for,
)
from .tokens import link_token_for, new_code, new_link

_CODE_ATTEMPTS = 8


class SlotTakenError(ValidationError):
    """The slot was free when shown and is taken now: offer the other free times."""


class ContactLimitError(ValidationError):
    """The person already holds as many upcoming visits as the centre allows."""


# ---------------------------------------------------------------------------- booking


def appointment_link_token(appointment: Appointment) -> str:
    """The private link token of a visit (derived from its salt; never stored)."""
    return link_token_for(salt=appointment.link_salt) if appointment.link_salt else ""


@transaction.atomic
def appointment_book(
    *,
    centre: Centre,
    office: Office,
    service: Service,
    starts_at: dt.datetime,
    name: str,
    phone: str = "",
    email: str = "",
    channel: str = BookingChannel.ONLINE,
    booked_by: Any = None,
    base_url: str = "",
    submission_key: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book the visit at ``starts_at`` in the first free window offering it.

    Online bookings keep to the centre's horizon, minimum notice and per-person limit; staff
    booking for a caller keeps to the horizon only. A phone is normalised to E.164 (region UA).
    Raises ``SlotTakenError`` when someone else took the time first, ``ContactLimitError`` when
    the person holds too many upcoming visits, ``ValidationError`` for anything else; nothing
    is saved then. The same ``submission_key`` again (a double submit) returns the first visit.
    """
    now = now or timezone.now()
    already = _booked_by_submission(submission_key)
    if already is not None:
        return already
    online = channel == BookingChannel.ONLINE
    if office.centre_id != centre.pk or service.centre_id != centre.pk:
        raise ValidationError(_("Ця послуга чи офіс не належать до цього центру."))
    if online and not is_bookable_online(service=service):
        raise ValidationError(_("На цю послугу записують лише телефоном центру."))
    phone = normalise_phone(phone)
    email = email.strip().lower()
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Вкажіть ваше ім’я.")})
    if not phone and not email:
        raise ValidationError(
            {"phone": _("Вкажіть телефон або електронну пошту, щоб ми могли з вами зв’язатися.")}
        )
    keys = sorted({k for k in (contact_key(phone), contact_key(email)) if k})
    try:
        if online:
            _check_contact_limit(centre=centre, keys=keys, now=now)
        window, ends_at = _take_slot(
            office=office, service=service, starts_at=starts_at, now=now, online=online
        )
    except ValidationError:
        # A double submit waited on the first one's locks: it finds the first one's visit now.
        already = _booked_by_submission(submission_key)
        if already is not None:
            return already
        raise
    salt, _token, hashed = new_link()
    appointment = Appointment(
        centre=centre,
        office=office,
        service=service,
        window=window,
        starts_at=starts_at,
        ends_at=ends_at,
        status=AppointmentStatus.BOOKED,
        channel=channel,
        name=name[:150],
        phone=phone,
        email=email,
        phone_key=contact_key(phone),
        email_key=contact_key(email),
        link_salt=salt,
        link_hash=hashed,
        booked_by=booked_by if getattr(booked_by, "is_authenticated", False) else None,
        submission_key=submission_key,
    )
    duplicate = _save_with_code(appointment)
    if duplicate is not None:
        return duplicate
    if booked_by is not None and getattr(booked_by, "is_authenticated", False):
        audit_record(actor=booked_by, centre=centre, action=AuditAction.CREATE, obj=appointment)
    notify_on_commit("confirmation", appointment, base_url=base_url)
    return appointment


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
    _require_changeable(visit, now=now)
    if visit.starts_at == starts_at:
        return visit
    before = timezone.localtime(visit.starts_at)
    window, ends_at = _take_slot(
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
        raise _slot_taken() from None
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
    _require_changeable(visit, now=now)
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


# ---------------------------------------------------------------------------- the queue's API


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


# ---------------------------------------------------------------------------- retention


def appointments_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    """Clear the name and contacts of visits that ended more than the centre's retention period
    ago (the Law «Про захист персональних даних», art. 6: no longer than the purpose needs).
    Returns how many visits were anonymised; a second run finds nothing. The per-contact lock
    rows no upcoming booked visit uses are deleted too."""
    now = now or timezone.now()
    total = 0
    for centre_id in (
        Appointment.objects.filter(anonymised_at__isnull=True, ends_at__lt=now)
        .values_list("centre_id", flat=True)
        .distinct()
    ):
        policy = booking_policy_for(centre=Centre(pk=centre_id))
        cutoff = now - dt.timedelta(days=policy.retention_days)
        with transaction.atomic():
            total += Appointment.objects.filter(
                centre_id=centre_id, anonymised_at__isnull=True, ends_at__lt=cutoff
            ).update(
                name="",
                phone="",
                email="",
                phone_key="",
                email_key="",
                link_salt="",
                link_hash="",
                anonymised_at=now,
            )
    _delete_unused_contacts(now=now)
    return total


def _delete_unused_contacts(*, now: dt.datetime) -> int:
    """Delete the per-contact lock rows no upcoming booked visit uses: they only serve the
    per-person limit, which counts upcoming booked visits, and keep an HMAC of a contact."""
    in_use = Appointment.objects.filter(
        Q(phone_key=OuterRef("key")) | Q(email_key=OuterRef("key")),
        centre_id=OuterRef("centre_id"),
        status=AppointmentStatus.BOOKED,
        starts_at__gte=now,
    )
    deleted, _by_model = BookingContact.objects.filter(~Exists(in_use)).delete()
    return deleted


# ---------------------------------------------------------------------------- schedules


@transaction.atomic
def window_save(
    *,
    centre: Centre,
    office: Office,
    number: str,
    label: str = "",
    services: list[Service],
    is_active: bool = True,
    window: Window | None = None,
    actor: Any = None,
) -> Window:
    """Create a window of an office, or change one; only the centre's own services."""
    if office.centre_id != centre.pk or any(s.centre_id != centre.pk for s in services):
        raise ValidationError(_("Офіс і послуги мають належати до цього центру."))
    is_new = window is None
    window = window or Window(centre=centre, office=office)
    window.number, window.label, window.is_active = number.strip(), label.strip(), is_active
    window.full_clean()
    window.save()
    window.services.set(services)
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=window,
    )
    return window


@transaction.atomic
def working_intervals_set(
    *,
    centre: Centre,
    office: Office,
    window: Window | None,
    week: dict[int, list[tuple[dt.time, dt.time]]],
    actor: Any = None,
) -> list[WorkingInterval]:
    """Replace the weekly template of an office (``window`` None) or of one window.

    An empty week removes the template: the window follows the office again, the office its
    opening hours. Intervals of a day must not overlap."""
    if office.centre_id != centre.pk or (window is not None and window.office_id != office.pk):
        raise ValidationError(_("Вікно має належати до цього офісу."))
    rows = []
    for weekday, intervals in sorted(week.items()):
        ordered = sorted(intervals)
        for (_s1, e1), (s2, _e2) in zip(ordered, ordered[1:], strict=False):
            if s2 < e1:
                raise ValidationError(_("Інтервали одного дня не мають перетинатися."))
        for starts, ends in ordered:
            row = WorkingInterval(
                centre=centre,
                office=office,
                window=window,
                weekday=weekday,
                starts=starts,
                ends=ends,
            )
            row.full_clean()
            rows.append(row)
    WorkingInterval.objects.filter(office=office, window=window).delete()
    created = WorkingInterval.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.UPDATE,
        obj=window or office,
        changes={"booking_template": [str(r) for r in created]},
    )
    return created


@transaction.atomic
def service_booking_set(
    *,
    centre: Centre,
    service: Service,
    slot_minutes: int,
    is_bookable_online: bool,
    actor: Any = None,
) -> ServiceBooking:
    if service.centre_id != centre.pk:
        raise ValidationError(_("Послуга має належати до цього центру."))
    booking = ServiceBooking.objects.filter(service=service).first() or ServiceBooking(
        centre=centre, service=service
    )
    booking.slot_minutes, booking.is_bookable_online = slot_minutes, is_bookable_online
    booking.full_clean()
    booking.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=booking)
    return booking


@transaction.atomic
def booking_policy_set(
    *,
    centre: Centre,
    horizon_days: int,
    min_notice_minutes: int,
    max_upcoming_per_contact: int,
    retention_days: int,
    actor: Any = None,
) -> BookingPolicy:
    policy = BookingPolicy.objects.select_for_update().filter(centre=centre).first()
    policy = policy or BookingPolicy(centre=centre)
    policy.horizon_days = horizon_days
    policy.min_notice_minutes = min_notice_minutes
    policy.max_upcoming_per_contact = max_upcoming_per_contact
    policy.retention_days = retention_days
    policy.full_clean(validate_constraints=False)
    policy.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=policy)
    return policy


# ---------------------------------------------------------------------------- helpers


def _booked_by_submission(submission_key: uuid.UUID | None) -> Appointment | None:
    if submission_key is None:
        return None
    return Appointment.objects.filter(submission_key=submission_key).first()


def _slot_taken() -> SlotTakenError:
    return SlotTakenError(
        _("Цей час щойно зайняли. Оберіть, будь ласка, інший — ось вільний час цього дня."),
        code="taken",
    )


def _check_contact_limit(*, centre: Centre, keys: list[str], now: dt.datetime) -> None:
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


def _take_slot(
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
        raise ValidationError(_closed_message(reason, template, day), code="closed")
    template.held = {}
    offered = [s for s in template.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not offered:
        raise ValidationError(
            _("У цей час офіс не приймає за цією послугою. Оберіть час зі списку."),
            code="not_offered",
        )
    locked = list(
        Window.objects.select_for_update().filter(pk__in=offered[0].window_ids).order_by("pk")
    )
    fresh = ScheduleData.load(
        office=office,
        windows=locked,
        first=day,
        last=day,
        exclude_appointment_id=exclude_appointment_id,
    )
    free = [s for s in fresh.slots(day=day, slot_minutes=minutes) if s.starts_at == starts_at]
    if not free:
        raise _slot_taken()
    by_pk = {w.pk: w for w in locked}
    return by_pk[free[0].window_ids[0]], starts_at + dt.timedelta(minutes=minutes)


def _closed_message(reason: str, data: ScheduleData, day: dt.date) -> str:
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


def _save_with_code(appointment: Appointment) -> Appointment | None:
    """Save with a fresh code (another on the rare clash); the visit of the same submission when
    a double submit won the race, else None.

    What collided is found by asking the database again, not by reading the error's text (its
    wording differs between PostgreSQL, which names the constraint, and SQLite, which names the
    columns): the same submission saved first, the code taken meanwhile, else the slot."""
    for _attempt in range(_CODE_ATTEMPTS):
        appointment.code = new_code()
        if _code_taken(appointment):
            continue
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError:
            appointment.pk = None
            already = _booked_by_submission(appointment.submission_key)
            if already is not None:
                return already
            if _code_taken(appointment):
                continue
            raise _slot_taken() from None
        return None
    raise RuntimeError("No free confirmation code after several attempts")


def _code_taken(appointment: Appointment) -> bool:
    return Appointment.objects.filter(
        centre_id=appointment.centre_id, code=appointment.code
    ).exists()


def _require_changeable(visit: Appointment, *, now: dt.datetime) -> None:
    if visit.status == AppointmentStatus.CANCELLED:
        raise ValidationError(_("Цей запис уже скасовано."), code="cancelled")
    if visit.status != AppointmentStatus.BOOKED or visit.starts_at <= now:
        raise ValidationError(
            _("Цей візит уже відбувся або триває — змінити його не можна."), code="past"
        )
