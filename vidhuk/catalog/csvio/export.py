"""CSV of the service catalog: export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record
from vidhuk.core.tabular import csv_lines

from ..models import Service
from ..selectors import service_export_rows
from .common import (
    _RELATION_COLUMNS,
    BOOLEAN_COLUMNS,
    COLUMNS,
    EXPORT_CHUNK_SIZE,
    LIST_SEPARATOR,
    _text,
)

# --- Export ---------------------------------------------------------------------------------


def _format_boolean(value: bool) -> str:
    return "так" if value else "ні"


def service_to_row(service: Service) -> list[str]:
    """One service as CSV cells, in the order of `COLUMNS`. Reads prefetched relations only;
    the writer (`core.tabular`) guards the cells a spreadsheet would run as formulas."""
    row: list[str] = []
    for column in COLUMNS:
        value: Any = getattr(service, column) if column not in _RELATION_COLUMNS else None
        if column == "category":
            row.append(service.category.name if service.category else "")
        elif column == "life_situations":
            row.append(f"{LIST_SEPARATOR} ".join(s.name for s in service.life_situations.all()))
        elif column == "offices":
            row.append(f"{LIST_SEPARATOR} ".join(o.slug for o in service.offices.all()))
        elif column in BOOLEAN_COLUMNS:
            row.append(_format_boolean(value))
        elif value is None:
            row.append("")
        else:
            row.append(_text(str(value)))
    return row


def export_rows(*, centre: Centre) -> Iterator[list[str]]:
    """The centre's services as rows, read with `.iterator(chunk_size=...)`: memory stays flat
    and each chunk costs three queries."""
    services = service_export_rows(centre=centre).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    for service in services:
        yield service_to_row(service)


def export_lines(*, centre: Centre, delimiter: str = ",") -> Iterator[str]:
    """The centre's catalog as CSV text chunks: BOM, the header (column codes: the file is
    also the import template), then the services."""
    return csv_lines(COLUMNS, export_rows(centre=centre), delimiter=delimiter)


def export_record(*, centre: Centre, actor: Any) -> int:
    """Audit an export of the catalog; returns the number of services exported."""
    count = Service.objects.filter(centre=centre).count()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.EXPORT,
        object_type=Service._meta.label_lower,
        object_repr="CSV",
        changes={"services": count, "format": "csv"},
    )
    return count
