"""Minutes of a held hearing, consultation or working group, and the findings they give: staff
pick remarks from the minutes and the decisions register gets a finding resting on them, each
remark one piece of evidence of source ``hearing_remark`` (object «<event id>:<remark number>»).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.services import model_update
from vidhuk.decisions.models import Finding
from vidhuk.decisions.services import evidence_add, finding_create

from ..models import Event, EventKind, EventState

HEARING_REMARK = "hearing_remark"  # the evidence source of a remark from a hearing's minutes
HEARING_KINDS = (EventKind.HEARING, EventKind.CONSULTATION, EventKind.WORKING_GROUP)


def minutes_remarks(minutes: str) -> list[str]:
    """The remarks of the minutes: each paragraph (lines separated by an empty line), or each
    line when the minutes have no empty lines."""
    text = minutes.replace("\r\n", "\n").strip()
    if not text:
        return []
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [" ".join(part.split()) for part in parts if part.strip()]


def is_held_hearing(event: Event, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        event.kind in HEARING_KINDS
        and event.state == EventState.SCHEDULED
        and event.starts_at <= now
    )


@transaction.atomic
def event_minutes_save(*, event: Event, actor: Any, minutes: str) -> Event:
    model_update(
        instance=event, data={"minutes": minutes.strip()}, actor=actor, centre=event.centre
    )
    return event


def remark_label(event: Event, number: int) -> str:
    return _("%(kind)s «%(title)s», %(date)s: зауваження %(number)s") % {
        "kind": event.get_kind_display(),
        "title": event.title[:120],
        "date": f"{timezone.localtime(event.starts_at):%d.%m.%Y}",
        "number": number,
    }


@transaction.atomic
def event_finding_from_minutes(
    *,
    event: Event,
    actor: Any,
    remark_numbers: list[int],
    title: str,
    summary: str,
    submission_key: UUID | None = None,
) -> Finding:
    """Turn remarks of a held hearing's minutes into a finding of the decisions register, each
    remark one piece of evidence (source ``hearing_remark``, object «<event>:<number>»)."""
    if not is_held_hearing(event):
        raise ValidationError(_("Висновок можна створити лише з протоколу проведених слухань."))
    remarks = minutes_remarks(event.minutes)
    chosen = sorted({n for n in remark_numbers if 1 <= n <= len(remarks)})
    if not chosen:
        raise ValidationError({"remarks": _("Виберіть хоча б одне зауваження з протоколу.")})
    finding = finding_create(
        centre=event.centre,
        actor=actor,
        title=title,
        summary=summary,
        topic=event.title[:120],
        offices=list(event.offices.all()),
        submission_key=submission_key,
    )
    for number in chosen:
        evidence_add(
            finding=finding,
            actor=actor,
            source=HEARING_REMARK,
            object_id=f"{event.pk}:{number}",
            label=remark_label(event, number),
            channel="hearing",
            occurred_on=timezone.localtime(event.starts_at).date(),
        )
    return finding
