"""Decisions as the council records them: the order, who signed it, the owner and the due date,
followed through its states. Every change is audited and written to the decision's history;
each public state change raises the public revision that residents are told about once."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.accounts.models import Membership
from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.uploads import PDF, upload_check

from ..choices import DecisionEventKind, DecisionKind, DecisionState
from ..models import Decision, DecisionEvent, Finding
from ..states import NOTE, REASON, VERIFICATION, Step, step_for
from ._common import audit, changed_fields, event_add, m2m_replace, next_number
from .findings import finding_mark_decided

ORDER_SCAN_MAX_BYTES = 20 * 1024 * 1024
EDITABLE = frozenset(
    {
        "kind", "title", "title_en", "order_number", "order_date", "signed_by", "owner",
        "owner_unit", "due_on", "summary", "summary_en",
    }
)  # fmt: skip
# A formal act has a number and a date; an organisational measure may have neither.
FORMAL_KINDS = frozenset(
    {DecisionKind.HEAD_ORDER, DecisionKind.EXECUTIVE_COMMITTEE, DecisionKind.REGULATION_CHANGE}
)


def _check_scope(
    *,
    centre: Centre,
    owner: Membership | None = None,
    offices: Iterable[Office] = (),
    services: Iterable[Service] = (),
    findings: Iterable[Finding] = (),
) -> None:
    foreign = (
        (owner is not None and owner.centre_id != centre.pk)
        or any(o.centre_id != centre.pk for o in offices)
        or any(s.centre_id != centre.pk for s in services)
        or any(f.centre_id != centre.pk for f in findings)
    )
    if foreign:
        raise ValidationError(_("Виберіть людей, офіси, послуги й висновки свого центру."))


@transaction.atomic
def decision_create(
    *,
    centre: Centre,
    actor: Any,
    kind: str,
    title: str,
    data: dict[str, Any] | None = None,
    findings: Iterable[Finding] = (),
    offices: Iterable[Office] = (),
    services: Iterable[Service] = (),
    submission_key: UUID | None = None,
) -> Decision:
    """Record a decision as a draft (adopting it is a separate step, with its order).

    ``data`` holds the other editable fields; the same ``submission_key`` twice gives back the
    first decision (a double submit), marked ``is_new = False``."""
    if submission_key is not None:
        existing = Decision.objects.filter(centre=centre, submission_key=submission_key).first()
        if existing is not None:
            existing.is_new = False  # type: ignore[attr-defined]
            return existing
    data = dict(data or {})
    unknown = set(data) - EDITABLE
    if unknown:
        raise ValueError(f"decision_create cannot set {sorted(unknown)}")
    findings, offices, services = list(findings), list(offices), list(services)
    _check_scope(
        centre=centre, owner=data.get("owner"), offices=offices, services=services,
        findings=findings,
    )  # fmt: skip
    decision = Decision(
        centre=centre,
        number=next_number(centre=centre, model=Decision),
        kind=kind,
        title=title,
        submission_key=submission_key,
        **data,
    )
    decision.full_clean(exclude=["number"])
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        existing = Decision.objects.filter(submission_key=submission_key).first()
        if submission_key is None or existing is None:
            raise
        existing.is_new = False  # type: ignore[attr-defined]
        return existing
    decision.findings.set(findings)
    decision.offices.set(offices)
    decision.services.set(services)
    event_add(decision=decision, actor=actor, kind=DecisionEventKind.CREATED)
    audit(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=decision,
        changes={"findings": [f.number for f in findings]},
    )
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    actor: Any,
    data: dict[str, Any],
    offices: Iterable[Office] | None = None,
    services: Iterable[Service] | None = None,
) -> dict[str, Any]:
    """Edit what the decision says and who answers for it. A moved due date is in the history
    (the calendar of due dates raises its SEQUENCE from it)."""
    unknown = set(data) - EDITABLE
    if unknown:
        raise ValueError(f"decision_update cannot change {sorted(unknown)}")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _check_scope(centre=decision.centre, owner=data.get("owner"))
    changes: dict[str, Any] = changed_fields(decision, data)
    if decision.state != DecisionState.DRAFT:
        _check_adoptable(decision)
    decision.full_clean()
    decision.save()
    for name, chosen in (("offices", offices), ("services", services)):
        moved = m2m_replace(instance=decision, name=name, chosen=chosen, centre=decision.centre)
        if moved is not None:
            changes[name] = moved
    if changes:
        names = [
            str(getattr(Decision._meta.get_field(name), "verbose_name", name))
            for name in sorted(changes)
        ]
        note = _("Змінено: %(fields)s") % {"fields": ", ".join(names)}
        event_add(decision=decision, actor=actor, kind=DecisionEventKind.EDITED, note=note)
        audit(
            actor=actor,
            centre=decision.centre,
            action=AuditAction.UPDATE,
            obj=decision,
            changes=changes,
        )
    return changes


@transaction.atomic
def decision_order_scan_set(*, decision: Decision, actor: Any, upload: Any) -> Decision:
    """Store the signed order's scan: a PDF by its content, at most 20 MB, under a random name.
    Served only through the staff view (and the public board's own view), never from /media/."""
    checked = upload_check(upload, kinds=[PDF], max_bytes=ORDER_SCAN_MAX_BYTES)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.order_scan.save("order.pdf", ContentFile(checked.content), save=False)
    decision.save(update_fields=["order_scan", "updated_at"])
    event_add(
        decision=decision,
        actor=actor,
        kind=DecisionEventKind.EDITED,
        note=_("Додано скан документа «%(name)s»") % {"name": checked.original_name},
    )
    audit(
        actor=actor,
        centre=decision.centre,
        action=AuditAction.UPDATE,
        obj=decision,
        changes={"order_scan": checked.original_name},
    )
    return decision


def _check_adoptable(decision: Decision) -> None:
    """An adopted decision names its order (for a formal act), an owner and a due date: no one
    is held to a date otherwise."""
    errors: dict[str, str] = {}
    if decision.kind in FORMAL_KINDS and not decision.order_number.strip():
        errors["order_number"] = _("Вкажіть номер документа, яким ухвалено рішення.")
    if decision.kind in FORMAL_KINDS and decision.order_date is None:
        errors["order_date"] = _("Вкажіть дату документа.")
    if decision.owner_id is None and not decision.owner_unit.strip():
        errors["owner_unit"] = _("Вкажіть відповідального: працівника або підрозділ.")
    if decision.due_on is None:
        errors["due_on"] = _("Вкажіть, до якої дати рішення має бути виконане.")
    if errors:
        raise ValidationError(errors)


def _notify_on_commit(decision: Decision, revision: int) -> None:
    """Residents whose words are evidence are told of the change once (the loop's notify.py
    owns the ledger; until it is installed nothing is queued)."""
    try:
        notify = importlib.import_module("vidhuk.decisions.notify")
    except ModuleNotFoundError as missing:
        if missing.name != "vidhuk.decisions.notify":
            raise
        return
    enqueue = getattr(notify, "decision_notices_enqueue", None)
    if enqueue is not None:
        transaction.on_commit(lambda: enqueue(decision=decision, revision=revision))


def _set_dates(decision: Decision, *, to_state: str, is_reopen: bool, today: dt.date) -> None:
    if to_state == DecisionState.ADOPTED:
        decision.adopted_on = decision.adopted_on or today
    elif to_state in (DecisionState.DONE, DecisionState.PARTLY_DONE):
        decision.done_on = today
    elif to_state == DecisionState.VERIFIED:
        decision.verified_on = today
    if is_reopen:
        decision.done_on = None
        decision.verified_on = None


def _transition_check(decision: Decision, *, to_state: str, reason: str) -> Step:
    """The step from the decision's state to ``to_state``, refused when there is none, when the
    public text it needs is missing, or when the decision is not ready to be adopted."""
    step = step_for(decision.state, to_state)
    if step is None:
        raise ValidationError(
            _("З стану «%(from)s» не можна перейти у стан «%(to)s».")
            % {
                "from": DecisionState(decision.state).label,
                "to": DecisionState(to_state).label if to_state in DecisionState else to_state,
            }
        )
    if step.needs and not reason:
        message = {
            REASON: _("Вкажіть причину: її побачать мешканці на дошці рішень."),
            NOTE: _("Поясніть, чому рішення відкрито знову: це побачать мешканці."),
            VERIFICATION: _("Опишіть, як перевірено ефект рішення (показник або спостереження)."),
        }[step.needs]
        raise ValidationError({"reason": message})
    if to_state == DecisionState.ADOPTED:
        _check_adoptable(decision)
    return step


@transaction.atomic
def decision_transition(
    *, decision: Decision, to_state: str, actor: Any, reason: str = ""
) -> DecisionEvent:
    """Move a decision to its next state. «Not done» and «cancelled» need a public reason,
    reopening a public note, «verified» a note on how the effect was checked. Each change is
    public (a draft is not): the public revision grows by one and residents are told once.

    A decision already in ``to_state`` (the same form sent twice) is left as it is."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state == to_state:
        last = decision.events.filter(to_state=to_state).order_by("-at", "-id").first()
        if last is not None:
            return last
    reason = reason.strip()
    step = _transition_check(decision, to_state=to_state, reason=reason)
    from_state = decision.state
    decision.state = to_state
    if step.needs == VERIFICATION:
        decision.verification_note = reason
    elif step.needs in (REASON, NOTE):
        decision.state_reason = reason
    elif to_state != DecisionState.VERIFIED:
        decision.state_reason = ""
    _set_dates(decision, to_state=to_state, is_reopen=step.is_reopen, today=timezone.localdate())
    decision.public_revision += 1
    decision.full_clean()
    decision.save()
    event = event_add(
        decision=decision,
        actor=actor,
        kind=DecisionEventKind.STATE,
        from_state=from_state,
        to_state=to_state,
        note=reason,
        is_public=True,
        public_revision=decision.public_revision,
    )
    if to_state == DecisionState.ADOPTED:
        for finding in decision.findings.select_for_update().order_by("pk"):
            finding_mark_decided(finding=finding, actor=actor)
    audit(
        actor=actor,
        centre=decision.centre,
        action=AuditAction.UPDATE,
        obj=decision,
        changes={"state": [from_state, to_state], "reason": reason},
    )
    _notify_on_commit(decision, decision.public_revision)
    return event
