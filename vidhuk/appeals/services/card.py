"""The back of the registration card (Instruction КМУ №348): the resolution on the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..models import Appeal
from ._common import lock


@transaction.atomic
def appeal_set_resolution(
    *, appeal: Appeal, actor: Any, text: str, author: str, date: dt.date
) -> Appeal:
    """Write the resolution (text, who gave it, the day) on the card; a later one replaces it
    and the audit log keeps both."""
    lock(appeal)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["resolution_text"] = _("Напишіть текст резолюції.")
    if not author.strip():
        errors["resolution_author"] = _("Вкажіть, хто наклав резолюцію.")
    if date < timezone.localtime(appeal.received_at).date():
        errors["resolution_date"] = _("Резолюцію не можна накласти раніше, ніж надійшло звернення.")
    elif date > timezone.localdate():
        errors["resolution_date"] = _("Дата резолюції не може бути в майбутньому.")
    if errors:
        raise ValidationError(errors)
    old = [appeal.resolution_text, appeal.resolution_author, appeal.resolution_date]
    appeal.resolution_text, appeal.resolution_author, appeal.resolution_date = (
        text.strip(),
        author.strip(),
        date,
    )
    appeal.save(update_fields=["resolution_text", "resolution_author", "resolution_date"])
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.UPDATE,
        obj=appeal,
        changes={
            "resolution_text": [old[0], appeal.resolution_text],
            "resolution_author": [old[1], appeal.resolution_author],
            "resolution_date": [str(old[2] or ""), date.isoformat()],
        },
    )
    return appeal
