"""What a booking change sends, queued to run after the commit: mail when the visit has an
e-mail (confirmation, «Запис перенесено», cancellation), and the private link by SMS when it
has a phone only (``vidhuk.core.sms``; a phone-only visit has no other way to get the link)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Appointment


def notify_on_commit(
    kind: str, visit: Appointment, *, base_url: str = "", before: dt.datetime | None = None
) -> None:
    """``kind``: "confirmation", "moved" (``before`` is the old start) or "cancelled"."""
    from . import sms, tasks

    pk = visit.pk
    if not visit.email:
        if kind == "confirmation" and visit.phone:
            transaction.on_commit(lambda: sms.appointment_send_link_sms.enqueue(pk, base_url))
        return
    if kind == "confirmation":
        key = f"confirm:{pk}:{visit.starts_at.isoformat()}"
        transaction.on_commit(
            lambda: tasks.appointment_send_confirmation.enqueue(pk, key, base_url)
        )
    elif kind == "moved":
        key = f"moved:{pk}:{visit.starts_at.isoformat()}"
        old = timezone.localtime(before).isoformat() if before else ""
        transaction.on_commit(lambda: tasks.appointment_send_moved.enqueue(pk, key, base_url, old))
    else:
        transaction.on_commit(lambda: tasks.appointment_send_cancellation.enqueue(pk))
