"""Schedules of booking: working intervals of offices and windows, bookable services, the
booking policy. Windows themselves are core's (``core.services.window_save``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record

from ..models import BookingPolicy, ServiceBooking, WorkingInterval


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
    public_pages_changed(centre)  # the booking steps keep the timetables (schedule.py)
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
    public_pages_changed(centre)  # the booking's first step lists the services booked online
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
    public_pages_changed(centre)  # the booking steps keep the rules (booking_policy_kept)
    audit_record(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=policy)
    return policy
