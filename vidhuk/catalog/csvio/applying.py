"""CSV of the service catalog: applying."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from ..models import LifeSituation, Service
from ..services import (
    SERVICE_FIELDS,
    category_get_or_create,
    life_situation_get_or_create,
    service_create,
    service_update,
)
from .common import RowAction
from .planning import ImportPlan, RowPlan, _CentreIndex, _key, plan_import
from .reading import parse_text

# --- Applying -------------------------------------------------------------------------------


class ImportPlanChanged(Exception):  # noqa: N818 - a business outcome, not a programming error
    """The catalog changed after the preview; `plan` is what the same file would do now."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("The import plan changed since the preview.")
        self.plan = plan


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


@transaction.atomic
def import_apply(
    *,
    centre: Centre,
    text: str,
    expected_digest: str,
    only_valid: bool,
    actor: Any,
    filename: str = "",
) -> ImportResult:
    """Apply a previewed file: every chosen row or none.

    Raises `ImportPlanChanged` when the file would now do something other than the preview
    showed (the catalog changed meanwhile), and `ValueError` when the file has bad rows and the
    member did not choose to import only the valid ones.
    """
    # One import at a time per centre: a double submit waits, then finds its plan changed.
    Centre.objects.select_for_update().get(pk=centre.pk)
    plan = plan_import(centre=centre, table=parse_text(text))
    if plan.digest != expected_digest:
        raise ImportPlanChanged(plan)
    if plan.has_errors and not only_valid:
        raise ValueError("The file has rows with errors; only valid rows may be imported.")
    categories = {
        _key(name): category_get_or_create(centre=centre, name=name, actor=actor, audit=False)
        for name in plan.new_categories
    }
    situations = {
        _key(name): life_situation_get_or_create(centre=centre, name=name, actor=actor, audit=False)
        for name in plan.new_life_situations
    }
    index = _CentreIndex.load(centre, [])
    index.categories.update(categories)
    index.situations.update(situations)
    for row in plan.rows:
        _apply_row(centre, row, index, actor)
    counts = plan.counts
    result = ImportResult(
        created=counts[RowAction.CREATE],
        updated=counts[RowAction.UPDATE],
        unchanged=counts[RowAction.UNCHANGED],
        skipped=counts[RowAction.ERROR],
    )
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.IMPORT,
        object_type=Service._meta.label_lower,
        object_repr=(filename or "CSV")[:255],
        changes={
            **result.as_dict(),
            "file_sha256": plan.checksum,
            "created_codes": [r.code for r in plan.rows if r.action == RowAction.CREATE],
            "updated_codes": [r.code for r in plan.rows if r.action == RowAction.UPDATE],
            "new_categories": plan.new_categories,
            "new_life_situations": plan.new_life_situations,
        },
    )
    return result


def _apply_row(centre: Centre, row: RowPlan, index: _CentreIndex, actor: Any) -> None:
    if row.action == RowAction.CREATE:
        data = dict(row.values)
        if row.category_name:
            data["category"] = index.categories[_key(row.category_name)]
        service_create(
            centre=centre,
            data=data,
            life_situations=_situations(row.life_situation_names or [], index),
            offices=[index.offices[slug] for slug in row.office_slugs or []],
            actor=actor,
            audit=False,
        )
    elif row.action == RowAction.UPDATE:
        assert row.service is not None  # noqa: S101 - an update row always has its service
        data = {c: row.values[c] for c in row.changed if c in row.values and c in SERVICE_FIELDS}
        if "category" in row.changed:
            data["category"] = (
                index.categories[_key(row.category_name)] if row.category_name else None
            )
        service_update(
            service=row.service,
            data=data,
            life_situations=(
                _situations(row.life_situation_names or [], index)
                if "life_situations" in row.changed
                else None
            ),
            offices=(
                [index.offices[slug] for slug in row.office_slugs or []]
                if "offices" in row.changed
                else None
            ),
            actor=actor,
            audit=False,
        )


def _situations(names: list[str], index: _CentreIndex) -> list[LifeSituation]:
    return [index.situations[_key(name)] for name in names]
