"""Paper forms entered by staff in batches (a box opening, a day's post).

A batch belongs to the staff member who started it: only they enter forms into it and only they
may take back an entry typed by mistake, so "who entered this form" is always the batch's
``created_by``. Every response of a batch is stored with ``Channel.PAPER``, the batch's office
and the day the batch was received (the paper carries no date), never the time of entry.

Paper lags: forms printed from version 1 are still in the box when version 2 is published. A
batch is therefore started for the published version *or* a retired one (the version printed at
the top of each page), and a batch opened before its version retired keeps taking forms: each
response belongs to the version actually filled in. A draft never takes paper.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record

from ..choices import BatchKind, Channel, QuestionnaireKind, VersionStatus
from ..models import QuestionnaireVersion, Response, ResponseBatch
from .freshness import results_version_bump
from .responses import AnswerValue, response_submit

# Paper older than this is not a "batch received": it is a mistake in the date.
OLDEST_RECEIVED_DAYS = 366


# --- reads ---------------------------------------------------------------------------------------


# Paper filled in on these versions may be entered (a draft was never handed out).
PAPER_ENTRY_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def paper_versions_for_entry(*, centre: Centre) -> QuerySet[QuestionnaireVersion]:
    """Versions that accept paper forms: of each visitor questionnaire the published version
    first, then the retired ones, newest first (forms printed earlier still come in)."""
    return (
        QuestionnaireVersion.objects.filter(
            questionnaire__centre=centre,
            questionnaire__kind=QuestionnaireKind.VISITOR_SURVEY,
            status__in=PAPER_ENTRY_STATUSES,
        )
        .select_related("questionnaire")
        .annotate(
            retired_last=Case(
                When(status=VersionStatus.PUBLISHED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("questionnaire__title_uk", "questionnaire_id", "retired_last", "-number")
    )


def paper_version_get(*, centre: Centre, pk: int) -> QuestionnaireVersion:
    """Any version of the centre's questionnaires (drafts print with a draft mark)."""
    return QuestionnaireVersion.objects.select_related("questionnaire__centre").get(
        pk=pk, questionnaire__centre=centre
    )


def paper_versions_for_print(*, centre: Centre) -> QuerySet[QuestionnaireVersion]:
    return (
        QuestionnaireVersion.objects.filter(questionnaire__centre=centre)
        .exclude(status=VersionStatus.RETIRED)
        .select_related("questionnaire")
        .order_by("questionnaire__title_uk", "-number")
    )


def paper_batch_list(*, centre: Centre) -> QuerySet[ResponseBatch]:
    return (
        ResponseBatch.objects.filter(centre=centre, kind=BatchKind.PAPER)
        .select_related("version__questionnaire", "office", "created_by")
        .annotate(entry_count=Count("responses"))
        .order_by("-received_on", "-id")
    )


def paper_batch_get(*, centre: Centre, pk: int) -> ResponseBatch:
    return (
        ResponseBatch.objects.select_related(
            "centre", "version__questionnaire__centre", "office", "created_by"
        )
        .annotate(entry_count=Count("responses"))
        .get(centre=centre, kind=BatchKind.PAPER, pk=pk)
    )


def paper_batch_entries(*, batch: ResponseBatch) -> QuerySet[Response]:
    """The forms of a batch in the order they were typed, with their answers."""
    return batch.responses.order_by("id").prefetch_related("answers")


def paper_entry_get(*, batch: ResponseBatch, pk: int) -> Response:
    return batch.responses.get(pk=pk)


def can_enter_into(*, batch: ResponseBatch, user: Any) -> bool:
    return batch.created_by_id is not None and batch.created_by_id == getattr(user, "pk", None)


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def paper_batch_start(
    *,
    centre: Centre,
    version: QuestionnaireVersion,
    received_on: dt.date,
    office: Office | None,
    label: str,
    actor: Any,
) -> ResponseBatch:
    """Open a batch of paper forms of one visitor questionnaire version: the published one, or
    a retired one for forms printed from it and filled in before the new version came out."""
    errors: dict[str, str] = {}
    if (
        version.questionnaire.centre_id != centre.pk
        or version.status not in PAPER_ENTRY_STATUSES
        or version.questionnaire.kind != QuestionnaireKind.VISITOR_SURVEY
    ):
        errors["version"] = _(
            "Виберіть анкету відвідувача цього центру: опубліковану версію або зняту з "
            "використання, але не чернетку."
        )
    today = timezone.localdate()
    if received_on > today:
        errors["received_on"] = _("Дата надходження не може бути в майбутньому.")
    elif received_on < today - dt.timedelta(days=OLDEST_RECEIVED_DAYS):
        errors["received_on"] = _("Дата надходження — не раніше ніж рік тому.")
    if office is not None and office.centre_id != centre.pk:
        errors["office"] = _("Цей офіс не належить центру.")
    if errors:
        raise ValidationError(errors)
    batch = ResponseBatch(
        centre=centre,
        kind=BatchKind.PAPER,
        version=version,
        received_on=received_on,
        office=office,
        label=label.strip(),
        created_by=actor,
    )
    batch.full_clean()
    batch.save()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=batch,
        changes={"version": str(version), "office": str(office) if office else None},
    )
    return batch


@transaction.atomic
def paper_entry_submit(
    *,
    batch: ResponseBatch,
    answers: dict[str, AnswerValue],
    submission_key: str,
    actor: Any,
) -> Response:
    """Store one paper form of the batch, all or nothing; a double submit stores one.

    The response carries the batch's day and office (``response_submit`` checks every answer).
    A form with no answer at all is refused: a blank sheet is not a response.
    """
    _ensure_own(batch=batch, actor=actor)
    if not any(_has_value(value) for value in answers.values()):
        raise ValidationError(_("Анкета порожня: введіть хоча б одну відповідь."))
    return response_submit(
        version=batch.version,
        channel=Channel.PAPER,
        answers=answers,
        submission_key=submission_key,
        office=batch.office,
        actor=actor,
        batch=batch,
        submitted_on=batch.received_on,
    )


@transaction.atomic
def paper_entry_remove(*, batch: ResponseBatch, response: Response, actor: Any) -> None:
    """Take back a form typed by mistake: only from its own batch, only by who entered it."""
    _ensure_own(batch=batch, actor=actor)
    if response.batch_id != batch.pk:
        raise ValidationError(_("Ця анкета не належить до цього пакета."))
    response.answers.all().delete()
    response.delete()
    results_version_bump(questionnaire_id=batch.version.questionnaire_id)
    # Like the entry, the removal is logged without the response's id.
    audit_record(
        actor=actor,
        centre=batch.centre,
        action=AuditAction.DELETE,
        object_type=Response._meta.label_lower,
        object_repr=str(batch)[:255],
        changes={"batch": batch.pk, "channel": Channel.PAPER},
    )


@transaction.atomic
def paper_batch_finish(*, batch: ResponseBatch, actor: Any) -> int:
    """Close the entry session: the count of forms in the batch, logged."""
    count = batch.responses.count()
    audit_record(
        actor=actor,
        centre=batch.centre,
        action=AuditAction.UPDATE,
        obj=batch,
        changes={"finished": True, "entries": count},
    )
    return count


def _ensure_own(*, batch: ResponseBatch, actor: Any) -> None:
    if batch.kind != BatchKind.PAPER:
        raise ValidationError(_("Це не пакет паперових анкет."))
    if not can_enter_into(batch=batch, user=actor):
        raise PermissionDenied(_("Анкети в цей пакет вносить працівник, який його почав."))


def _has_value(value: AnswerValue) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_has_value(item) for item in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None
