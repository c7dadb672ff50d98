"""Registered devices of the hall: kiosks that issue tickets and boards that show the calls.

The public cannot print tickets from the internet: the kiosk page issues a ticket only to a
browser that staff set up as a kiosk of that office (a resident takes a web ticket instead,
under a per-client limit). The steps:

1. staff register a device (``queue_device_register``) and get a one-time **set-up code**,
   valid for ``SETUP_HOURS`` hours;
2. the code is typed (or its link opened) on the device: ``queue_device_activate`` swaps it for
   a random **device token**, which the view keeps in a signed cookie on that browser for years;
3. each visit reads the cookie, finds the device by the token's HMAC (``queue_device_for_token``)
   and notes when it was last seen; staff revoke a device from the list at any time.

Only HMACs of the code and the token are stored (under ``SECRET_KEY``), never the values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.sqlselect import first_where
from vidhuk.core.tokens import code_new, code_normalise, token_digest, token_new

from .choices import DeviceKind
from .models import QueueDevice

SETUP_HOURS = 24
# Read off one screen and typed on another: ``CODE_ALPHABET`` (no 0/O, 1/I/L), read back with
# ``code_normalise`` (a Ukrainian keyboard's look-alikes too).
SETUP_LENGTH = 12
# A device seen within this many seconds is not written again (boards poll every 2 s).
SEEN_EVERY_SECONDS = 60


def _digest(kind: str, value: str) -> str:
    return token_digest(f"vidhuk.queue.{kind}", value)


def display_setup_code(code: str) -> str:
    """«ABCD-EFGH-JKMN»: groups of four are easier to read across a hall."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def queue_device_register(
    *, office: Office, kind: str, label: str, actor: Any, now: dt.datetime | None = None
) -> tuple[QueueDevice, str]:
    """Register a kiosk or a board of the office; returns the device and its one-time set-up
    code (shown to staff once, stored only as an HMAC)."""
    now = now or timezone.now()
    if kind not in DeviceKind.values:
        raise ValidationError({"kind": _("Оберіть, що це за пристрій.")})
    code = code_new(SETUP_LENGTH)
    device = QueueDevice(
        centre_id=office.centre_id,
        office=office,
        kind=kind,
        label=label.strip(),
        setup_digest=_digest("device-setup", code),
        setup_expires_at=now + dt.timedelta(hours=SETUP_HOURS),
        created_at=now,
    )
    device.full_clean()
    device.save()
    audit_record(
        actor=actor,
        centre=office.centre,
        action=AuditAction.CREATE,
        obj=device,
        changes={"office": office.name, "kind": kind},
    )
    return device, code


@transaction.atomic
def queue_device_activate(
    *, centre: Centre, code: str, now: dt.datetime | None = None
) -> tuple[QueueDevice, str]:
    """Swap a set-up code for the device's token (kept in the device's cookie). The code works
    once and only before it expires; a code of another centre is not found either."""
    now = now or timezone.now()
    normalised = code_normalise(code)
    device = (
        QueueDevice.objects.select_for_update()
        .select_related("office")
        .filter(
            centre=centre,
            setup_digest=_digest("device-setup", normalised),
            setup_expires_at__gt=now,
            revoked_at__isnull=True,
        )
        .first()
        if normalised
        else None
    )
    if device is None:
        raise ValidationError(
            _(
                "Цей код не підходить: його вже використано, строк його дії минув або його "
                "введено з помилкою. Попросіть адміністратора зареєструвати пристрій ще раз."
            ),
            code="setup_code",
        )
    token = token_new()
    device.setup_digest = None
    device.setup_expires_at = None
    device.token_digest = _digest("device", token)
    device.activated_at = device.last_seen_at = now
    device.save(
        update_fields=[
            "setup_digest",
            "setup_expires_at",
            "token_digest",
            "activated_at",
            "last_seen_at",
        ]
    )
    return device, token


@transaction.atomic
def queue_device_revoke(
    *, device: QueueDevice, actor: Any, now: dt.datetime | None = None
) -> QueueDevice:
    """The device stops working at once; its cookie and any unused set-up code are void."""
    now = now or timezone.now()
    if device.revoked_at is None:
        device.revoked_at = now
        device.setup_digest = None
        device.setup_expires_at = None
        device.save(update_fields=["revoked_at", "setup_digest", "setup_expires_at"])
        audit_record(
            actor=actor,
            centre=device.office.centre,
            action=AuditAction.UPDATE,
            obj=device,
            changes={"revoked_at": now.isoformat()},
        )
    return device


def queue_device_for_token(
    *, token: str, office: Office | None = None, now: dt.datetime | None = None
) -> QueueDevice | None:
    """The working device holding this token (of the office, when given), noting it was seen."""
    if not token:
        return None
    digest = _digest("device", token)
    if office is None:
        device = (
            QueueDevice.objects.filter(token_digest=digest, revoked_at__isnull=True)
            .select_related("office")
            .first()
        )
    else:
        # A kiosk or a board asks with its office, already read: not joined again, and its
        # statement built once (on every tap and every poll, read live: staff may revoke it).
        device = first_where(QueueDevice, token_digest=digest, revoked_at=None, office_id=office.pk)
        if device is not None:
            device.office = office
    if device is not None:
        now = now or timezone.now()
        seen_before = now - dt.timedelta(seconds=SEEN_EVERY_SECONDS)
        if device.last_seen_at is None or device.last_seen_at < seen_before:
            QueueDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
            device.last_seen_at = now
    return device


def queue_device_list_for_staff(*, centre: Centre) -> QuerySet[QueueDevice]:
    return (
        QueueDevice.objects.filter(centre=centre, office__centre=centre)
        .select_related("office")
        .order_by(
            F("revoked_at").asc(nulls_first=True),
            "office__position",
            "office__name",
            "kind",
            "label",
            "id",
        )
    )


def queue_device_get_for_staff(*, centre: Centre, pk: int) -> QueueDevice:
    device = queue_device_list_for_staff(centre=centre).filter(pk=pk).first()
    if device is None:
        raise Http404("No such device")
    return device
