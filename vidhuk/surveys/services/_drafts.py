"""What every write of the builder shares: a draft locked before it changes, the audit event
on its version, and the record a double-submitted form already made."""

from __future__ import annotations

from typing import Any

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.selectors import audit_event_list
from vidhuk.core.services import audit_record

from ..models import QuestionnaireVersion, ensure_draft


def lock_version(version: QuestionnaireVersion) -> QuestionnaireVersion:
    locked = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    ensure_draft(locked)
    return locked


def with_key(changes: dict[str, Any], submission_key: str) -> dict[str, Any]:
    return {**changes, "submission_key": submission_key} if submission_key else changes


def made_by_form(*, centre: Centre, object_type: str, submission_key: str) -> int | None:
    """The id of the record a form with this key already created, or None.

    The audit log records every creation with the key of the form that made it; a double
    submit of the same form finds it there (the callers hold a lock, so they take turns).
    """
    if not submission_key:
        return None
    event = (
        audit_event_list(centre=centre, action=AuditAction.CREATE, object_type=object_type)
        .filter(changes__submission_key=submission_key)
        .first()
    )
    return int(event.object_id) if event is not None and event.object_id.isdigit() else None


def made_by_form_in(version: QuestionnaireVersion, *, submission_key: str, key: str) -> int | None:
    """Like ``made_by_form`` for a section or question added to a (locked) version."""
    if not submission_key:
        return None
    event = (
        audit_event_list(
            centre=version.questionnaire.centre,
            action=AuditAction.UPDATE,
            object_type="surveys.questionnaireversion",
        )
        .filter(object_id=str(version.pk), changes__submission_key=submission_key)
        .first()
    )
    value = event.changes.get(key) if event is not None else None
    return value if isinstance(value, int) else None


def audit_version(version: QuestionnaireVersion, *, actor: Any, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.UPDATE,
        obj=version,
        changes=changes,
    )
