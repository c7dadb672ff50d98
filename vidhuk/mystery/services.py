"""Writes of mystery-shopper reports: filing (draft or submitted), photos, and the staff review.

A report moves draft → submitted → accepted, or submitted → returned (with a comment) →
submitted again. Only the evaluator who filed it may change it, and only while it is a draft or
returned; only a submitted report may be accepted or returned. A refused step changes nothing.

The checklist answers are an ordinary surveys ``Response`` of the mystery-shopper version,
written through surveys' checklist services (`vidhuk.surveys.services.checklists`): saving
again replaces its answers in the same transaction, so a reader never sees half of the old
answers and half of the new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.uploads import IMAGE_KINDS, CheckedUpload, upload_check, uploads_check
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.selectors.checklists import response_id_by_submission_key
from vidhuk.surveys.services.checklists import (
    checklist_answers_check,
    checklist_response_create,
    checklist_response_update,
)

from .choices import MysteryVisitStatus
from .models import MysteryVisit, MysteryVisitPhoto

if TYPE_CHECKING:
    from vidhuk.surveys.models import Answer, QuestionnaireVersion

AnswerValue = Any  # what the checklist form gives for one question

MAX_MINUTES = 24 * 60
MAX_PHOTOS = 10
MAX_PHOTO_MB = 10
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
# A visit entered as «now», rounded up to the minute on a phone whose clock runs ahead.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)
EDITABLE = frozenset({MysteryVisitStatus.DRAFT, MysteryVisitStatus.RETURNED})


@dataclass(frozen=True)
class VisitFacts:
    """What the evaluator records about the visit itself, beside the checklist."""

    visited_at: dt.datetime
    office: Office
    service: Service | None = None
    minutes_waited: int | None = None
    minutes_served: int | None = None


# --- filing --------------------------------------------------------------------------------------


@transaction.atomic
def mystery_visit_create(
    *,
    centre: Centre,
    evaluator: Any,
    version: QuestionnaireVersion,
    facts: VisitFacts,
    answers: dict[str, AnswerValue],
    submission_key: str,
    photos: list[Any] | None = None,
    submit: bool = False,
) -> MysteryVisit:
    """File a new report against the centre's published checklist, as a draft or submitted.

    A draft may leave questions unanswered; a submitted report needs every required answer.
    A repeated ``submission_key`` (a double submit of the same form) returns the report it
    already made.
    """
    existing = _visit_by_key(version=version, submission_key=submission_key, evaluator=evaluator)
    if existing is not None:
        return existing
    if version.questionnaire.centre_id != centre.pk or (
        version.questionnaire.kind != QuestionnaireKind.MYSTERY_SHOPPER
    ):
        raise ValidationError(_("Цей чек-лист не належить центру."))
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Чек-лист не опубліковано: звіт за ним подати не можна."))
    if not submission_key or len(submission_key) > 64:
        raise ValidationError(_("Форма пошкоджена: оновіть сторінку й надішліть ще раз."))
    cleaned = _clean_photos(photos or [], already=0)
    rows = mystery_answers_check(version=version, answers=answers, complete=submit)
    visit = _with_facts(MysteryVisit(centre=centre, version=version, evaluator=evaluator), facts)
    _check_facts(visit)
    response = checklist_response_create(
        centre=centre,
        version=version,
        office=facts.office,
        service=facts.service,
        submitted_on=timezone.localdate(facts.visited_at),
        submission_key=submission_key,
        rows=rows,
    )
    if response is None:
        # A concurrent double submit of the same form won the race: keep that report.
        found = _visit_by_key(version=version, submission_key=submission_key, evaluator=evaluator)
        if found is None:
            raise ValidationError(
                _("Форма пошкоджена: оновіть сторінку й надішліть ще раз.")
            ) from None
        return found
    visit.response = response
    if submit:
        visit.status = MysteryVisitStatus.SUBMITTED
        visit.submitted_at = timezone.now()
    visit.full_clean()
    visit.save()
    _store_photos(visit, cleaned)
    audit_record(
        actor=evaluator,
        centre=centre,
        action=AuditAction.CREATE,
        obj=visit,
        changes={"status": visit.status, "photos": len(cleaned)},
    )
    return visit


@transaction.atomic
def mystery_visit_update(
    *,
    visit: MysteryVisit,
    evaluator: Any,
    facts: VisitFacts,
    answers: dict[str, AnswerValue],
    photos: list[Any] | None = None,
    remove_photo_ids: list[int] | None = None,
    submit: bool = False,
) -> MysteryVisit:
    """Change a draft or returned report; with ``submit`` send it (again) for review.

    The checklist answers are replaced as a whole. A returned report saved without submitting
    stays returned, so the reviewer's comment stays in view until it is sent again.
    """
    visit = _lock(visit)
    if visit.evaluator_id != evaluator.pk:
        raise ValidationError(_("Змінювати звіт може лише той, хто його подав."))
    if visit.status not in EDITABLE:
        raise ValidationError(
            _("Звіт у стані «%(status)s» змінити не можна.")
            % {"status": visit.get_status_display()}
        )
    removing = set(remove_photo_ids or []) & set(visit.photos.values_list("pk", flat=True))
    kept = visit.photos.count() - len(removing)
    cleaned = _clean_photos(photos or [], already=kept)
    rows = mystery_answers_check(version=visit.version, answers=answers, complete=submit)
    before = visit.status
    _with_facts(visit, facts)
    _check_facts(visit)
    if submit:
        visit.status = MysteryVisitStatus.SUBMITTED
        visit.submitted_at = timezone.now()
    visit.full_clean()
    visit.save()
    response = checklist_response_update(
        response=visit.response,
        centre=visit.centre,
        version=visit.version,
        office=facts.office,
        service=facts.service,
        submitted_on=timezone.localdate(facts.visited_at),
        rows=rows,
    )
    if visit.response_id != response.pk:  # not made by these services; it has one now
        visit.response = response
        visit.save(update_fields=["response"])
    for photo in visit.photos.filter(pk__in=removing):
        # The file goes once the row is surely gone: a rollback keeps both.
        transaction.on_commit(partial(photo.file.storage.delete, photo.file.name))
        photo.delete()
    _store_photos(visit, cleaned)
    audit_record(
        actor=evaluator,
        centre=visit.centre,
        action=AuditAction.UPDATE,
        obj=visit,
        changes={
            "status": [before, visit.status],
            "photos_added": len(cleaned),
            "photos_removed": len(removing),
        },
    )
    return visit


# --- review --------------------------------------------------------------------------------------


@transaction.atomic
def mystery_visit_accept(*, visit: MysteryVisit, actor: Any) -> MysteryVisit:
    """Accept a submitted report: from now on it counts in the scores."""
    visit = _lock_submitted(visit)
    visit.status = MysteryVisitStatus.ACCEPTED
    visit.review_comment = ""
    return _reviewed(visit, actor=actor)


@transaction.atomic
def mystery_visit_return(*, visit: MysteryVisit, actor: Any, comment: str) -> MysteryVisit:
    """Return a submitted report to its evaluator with a comment saying what to correct."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Напишіть, що саме потрібно виправити у звіті.")})
    visit = _lock_submitted(visit)
    visit.status = MysteryVisitStatus.RETURNED
    visit.review_comment = comment
    return _reviewed(visit, actor=actor)


def _lock_submitted(visit: MysteryVisit) -> MysteryVisit:
    visit = _lock(visit)
    if visit.status != MysteryVisitStatus.SUBMITTED:
        raise ValidationError(
            _("Перевірити можна лише поданий звіт; цей звіт — «%(status)s».")
            % {"status": visit.get_status_display()}
        )
    return visit


def _reviewed(visit: MysteryVisit, *, actor: Any) -> MysteryVisit:
    visit.reviewed_by = actor
    visit.reviewed_at = timezone.now()
    visit.full_clean()
    visit.save()
    audit_record(
        actor=actor,
        centre=visit.centre,
        action=AuditAction.UPDATE,
        obj=visit,
        changes={"status": [MysteryVisitStatus.SUBMITTED, visit.status]},
    )
    return visit


@transaction.atomic
def mystery_visit_viewed(*, visit: MysteryVisit, actor: Any) -> None:
    """Record that a reviewer opened the report: it names the evaluator and shows photos."""
    audit_record(actor=actor, centre=visit.centre, action=AuditAction.VIEW, obj=visit)


# --- facts and answers ---------------------------------------------------------------------------


def _with_facts(visit: MysteryVisit, facts: VisitFacts) -> MysteryVisit:
    visit.visited_at = facts.visited_at
    visit.office = facts.office
    visit.service = facts.service
    visit.minutes_waited = facts.minutes_waited
    visit.minutes_served = facts.minutes_served
    return visit


def _check_facts(visit: MysteryVisit) -> None:
    """The visit happened (not in the future), at one of the centre's offices, with minutes
    that fit in a day."""
    errors: dict[str, str] = {}
    if visit.visited_at is None:
        errors["visited_at"] = _("Вкажіть дату й час візиту.")
    elif visit.visited_at > timezone.now() + CLOCK_TOLERANCE:
        errors["visited_at"] = _("Дата й час візиту не можуть бути в майбутньому.")
    if visit.office is None or visit.office.centre_id != visit.centre_id:
        errors["office"] = _("Оберіть офіс цього центру.")
    if visit.service is not None and visit.service.centre_id != visit.centre_id:
        errors["service"] = _("Оберіть послугу з каталогу цього центру.")
    for name in ("minutes_waited", "minutes_served"):
        minutes = getattr(visit, name)
        if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
            errors[name] = _("Вкажіть ціле число хвилин від 0 до %(max)s.") % {"max": MAX_MINUTES}
    if errors:
        raise ValidationError(errors)


def mystery_answers_check(
    *, version: QuestionnaireVersion, answers: dict[str, AnswerValue], complete: bool
) -> list[Answer]:
    """Checked answer rows. A submitted report is checked like any response (every required
    answer given); a draft only has what was given checked, so it can be saved half-done."""
    return checklist_answers_check(version=version, answers=answers, complete=complete)


def _visit_by_key(
    *, version: QuestionnaireVersion, submission_key: str, evaluator: Any
) -> MysteryVisit | None:
    response_id = response_id_by_submission_key(version=version, submission_key=submission_key)
    if response_id is None:
        return None
    return (
        MysteryVisit.objects.filter(response_id=response_id, evaluator=evaluator)
        .select_related("centre")
        .first()
    )


def _lock(visit: MysteryVisit) -> MysteryVisit:
    return (
        MysteryVisit.objects.select_for_update(of=("self",))
        .select_related("centre", "version", "response")
        .get(pk=visit.pk)
    )


# --- photos --------------------------------------------------------------------------------------


def photo_clean(upload: Any) -> CheckedUpload:
    """Check a photo by its content (JPEG or PNG, within the size limits) and re-encode it
    without any metadata, upright (vidhuk.core.uploads). Phones name photos as they like, so
    the name's extension is not checked."""
    return upload_check(upload, kinds=IMAGE_KINDS, max_bytes=MAX_PHOTO_BYTES, match_name=False)


def _clean_photos(uploads: list[Any], *, already: int) -> list[CheckedUpload]:
    try:
        return uploads_check(
            uploads,
            kinds=IMAGE_KINDS,
            max_bytes=MAX_PHOTO_BYTES,
            max_count=MAX_PHOTOS,
            already=already,
            match_name=False,
            too_many_message=_("До звіту можна додати не більше %(count)s фото.")
            % {"count": MAX_PHOTOS},
        )
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from None


def _store_photos(visit: MysteryVisit, photos: list[CheckedUpload]) -> None:
    # Called last, after every check and every other write: a refusal never leaves a file.
    for clean in photos:
        photo = MysteryVisitPhoto(
            visit=visit,
            original_name=clean.original_name,
            content_type=clean.content_type,
            size=len(clean.content),
        )
        # The stored name is random (models.mystery_photo_path), not the evaluator's file name.
        photo.file.save("photo", ContentFile(clean.content), save=False)
        photo.full_clean()
        photo.save()
