"""A dataset's release as files: its Table Schema, one CSV and one JSON per period, the
Frictionless data package validated before anything leaves the centre, and the passport of
КМУ №835.

Open data CSV is not the spreadsheet CSV of `core/tabular.py`: it is read by programs and the
portal's preview, so it is **comma-separated UTF-8 without a byte-order mark** (RFC 4180, CRLF
line ends — what data.gov.ua and Frictionless expect), and no cell gets a formula guard: an
apostrophe would change the value the Table Schema describes. The rows come from the registry
(`core/datasets.py`) and are aggregates only; count columns carry the schema constraint
``minimum: 5``, so validation itself refuses a small count that slipped through.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from vidhuk.core.datasets import Dataset, is_count_column
from vidhuk.core.models import Centre
from vidhuk.core.suppression import THRESHOLD

SNAPSHOT = "current"
LINE_END = "\r\n"
CHUNK_ROWS = 500
TITLE_MAX = 254  # КМУ №835: the name of a dataset, at most 254 characters
DESCRIPTION_MAX = 4000  # КМУ №835: the short description, at most 4000 characters


def period_of(year: int, quarter: int) -> str:
    return f"{year}-q{quarter}"


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json_value(value)


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text, header first, then ``CHUNK_ROWS`` lines a chunk (streamed by the views)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_value(value) for value in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A JSON array of objects, one per row, streamed."""
    yield "["
    for index, row in enumerate(rows):
        record = {name: json_value(value) for name, value in zip(header, row, strict=True)}
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
    yield "]"


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The Table Schema (https://specs.frictionlessdata.io/table-schema/) in Ukrainian."""
    fields = []
    with translation.override("uk"):
        for column in dataset.columns:
            described: dict[str, Any] = {
                "name": column.name,
                "type": column.type,
                "title": str(column.title or column.name),
            }
            if is_count_column(column):
                described["constraints"] = {"minimum": THRESHOLD}
            fields.append(described)
    return {"fields": fields, "missingValues": [""]}


@dataclass(frozen=True)
class Part:
    """One period's resource of a release, in both formats."""

    period: str
    row_count: int
    csv: bytes
    json: bytes

    @property
    def csv_sha256(self) -> str:
        return hashlib.sha256(self.csv).hexdigest()

    @property
    def json_sha256(self) -> str:
        return hashlib.sha256(self.json).hexdigest()


@dataclass(frozen=True)
class Build:
    dataset: Dataset
    centre: Centre
    parts: list[Part]
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The identifier: the portal's dataset name, also in the passport."""
        return f"{self.centre.slug}-{self.dataset.key}".lower()  # CKAN: lowercase names

    @property
    def is_valid(self) -> bool:
        return not self.errors


def split_periods(dataset: Dataset, rows: Iterable[Sequence[Any]]) -> dict[str, list[Any]]:
    """The rows per period: per quarter for a quarterly dataset, one snapshot otherwise."""
    if not dataset.is_quarterly:
        return {SNAPSHOT: list(rows)}
    year, quarter = dataset.column_index("year"), dataset.column_index("quarter")
    periods: dict[str, list[Any]] = {}
    for row in rows:
        periods.setdefault(period_of(row[year], row[quarter]), []).append(row)
    return periods


def resource_name(dataset: Dataset, period: str, extension: str) -> str:
    return f"{dataset.key}-{period}.{extension}"


FORMATS = (("csv", "text/csv"), ("json", "application/json"))


def data_package(
    build: Build, *, base: str = "", formats: tuple[tuple[str, str], ...] = FORMATS
) -> dict[str, Any]:
    """The Frictionless data package (tabular) of the build; paths relative to ``base``."""
    schema = table_schema(build.dataset)
    resources = []
    for part in build.parts:
        for extension, media in formats:
            resource: dict[str, Any] = {
                "name": f"{build.dataset.key}-{part.period}-{extension}",
                "path": base + resource_name(build.dataset, part.period, extension),
                "profile": "tabular-data-resource",
                "format": extension,
                "mediatype": media,
                "encoding": "utf-8",
                "schema": schema,
            }
            if extension == "csv":
                resource["dialect"] = {"delimiter": ",", "header": True}
            resources.append(resource)
    with translation.override("uk"):
        return {
            "name": build.name,
            "title": str(build.dataset.title),
            "description": str(build.dataset.about),
            "profile": "tabular-data-package",
            "language": "uk",
            "keywords": [str(keyword) for keyword in build.dataset.keywords],
            "resources": resources,
        }


def json_mismatches(build: Build) -> list[str]:
    """Where a period's JSON does not hold exactly the rows of its CSV (cell by cell, as text)."""
    header = [column.name for column in build.dataset.columns]
    errors = []
    for part in build.parts:
        from_csv = list(csv.reader(io.StringIO(part.csv.decode("utf-8"))))[1:]
        from_json = [
            [str(csv_value(record.get(name))) for name in header]
            for record in json.loads(part.json)
        ]
        if from_csv != from_json:
            name = resource_name(build.dataset, part.period, "json")
            errors.append(_("%(name)s: не збігається з CSV") % {"name": name})
    return errors


def validate(build: Build) -> list[str]:
    """What Frictionless finds wrong with the data package (files on disk, as published), one
    line per error; also the passport limits of КМУ №835. Empty when it may be released.

    Frictionless reads the CSV files against the Table Schema; each JSON file is the same rows,
    so it is parsed back and compared with its validated CSV instead (Frictionless's JSON
    reader takes three times as long as its CSV one, and the release has 30 s for a busy year).
    """
    import frictionless

    errors = []
    with translation.override("uk"):
        if len(str(build.dataset.title)) > TITLE_MAX:
            errors.append(_("Назва довша за %(max)s символи.") % {"max": TITLE_MAX})
        if len(str(build.dataset.about)) > DESCRIPTION_MAX:
            errors.append(_("Опис довший за %(max)s символів.") % {"max": DESCRIPTION_MAX})
    if not build.parts:
        return errors
    with tempfile.TemporaryDirectory(prefix="vidhuk-opendata-") as folder:
        root = Path(folder)
        for part in build.parts:
            (root / resource_name(build.dataset, part.period, "csv")).write_bytes(part.csv)
        descriptor = root / "datapackage.json"
        described = data_package(build, formats=FORMATS[:1])
        descriptor.write_text(json.dumps(described, ensure_ascii=False), "utf-8")
        report = frictionless.validate(str(descriptor))
        for task, row, column, kind, note in report.flatten(
            ["taskName", "rowNumber", "fieldName", "type", "note"]
        ):
            where = ", ".join(
                str(bit)
                for bit in (task, _("рядок %(row)s") % {"row": row} if row else "", column or "")
                if bit
            )
            errors.append(f"{where}: {kind} — {note}" if where else f"{kind} — {note}")
    return errors + json_mismatches(build)


def build_dataset(*, centre: Centre, dataset: Dataset) -> Build:
    """Every period of the dataset as files, validated (``errors`` lists what is wrong)."""
    header = [column.name for column in dataset.columns]
    parts = []
    for period, rows in sorted(split_periods(dataset, dataset.rows(centre)).items()):
        if not rows:
            continue  # an empty snapshot has no file to publish (nor could JSON describe it)
        parts.append(
            Part(
                period=period,
                row_count=len(rows),
                csv="".join(csv_lines(header, rows)).encode("utf-8"),
                json="".join(json_chunks(header, rows)).encode("utf-8"),
            )
        )
    build = Build(dataset=dataset, centre=centre, parts=parts)
    return Build(dataset=dataset, centre=centre, parts=parts, errors=validate(build))
