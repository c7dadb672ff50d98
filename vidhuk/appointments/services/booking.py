"""Booking a visit, online or at the desk (keyword-only, atomic, audited; see `slots`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.services import audit_record

from ..choices import AppointmentStatus, BookingChannel
from ..contacts import contact_key, normalise_phone
from ..models import Appointment, BookingPolicy
from ..notify import notify_on_commit
from ..selectors import (
    is_bookable_online,
)
from ..tokens import link_token_for, new_link
from .slots import (
    SlotTakenError,
    booked_by_submission,
    check_contact_limit,
    save_with_code,
    slot_seen_taken,
    take_slot,
)


def appointment_link_token(appointment: Appointment) -> str:
    """The private link token of a visit (derived from its salt; never stored)."""
    return link_token_for(salt=appointment.link_salt) if appointment.link_salt else ""


def _booking_check(
    *,
    centre: Centre,
    office: Office,
    service: Service,
    online: bool,
    name: str,
    phone: str,
    email: str,
) -> tuple[str, str, str]:
    """What is refused before any slot is locked; gives the name, phone and e-mail as stored."""
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
    return name, phone, email


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
    policy: BookingPolicy | None = None,
    windows: list[Window] | None = None,
) -> Appointment:
    """Book the visit at ``starts_at`` in the first free window offering it.

    Online bookings keep to the centre's horizon, minimum notice and per-person limit; staff
    booking for a caller keeps to the horizon only. A phone is normalised to E.164 (region UA).
    Raises ``SlotTakenError`` (with the day's other free times) when someone else took the time
    first, ``ContactLimitError`` when the person holds too many upcoming visits,
    ``ValidationError`` for anything else; nothing is saved then. The same ``submission_key``
    again (a double submit) returns the first visit: it is looked for only when the booking is
    refused or its row clashes, not before every booking. ``policy`` (the centre's booking
    rules) and ``windows`` (the office's active windows listing the service) save their reads
    when the caller has them. A time the visits already hold is refused before any
    transaction, from one read (`slot_seen_taken`); the rest is one transaction.
    """
    now = now or timezone.now()
    online = channel == BookingChannel.ONLINE
    name, phone, email = _booking_check(
        centre=centre,
        office=office,
        service=service,
        online=online,
        name=name,
        phone=phone,
        email=email,
    )
    seen_taken = slot_seen_taken(
        office=office,
        service=service,
        starts_at=starts_at,
        now=now,
        online=online,
        policy=policy,
        windows=windows,
        submission_key=submission_key,
    )
    if seen_taken is not None:
        raise seen_taken
    with transaction.atomic():
        return _book_locked(
            centre=centre,
            office=office,
            service=service,
            starts_at=starts_at,
            contact=(name, phone, email),
            channel=channel,
            booked_by=booked_by,
            base_url=base_url,
            submission_key=submission_key,
            now=now,
            policy=policy,
            windows=windows,
        )


def _book_locked(
    *,
    centre: Centre,
    office: Office,
    service: Service,
    starts_at: dt.datetime,
    contact: tuple[str, str, str],
    channel: str,
    booked_by: Any,
    base_url: str,
    submission_key: uuid.UUID | None,
    now: dt.datetime,
    policy: BookingPolicy | None,
    windows: list[Window] | None,
) -> Appointment:
    """`appointment_book` under its locks: the contact's limit, the slot, the row."""
    name, phone, email = contact
    online = channel == BookingChannel.ONLINE
    keys = sorted({k for k in (contact_key(phone), contact_key(email)) if k})
    taken = _slot_take_or_first(
        centre=centre,
        keys=keys,
        office=office,
        service=service,
        starts_at=starts_at,
        now=now,
        online=online,
        policy=policy,
        windows=windows,
        submission_key=submission_key,
    )
    if isinstance(taken, Appointment):
        return taken
    window, ends_at = taken
    appointment = Appointment(
        centre=centre,
        office=office,
        service=service,
        window=window,
        starts_at=starts_at,
        ends_at=ends_at,
        channel=channel,
        booked_by=booked_by if getattr(booked_by, "is_authenticated", False) else None,
        submission_key=submission_key,
    )
    duplicate = _appointment_save(appointment, name=name, phone=phone, email=email)
    if duplicate is not None:
        return duplicate
    if booked_by is not None and getattr(booked_by, "is_authenticated", False):
        audit_record(actor=booked_by, centre=centre, action=AuditAction.CREATE, obj=appointment)
    notify_on_commit("confirmation", appointment, base_url=base_url)
    return appointment


def _slot_take_or_first(
    *,
    centre: Centre,
    keys: list[str],
    office: Office,
    service: Service,
    starts_at: dt.datetime,
    now: dt.datetime,
    online: bool,
    policy: BookingPolicy | None,
    windows: list[Window] | None,
    submission_key: uuid.UUID | None,
) -> tuple[Window, dt.datetime] | Appointment:
    """The window and end of the slot taken under its lock — or, for a double submit refused
    its slot or its contact's limit, the visit the first submit booked."""
    try:
        if online:
            check_contact_limit(centre=centre, keys=keys, now=now, policy=policy)
        return take_slot(
            office=office,
            service=service,
            starts_at=starts_at,
            now=now,
            online=online,
            policy=policy,
            windows=windows,
            submission_key=submission_key,
        )
    except SlotTakenError as error:
        # Taken by someone else, as the visits read under the lock show: no double submit.
        already = booked_by_submission(submission_key) if error.maybe_own else None
        if already is not None:
            return already
        raise
    except ValidationError:
        # A double submit (after the first one, or waiting on its locks) is refused its slot
        # or its contact's limit: it finds the first one's visit now.
        already = booked_by_submission(submission_key)
        if already is not None:
            return already
        raise


def _appointment_save(
    appointment: Appointment, *, name: str, phone: str, email: str
) -> Appointment | None:
    """Saves the new visit as booked, with the person's contacts, its private link and a code
    (see ``save_with_code``); gives the visit a double submit stored first, if any."""
    salt, _token, hashed = new_link()
    appointment.status = AppointmentStatus.BOOKED
    appointment.name = name[:150]
    appointment.phone, appointment.email = phone, email
    appointment.phone_key, appointment.email_key = contact_key(phone), contact_key(email)
    appointment.link_salt, appointment.link_hash = salt, hashed
    return save_with_code(appointment)
