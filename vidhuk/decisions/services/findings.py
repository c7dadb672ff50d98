"""Findings: what residents said, drawn from evidence, and how each one ends — in a decision or
a reasoned «no action» within the centre's term. Nothing ends "for information"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.workdays import add_working_days

from ..choices import DecisionState, FindingState
from ..models import Decision, DecisionsSettings, Evidence, Finding
from ._common import audit, changed_fields, m2m_replace, next_number

DEFAULT_TERM_DAYS = 30


def finding_term_days(*, centre: Centre) -> int:
    settings = DecisionsSettings.objects.filter(centre=centre).first()
    return settings.finding_term_days if settings else DEFAULT_TERM_DAYS


def finding_due_on(*, centre: Centre, opened_on: dt.date) -> dt.date:
    """The last day to decide: the centre's term in working days after the finding is opened,
    counted with the centre's calendar (days off, holidays, transferred working days)."""
    return add_working_days(opened_on, finding_term_days(centre=centre), centre=centre)


def _scope(*, centre: Centre, offices: Iterable[Office], services: Iterable[Service]) -> None:
    if any(office.centre_id != centre.pk for office in offices) or any(
        service.centre_id != centre.pk for service in services
    ):
        raise ValidationError(_("Виберіть офіси та послуги свого центру."))


@transaction.atomic
def finding_create(
    *,
    centre: Centre,
    actor: Any,
    title: str,
    summary: str,
    topic: str = "",
    offices: Iterable[Office] = (),
    services: Iterable[Service] = (),
    opened_on: dt.date | None = None,
    title_en: str = "",
    summary_en: str = "",
    is_public: bool = True,
    proposed_by_rule: str = "",
    submission_key: UUID | None = None,
) -> Finding:
    """Open a finding; its term to reach a decision starts the day it is opened.

    The same ``submission_key`` sent twice (a double submit) gives back the first finding."""
    if submission_key is not None:
        existing = Finding.objects.filter(centre=centre, submission_key=submission_key).first()
        if existing is not None:
            return existing
    offices, services = list(offices), list(services)
    _scope(centre=centre, offices=offices, services=services)
    opened_on = opened_on or timezone.localdate()
    finding = Finding(
        centre=centre,
        number=next_number(centre=centre, model=Finding),
        title=title,
        title_en=title_en,
        summary=summary,
        summary_en=summary_en,
        topic=topic,
        opened_on=opened_on,
        due_on=finding_due_on(centre=centre, opened_on=opened_on),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        proposed_by_rule=proposed_by_rule,
        is_public=is_public,
        submission_key=submission_key,
    )
    finding.full_clean(exclude=["number"])
    try:
        with transaction.atomic():
            finding.save()
    except IntegrityError:  # the same key, saved by the other click a moment ago
        existing = Finding.objects.filter(submission_key=submission_key).first()
        if submission_key is None or existing is None:
            raise
        return existing
    finding.offices.set(offices)
    finding.services.set(services)
    audit(actor=actor, centre=centre, action=AuditAction.CREATE, obj=finding)
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor: Any,
    data: dict[str, Any],
    offices: Iterable[Office] | None = None,
    services: Iterable[Service] | None = None,
) -> dict[str, Any]:
    """Edit a finding's words, topic, scope and visibility. The term is not moved by editing."""
    allowed = {"title", "title_en", "summary", "summary_en", "topic", "is_public"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"finding_update cannot change {sorted(unknown)}")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    changes: dict[str, Any] = changed_fields(finding, data)
    finding.full_clean()
    finding.save()
    for name, chosen in (("offices", offices), ("services", services)):
        moved = m2m_replace(instance=finding, name=name, chosen=chosen, centre=finding.centre)
        if moved is not None:
            changes[name] = moved
    if changes:
        audit(
            actor=actor,
            centre=finding.centre,
            action=AuditAction.UPDATE,
            obj=finding,
            changes=changes,
        )
    return changes


@transaction.atomic
def finding_decide(*, finding: Finding, decision: Decision, actor: Any) -> Finding:
    """Link a decision that answers the finding. Once the decision is adopted (no longer a
    draft) the finding counts as decided, on the day of the link or of the adoption."""
    if decision.centre_id != finding.centre_id:
        raise ValidationError(_("Рішення іншого центру не може відповідати на цей висновок."))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state == FindingState.NO_ACTION:
        raise ValidationError(_("Висновок закрито без дій: спершу відкрийте його знову."))
    decision.findings.add(finding)
    if decision.state != DecisionState.DRAFT:
        finding_mark_decided(finding=finding, actor=actor)
    audit(
        actor=actor,
        centre=finding.centre,
        action=AuditAction.UPDATE,
        obj=finding,
        changes={"decisions": [None, decision.number]},
    )
    return finding


def finding_mark_decided(*, finding: Finding, actor: Any) -> None:
    """An open finding answered by an adopted decision becomes «decided» (called in a
    transaction by finding_decide and by the decision's adoption)."""
    if finding.state != FindingState.OPEN:
        return
    before = finding.state
    finding.state = FindingState.DECIDED
    finding.decided_on = timezone.localdate()
    finding.save(update_fields=["state", "decided_on", "updated_at"])
    audit(
        actor=actor,
        centre=finding.centre,
        action=AuditAction.UPDATE,
        obj=finding,
        changes={"state": [before, finding.state]},
    )


@transaction.atomic
def finding_close_no_action(*, finding: Finding, actor: Any, reason: str) -> Finding:
    """End a finding without a decision. The reason is public: residents see why nothing will
    be done, rather than their words being taken "for information" in silence."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Поясніть, чому за висновком не буде дій: це побачать мешканці.")}
        )
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state == FindingState.NO_ACTION and finding.no_action_reason == reason:
        return finding  # the same form sent twice
    if finding.state != FindingState.OPEN:
        raise ValidationError(_("Закрити без дій можна лише висновок, що очікує рішення."))
    finding.state = FindingState.NO_ACTION
    finding.no_action_reason = reason
    finding.decided_on = timezone.localdate()
    finding.full_clean()
    finding.save()
    audit(
        actor=actor,
        centre=finding.centre,
        action=AuditAction.UPDATE,
        obj=finding,
        changes={"state": [FindingState.OPEN, FindingState.NO_ACTION], "reason": reason},
    )
    return finding


@transaction.atomic
def finding_reopen(*, finding: Finding, actor: Any) -> Finding:
    """Take a «no action» finding back to «awaiting a decision»; its term is not renewed."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state != FindingState.NO_ACTION:
        return finding
    finding.state = FindingState.OPEN
    finding.no_action_reason = ""
    finding.decided_on = None
    finding.save()
    audit(
        actor=actor,
        centre=finding.centre,
        action=AuditAction.UPDATE,
        obj=finding,
        changes={"state": [FindingState.NO_ACTION, FindingState.OPEN]},
    )
    return finding


@transaction.atomic
def evidence_add(
    *,
    finding: Finding,
    actor: Any,
    source: str,
    label: str,
    object_id: str = "",
    channel: str = "",
    occurred_on: dt.date | None = None,
    office: Office | None = None,
    service: Service | None = None,
    figure: dict[str, Any] | None = None,
) -> Evidence:
    """Add one piece of evidence to a finding; the same object added twice is kept once."""
    object_id = str(object_id or "")
    if object_id:
        existing = Evidence.objects.filter(
            finding=finding, source=source, object_id=object_id
        ).first()
        if existing is not None:
            return existing
    for scoped in (office, service):
        if scoped is not None and scoped.centre_id != finding.centre_id:
            raise ValidationError(_("Виберіть офіси та послуги свого центру."))
    evidence = Evidence(
        centre_id=finding.centre_id,
        finding=finding,
        source=source,
        object_id=object_id,
        label=label[:255],
        channel=channel,
        occurred_on=occurred_on,
        office=office,
        service=service,
        figure=figure,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    evidence.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError:  # the same object added at the same moment by another request
        return Evidence.objects.get(finding=finding, source=source, object_id=object_id)
    audit(
        actor=actor,
        centre=finding.centre,
        action=AuditAction.CREATE,
        obj=evidence,
        changes={"finding": finding.number, "source": source, "object_id": object_id},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    audit(
        actor=actor,
        centre=evidence.finding.centre,
        action=AuditAction.DELETE,
        obj=evidence,
        changes={"finding": evidence.finding.number, "source": evidence.source},
    )
    evidence.delete()


@transaction.atomic
def decisions_settings_update(
    *, centre: Centre, actor: Any, data: dict[str, Any]
) -> DecisionsSettings:
    """The centre's term for findings and its rules. A new term applies to findings opened
    from now on; the open ones keep the date they were given."""
    settings, _created = DecisionsSettings.objects.select_for_update().get_or_create(centre=centre)
    changes = changed_fields(settings, data)
    settings.full_clean()
    settings.save()
    if changes:
        audit(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=settings, changes=changes)
    return settings
