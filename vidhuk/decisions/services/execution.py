"""How a decision is carried out: milestones with planned dates and weights (progress %),
progress updates with before/after photos, and the survey indicators that show its effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Office
from vidhuk.core.uploads import IMAGE_KINDS, upload_check

from ..choices import DecisionEventKind, PhotoStage
from ..models import Decision, DecisionIndicator, Milestone, ProgressPhoto, ProgressUpdate
from ._common import audit, changed_fields, event_add

PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTOS_PER_UPDATE = 6


@transaction.atomic
def milestone_save(
    *,
    decision: Decision,
    actor: Any,
    title: str,
    planned_on: dt.date,
    weight: int = 1,
    title_en: str = "",
    milestone: Milestone | None = None,
    submission_key: UUID | None = None,
) -> Milestone:
    """Add a milestone (or edit ``milestone``). Its weight is its share of the progress %."""
    data = {"title": title, "title_en": title_en, "planned_on": planned_on, "weight": weight}
    if milestone is not None:
        if milestone.decision_id != decision.pk:
            raise ValidationError(_("Цей етап належить іншому рішенню."))
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        changes = changed_fields(milestone, data)
        milestone.full_clean()
        milestone.save()
        if changes:
            _record(decision, actor, milestone, changes, _("Змінено етап «%(title)s»"))
        return milestone
    if submission_key is not None:
        existing = Milestone.objects.filter(decision=decision, submission_key=submission_key)
        if existing.exists():
            return existing.get()
    last = decision.milestones.aggregate(last=Max("position"))["last"]
    milestone = Milestone(
        decision=decision, position=(last or 0) + 1, submission_key=submission_key, **data
    )
    milestone.full_clean()
    try:
        with transaction.atomic():
            milestone.save()
    except IntegrityError:
        found = Milestone.objects.filter(submission_key=submission_key).first()
        if submission_key is None or found is None:
            raise
        return found
    _record(decision, actor, milestone, {"created": title}, _("Додано етап «%(title)s»"))
    return milestone


def _record(
    decision: Decision, actor: Any, milestone: Milestone, changes: dict[str, Any], note: str
) -> None:
    event_add(
        decision=decision,
        actor=actor,
        kind=DecisionEventKind.MILESTONE,
        note=note % {"title": milestone.title},
        is_public=True,
    )
    audit(
        actor=actor,
        centre=decision.centre,
        action=AuditAction.UPDATE,
        obj=milestone,
        changes=changes,
    )


@transaction.atomic
def milestone_done(*, milestone: Milestone, actor: Any, done_on: dt.date | None) -> Milestone:
    """Mark a milestone done on ``done_on`` (or not done, with ``None``). Done later than planned,
    it stays shown as slipped."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("decision__centre")
        .get(pk=milestone.pk)
    )
    if milestone.done_on == done_on:
        return milestone  # the same form sent twice
    before = milestone.done_on
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    note = _("Етап «%(title)s» виконано") if done_on else _("Етап «%(title)s» знову не виконано")
    _record(
        milestone.decision,
        actor,
        milestone,
        {"done_on": [before and before.isoformat(), done_on and done_on.isoformat()]},
        note,
    )
    return milestone


@dataclass(frozen=True)
class PhotoIntake:
    file: Any
    stage: str = PhotoStage.OTHER
    caption: str = ""


@transaction.atomic
def progress_update_add(
    *,
    decision: Decision,
    actor: Any,
    text: str,
    is_public: bool,
    text_en: str = "",
    photos: Iterable[PhotoIntake] = (),
    submission_key: UUID | None = None,
) -> ProgressUpdate:
    """Say what was done, public or internal, with photos (before/after). Each photo is checked
    by its content and stored anew without EXIF (no GPS position, no camera serial)."""
    if submission_key is not None:
        existing = ProgressUpdate.objects.filter(decision=decision, submission_key=submission_key)
        if existing.exists():
            return existing.get()
    photos = list(photos)
    if len(photos) > PHOTOS_PER_UPDATE:
        raise ValidationError(
            {"photos": _("Додайте не більше %(n)s фото.") % {"n": PHOTOS_PER_UPDATE}}
        )
    checked = [
        (upload_check(p.file, kinds=IMAGE_KINDS, max_bytes=PHOTO_MAX_BYTES), p) for p in photos
    ]
    update = ProgressUpdate(
        decision=decision,
        text=text.strip(),
        text_en=text_en.strip(),
        is_public=is_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        submission_key=submission_key,
    )
    update.full_clean()
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:
        found = ProgressUpdate.objects.filter(submission_key=submission_key).first()
        if submission_key is None or found is None:
            raise
        return found
    for upload, intake in checked:
        photo = ProgressPhoto(
            update=update,
            stage=intake.stage,
            caption=intake.caption[:255],
            content_type=upload.content_type,
        )
        extension = "png" if upload.kind == "png" else "jpg"
        photo.image.save(f"photo.{extension}", ContentFile(upload.content), save=False)
        photo.save()
    event_add(
        decision=decision,
        actor=actor,
        kind=DecisionEventKind.UPDATE,
        note=update.text[:500],
        is_public=is_public,
    )
    audit(
        actor=actor,
        centre=decision.centre,
        action=AuditAction.CREATE,
        obj=update,
        changes={"is_public": is_public, "photos": len(checked)},
    )
    return update


@transaction.atomic
def indicator_add(
    *,
    decision: Decision,
    actor: Any,
    questionnaire_id: int,
    question_key: str,
    label: str,
    office: Office | None = None,
    service: Service | None = None,
    baseline: dict[str, Any] | None = None,
) -> DecisionIndicator:
    """Name a survey indicator whose change shows the decision's effect; ``baseline`` is the
    figure before the decision (same shape as Evidence.figure)."""
    for scoped in (office, service):
        if scoped is not None and scoped.centre_id != decision.centre_id:
            raise ValidationError(_("Виберіть офіси та послуги свого центру."))
    indicator = DecisionIndicator.objects.create(
        decision=decision,
        questionnaire_id=questionnaire_id,
        question_key=question_key,
        label=label[:255],
        office=office,
        service=service,
        baseline=baseline,
    )
    event_add(
        decision=decision,
        actor=actor,
        kind=DecisionEventKind.INDICATOR,
        note=_("Показник ефекту: %(label)s") % {"label": indicator.label},
        is_public=True,
    )
    audit(actor=actor, centre=decision.centre, action=AuditAction.CREATE, obj=indicator)
    return indicator
