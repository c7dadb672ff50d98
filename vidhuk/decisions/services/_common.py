"""What the decisions services share: numbering, the history line and the audit record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from ..models import Decision, DecisionEvent, Finding


def next_number(*, centre: Centre, model: type[Finding] | type[Decision]) -> int:
    """The next per-centre number («Висновок № 12»). The centre's row is locked so two staff
    saving at once never take the same number."""
    Centre.objects.select_for_update().filter(pk=centre.pk).first()
    last = model.objects.filter(centre=centre).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def event_add(
    *,
    decision: Decision,
    actor: Any,
    kind: str,
    note: str = "",
    from_state: str = "",
    to_state: str = "",
    is_public: bool = False,
    public_revision: int | None = None,
) -> DecisionEvent:
    return DecisionEvent.objects.create(
        decision=decision,
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        note=note,
        from_state=from_state,
        to_state=to_state,
        is_public=is_public,
        public_revision=public_revision,
    )


def audit(
    *,
    actor: Any,
    centre: Centre,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
) -> None:
    audit_record(actor=actor, centre=centre, action=action, obj=obj, changes=changes)


def jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def changed_fields(instance: Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``data`` on ``instance`` and return what changed, as [old, new] pairs."""
    changes: dict[str, list[Any]] = {}
    for name, value in data.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [jsonable(old), jsonable(value)]
            setattr(instance, name, value)
    return changes


def scope_check(*, centre: Centre, records: Iterable[Any]) -> None:
    """Every chosen office, service, member or finding belongs to the centre."""
    if any(getattr(record, "centre_id", centre.pk) != centre.pk for record in records):
        raise ValidationError(_("Виберіть офіси, послуги, людей і висновки свого центру."))


def m2m_replace(
    *, instance: Model, name: str, chosen: Iterable[Any] | None, centre: Centre
) -> list[list[int]] | None:
    """Replace a many-to-many set with ``chosen`` (None leaves it); [before, after] ids when
    it changed."""
    if chosen is None:
        return None
    chosen = list(chosen)
    scope_check(centre=centre, records=chosen)
    manager = getattr(instance, name)
    before = sorted(manager.values_list("pk", flat=True))
    after = sorted(item.pk for item in chosen)
    if before == after:
        return None
    manager.set(chosen)
    return [before, after]
