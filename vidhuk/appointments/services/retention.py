"""Personal data of past visits cleared on schedule (the retention period of the centre)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vidhuk.core.models import Centre

from ..choices import AppointmentStatus
from ..models import (
    Appointment,
    BookingContact,
)
from ..selectors import (
    booking_policy_for,
)


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
