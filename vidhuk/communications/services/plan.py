"""Writes of the communication plan (issue 13, point 8): measures made and edited by staff, and a
measure moving to "done" when what it links to is out — its publication visible, its mailing
sent, its event held (the daily check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from ..models import EventState, MailingState, MeasureStatus, PlanMeasure, Publication
from ..selectors.publications import visible_q

MEASURE_FIELDS = (
    "block",
    "description",
    "channel",
    "audience",
    "owner_unit",
    "owner",
    "due_on",
    "recurrence",
    "status",
    "target_reach",
    "actual_reach",
    "publication",
    "mailing",
    "event",
    "position",
)


def _check_scope(measure: PlanMeasure) -> None:
    for name in ("owner", "publication", "mailing", "event"):
        linked = getattr(measure, name)
        if linked is not None and linked.centre_id != measure.centre_id:
            raise ValidationError({name: _("Виберіть запис свого центру.")})


@transaction.atomic
def plan_measure_create(*, centre: Centre, actor: Any, data: dict[str, Any]) -> PlanMeasure:
    """A new measure of the centre's plan; ``data`` holds any of ``MEASURE_FIELDS``."""
    measure = PlanMeasure(centre=centre, **{k: v for k, v in data.items() if k in MEASURE_FIELDS})
    _check_scope(measure)
    measure.full_clean()
    measure.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=measure)
    return measure


@transaction.atomic
def plan_measure_update(*, measure: PlanMeasure, actor: Any, data: dict[str, Any]) -> PlanMeasure:
    locked = PlanMeasure.objects.select_for_update().get(pk=measure.pk)
    for name, value in data.items():
        if name in MEASURE_FIELDS:
            setattr(locked, name, value)
    _check_scope(locked)
    locked.full_clean()
    locked.save()
    audit_record(actor=actor, centre=locked.centre, action=AuditAction.UPDATE, obj=locked)
    return locked


@transaction.atomic
def plan_measures_sync(*, centre: Centre, now: dt.datetime) -> int:
    """The daily check: a measure whose publication residents can see, whose mailing has been
    sent or whose (not cancelled) event has ended is done. Returns how many measures moved."""
    open_measures = PlanMeasure.objects.filter(centre=centre).exclude(status=MeasureStatus.DONE)
    moved = open_measures.filter(
        publication__in=Publication.objects.filter(visible_q(now=now))
    ).update(status=MeasureStatus.DONE)
    moved += open_measures.filter(mailing__state=MailingState.DONE).update(
        status=MeasureStatus.DONE
    )
    moved += (
        open_measures.filter(event__ends_at__lte=now)
        .exclude(event__state=EventState.CANCELLED)
        .update(status=MeasureStatus.DONE)
    )
    return moved
