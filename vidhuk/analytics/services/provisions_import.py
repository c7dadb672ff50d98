"""Storing an imported case-system export in the register (issue 14, part 1).

`imports.py` reads and checks the rows; here the checked rows are stored in one transaction with
one `ProvisionImport` and one audit event. All or nothing unless the member chose to skip the
rows with errors. A file is imported once per centre (its SHA-256, a database constraint: two
imports of one file at the same moment store it once); a case imported from an earlier export
is counted, not stored again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record
from vidhuk.core.tabular_read import Table

from ..choices import ProvisionSource
from ..dashboard import dashboard_cache_forget
from ..imports import VALID, ImportCheck, mapping_check, rows_check
from ..models import ProvisionImport, ServiceProvision
from .provisions import provision_build

BULK_SIZE = 2000
KEPT_ERRORS = 1000  # the skipped rows' reasons kept for the import's summary page


class ImportRowsInvalid(Exception):
    """All-or-nothing import refused: some rows have errors; nothing was stored."""

    def __init__(self, check: ImportCheck) -> None:
        super().__init__(f"{check.invalid} invalid rows")
        self.check = check


def import_already(*, centre: Centre, sha256: str) -> ValidationError | None:
    """The refusal of a file imported before, naming when; None for a new file."""
    earlier = ProvisionImport.objects.filter(centre=centre, sha256=sha256).first()
    if earlier is None:
        return None
    return ValidationError(
        _(
            "Цей файл уже імпортовано %(when)s (рядків імпортовано: %(count)s). "
            "Повторно його не імпортують."
        )
        % {
            "when": formats.date_format(earlier.created_at, "d.m.Y H:i"),
            "count": earlier.rows_imported,
        },
        code="imported_before",
    )


@transaction.atomic
def provisions_import(
    *,
    centre: Centre,
    table: Table,
    mapping: dict[str, int],
    skip_bad: bool,
    file_name: str,
    actor: Any,
) -> ProvisionImport:
    """Store the valid rows of ``table`` as provisions (source «import») under one import.

    Raises ValidationError for a mapping without a required field or a file imported before, and
    ``ImportRowsInvalid`` when a row has errors and ``skip_bad`` is off; nothing is stored then.
    """
    problems = mapping_check(mapping, table.columns)
    if problems:
        raise ValidationError(problems)
    refusal = import_already(centre=centre, sha256=table.sha256)
    if refusal is not None:
        raise refusal
    check = rows_check(centre=centre, table=table, mapping=mapping)
    if check.invalid and not skip_bad:
        raise ImportRowsInvalid(check)
    batch = _batch(centre, table, mapping, check, skip_bad, file_name, actor)
    provisions = ServiceProvision.objects.bulk_create(
        [
            provision_build(
                centre=centre,
                intake=row.intake,
                source=ProvisionSource.IMPORT,
                source_key=row.source_key,
                import_batch=batch,
            )
            for row in check.rows
            if row.status == VALID and row.intake is not None
        ],
        batch_size=BULK_SIZE,
    )
    dashboard_cache_forget(centre=centre, days={p.provided_on for p in provisions})
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.IMPORT,
        obj=batch,
        changes={
            "file": batch.file_name,
            "imported": batch.rows_imported,
            "skipped": batch.rows_skipped,
            "already_in_register": check.duplicates,
        },
    )
    return batch


def _batch(
    centre: Centre,
    table: Table,
    mapping: dict[str, int],
    check: ImportCheck,
    skip_bad: bool,
    file_name: str,
    actor: Any,
) -> ProvisionImport:
    """The import's row, inserted first: a second import of the same file waits on its unique
    SHA-256 and is refused when this one commits."""
    skipped = [[row.line, message] for row in check.bad_rows for message in row.errors]
    batch = ProvisionImport(
        centre=centre,
        file_name=file_name[:255],
        sha256=table.sha256,
        rows_total=len(check.rows),
        rows_imported=check.valid,
        rows_skipped=check.invalid + check.duplicates,
        skip_bad=skip_bad,
        # The columns as the member matched them, and why rows were skipped (for the summary).
        mapping={
            "columns": {
                name: table.columns[index]
                for name, index in mapping.items()
                if 0 <= index < len(table.columns)
            },
            "already_in_register": check.duplicates,
            "skipped": skipped[:KEPT_ERRORS],
        },
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    batch.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:
        raise import_already(centre=centre, sha256=table.sha256) or ValidationError(
            _("Цей файл уже імпортовано.")
        ) from None
    return batch
