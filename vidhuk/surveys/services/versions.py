"""Versions: publishing a draft (the previous version retires) and copying a version into a new
draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record

from ..choices import VersionStatus
from ..models import Question, Questionnaire, QuestionnaireVersion, Section
from ._drafts import lock_version
from .freshness import results_version_bump
from .questions import QUESTION_FIELDS
from .version_checks import version_validate


@transaction.atomic
def version_publish(*, version: QuestionnaireVersion, actor: Any) -> QuestionnaireVersion:
    """Publish a draft: it is frozen from now on and the previous published version retires."""
    version = lock_version(version)
    errors = version_validate(version=version)
    if errors:
        raise ValidationError({code or "__all__": messages for code, messages in errors.items()})
    QuestionnaireVersion.objects.filter(
        questionnaire_id=version.questionnaire_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.full_clean()
    version.save(update_fields=["status", "published_at", "updated_at"])
    # The report's questions follow the published version.
    results_version_bump(questionnaire_id=version.questionnaire_id)
    public_pages_changed(version.questionnaire.centre)
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.UPDATE,
        obj=version,
        changes={"status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED]},
    )
    return version


@transaction.atomic
def version_new_draft(
    *,
    questionnaire: Questionnaire,
    source: QuestionnaireVersion | None = None,
    actor: Any,
) -> QuestionnaireVersion:
    """Editing a published questionnaire: copy a version (``source``, else the latest) into a
    new draft numbered after the latest.

    An existing draft is returned as it is: there is at most one draft at a time.
    """
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    existing = questionnaire.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    latest = questionnaire.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("В анкети немає жодної версії."))
    if source is None:
        source = latest
    elif source.questionnaire_id != questionnaire.pk:
        raise ValidationError(_("Ця версія належить іншій анкеті."))
    draft = QuestionnaireVersion(questionnaire=questionnaire, number=latest.number + 1)
    draft.full_clean()
    draft.save()
    for section in source.sections.order_by("position", "id").prefetch_related("questions"):
        copy = Section.objects.create(
            version=draft,
            title_uk=section.title_uk,
            title_en=section.title_en,
            position=section.position,
        )
        Question.objects.bulk_create(
            Question(
                version=draft,
                section=copy,
                position=question.position,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
            for question in section.questions.all()
        )
    audit_record(
        actor=actor,
        centre=questionnaire.centre,
        action=AuditAction.CREATE,
        obj=draft,
        changes={"copied_from": source.number},
    )
    return draft
