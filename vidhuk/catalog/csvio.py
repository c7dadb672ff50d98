"""CSV import and export of a centre's service catalog.

The file is the information card (Art. 8, Law on Administrative Services) one service a row, with
stable machine column names. Import runs in two steps: `read_upload` checks the file as a whole
(size, encoding, CSV syntax, header, number of rows) and raises `CsvFileError` with a Ukrainian
message; `plan_import` then checks each row with the model's own rules and says what would happen
to it, writing nothing. `import_apply` re-plans the same text, refuses if the outcome differs from
the preview the member saw (`digest`), and applies it in one transaction through `service_create`
and `service_update`, with one audit event for the whole import.

Rows are matched to existing services by `code` within the centre, so applying the same file twice
changes nothing the second time. Services missing from the file are left as they are.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record

from .models import Category, LifeSituation, Service
from .selectors import service_export_rows
from .services import (
    SERVICE_FIELDS,
    category_get_or_create,
    life_situation_get_or_create,
    service_create,
    service_update,
)

COLUMNS: tuple[str, ...] = (
    "code", "name", "category", "life_situations", "offices",
    "provider_name", "provider_address", "provider_hours", "provider_phone", "provider_email",
    "provider_website", "legal_basis", "documents", "requirements",
    "is_free", "fee_amount", "fee_details", "fee_legal_basis", "max_term_days", "term_text",
    "result", "delivery_methods", "refusal_grounds", "appeal_procedure", "online_url",
    "keywords", "is_published",
)  # fmt: skip
# The columns of the card's required fields; an optional column may be left out of the file:
# a new service then takes the model's default and an existing one keeps its value.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "code", "name", "provider_name", "legal_basis", "documents", "max_term_days", "result",
    "delivery_methods", "appeal_procedure",
)  # fmt: skip
LIST_SEPARATOR = ";"
BOOLEAN_COLUMNS = frozenset({"is_free", "is_published"})
TRUE_WORDS = frozenset({"так", "true", "1", "yes"})
FALSE_WORDS = frozenset({"ні", "false", "0", "no"})
# Applying costs ~15 ms a row on modest hardware (service_create/service_update validate and
# audit-free save each row): 1,000 rows stay well inside one request's time budget.
DEFAULT_MAX_ROWS = 1000
EXPORT_CHUNK_SIZE = 500
_RELATION_COLUMNS = frozenset({"category", "life_situations", "offices"})
_SCALAR_COLUMNS = tuple(c for c in COLUMNS if c not in _RELATION_COLUMNS)
_BOOLEAN_DEFAULTS = {"is_free": True, "is_published": True}  # as on the model
_NAME_MAX_LENGTH = 200  # of Category.name and LifeSituation.name
_BOM = "\ufeff"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls of Excel 97-2003
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CsvFileError(Exception):
    """The file as a whole cannot be imported; `message` is shown at the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportPlanChanged(Exception):  # noqa: N818 - a business outcome, not a programming error
    """The catalog changed after the preview; `plan` is what the same file would do now."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("The import plan changed since the preview.")
        self.plan = plan


class RowAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


def max_bytes() -> int:
    return int(settings.VIDHUK_CSV_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(getattr(settings, "VIDHUK_CSV_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def column_label(column: str) -> str:
    """The Ukrainian name of a column, from the model field it fills."""
    return str(getattr(Service._meta.get_field(column), "verbose_name", column))


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Reading the file -----------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line of the file where the row starts (the header is line 1)
    cells: dict[str, str]
    error: str = ""  # a problem of the row's shape (number of cells)


@dataclass(frozen=True)
class CsvTable:
    text: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    delimiter: str
    encoding: str

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)


def read_upload(upload: Any) -> CsvTable:
    """Read an uploaded file (Django `UploadedFile`) into a table, or raise `CsvFileError`."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise CsvFileError(_too_big_message(upload.size, limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CsvFileError(_too_big_message(upload.size or len(data), limit))
    return read_bytes(data)


def _too_big_message(size: int, limit: int) -> str:
    return _(
        "Файл завеликий (%(size)s). Найбільший дозволений розмір — %(limit)s: "
        "розділіть таблицю на кілька файлів."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}


def read_bytes(data: bytes) -> CsvTable:
    text, encoding = decode(data)
    return parse_text(text, encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or Windows-1251, the way Excel in Ukraine saves CSV."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise CsvFileError(_("Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."))
    if data.startswith((_ZIP_MAGIC, _OLE2_MAGIC)):
        raise CsvFileError(
            _(
                "Це файл Excel, а не CSV. Відкрийте його в Excel і збережіть як "
                "«CSV UTF-8 (розділений комами)», тоді завантажте знову."
            )
        )
    text, encoding = _decode_text(data)
    if text is None or _has_control_characters(text):
        raise CsvFileError(
            _(
                "Не вдалося прочитати файл: це не текстова CSV-таблиця в кодуванні UTF-8 або "
                "Windows-1251. Збережіть таблицю як «CSV UTF-8 (розділений комами)» і "
                "завантажте знову."
            )
        )
    return text.removeprefix(_BOM), encoding


def _decode_text(data: bytes) -> tuple[str | None, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "windows-1251"
    except UnicodeDecodeError:
        return None, ""


def _has_control_characters(text: str) -> bool:
    """Binary content decodes to control characters; a text table has none but line breaks."""
    return _CONTROL_CHARACTER.search(text) is not None


def sniff_delimiter(text: str) -> str:
    """`,` or `;`, whichever separates the header's names (Excel in Ukraine writes `;`)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_text(text: str, *, encoding: str = "utf-8") -> CsvTable:
    """Split decoded text into rows keyed by column, checking the header and the row count."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    start = 1  # the line where the record being read starts
    try:
        columns = _check_header(next(reader, None))
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _check_row_count(len(rows) + 1)
                rows.append(_row(start, cells, columns))
            start = reader.line_num + 1
    except csv.Error as error:
        raise CsvFileError(
            _(
                "Файл пошкоджений: не вдалося розібрати CSV у рядку %(line)s. Перевірте лапки: "
                "значення з комами, крапками з комою чи переносами рядків мають бути взяті в "
                "подвійні лапки, а лапки всередині значення — подвоєні."
            )
            % {"line": start}
        ) from error
    if not rows:
        raise CsvFileError(_("У файлі немає жодної послуги: лише рядок заголовків."))
    return CsvTable(
        text=text, columns=columns, rows=tuple(rows), delimiter=delimiter, encoding=encoding
    )


def _check_header(header: list[str] | None) -> tuple[str, ...]:
    names = tuple(name.strip().lower() for name in header or [])
    if not any(names):
        raise CsvFileError(_("Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."))
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise CsvFileError(
            _("Невідомі стовпці: %(unknown)s. Дозволені назви стовпців: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise CsvFileError(
            _("Стовпці повторюються: %(columns)s. Кожен стовпець має бути один раз.")
            % {"columns": ", ".join(repeated)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise CsvFileError(
            _("Бракує обов’язкових стовпців: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return names


def _check_row_count(count: int) -> None:
    limit = max_rows()
    if count > limit:
        raise CsvFileError(
            _(
                "У файлі понад %(limit)s послуг. Розділіть таблицю на файли до %(limit)s "
                "рядків і завантажте їх по черзі."
            )
            % {"limit": limit}
        )


def _row(line: int, cells: list[str], columns: tuple[str, ...]) -> CsvRow:
    error = ""
    if len(cells) < len(columns):
        error = _(
            "У рядку %(found)s значень, а в заголовку %(expected)s стовпців. Можливо, "
            "не закрито лапки в попередньому значенні."
        ) % {"found": len(cells), "expected": len(columns)}
    elif any(cell.strip() for cell in cells[len(columns) :]):
        error = _(
            "У рядку більше значень (%(found)s), ніж стовпців у заголовку (%(expected)s)."
        ) % {
            "found": len(cells),
            "expected": len(columns),
        }
    if not error and any(
        cell.strip() for name, cell in zip(columns, cells, strict=False) if not name
    ):
        error = _("Значення стоїть у стовпці без назви в заголовку.")
    values = {
        name: _unescape_formula(cell) for name, cell in zip(columns, cells, strict=False) if name
    }
    return CsvRow(line=line, cells=values, error=error)


# A cell that starts with one of these is run as a formula by spreadsheet programs
# (CSV injection, OWASP): the export puts an apostrophe before it, the import takes it off.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape_formula(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def _unescape_formula(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


# --- Planning: what each row would do -------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # "" when the problem is the whole row
    message: str

    @property
    def column_label(self) -> str:
        return column_label(self.column) if self.column else ""


@dataclass
class RowPlan:
    line: int
    code: str
    name: str
    action: RowAction = RowAction.ERROR
    errors: list[RowError] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # columns an update changes
    values: dict[str, Any] = field(default_factory=dict)  # model field values from the file
    category_name: str | None = None  # None: column absent; "": no category
    life_situation_names: list[str] | None = None
    office_slugs: list[str] | None = None
    new_category: str = ""
    new_life_situations: list[str] = field(default_factory=list)
    service: Service | None = None

    @property
    def is_valid(self) -> bool:
        return self.action != RowAction.ERROR

    @property
    def changed_labels(self) -> list[str]:
        return [column_label(column) for column in self.changed]


@dataclass
class ImportPlan:
    checksum: str
    rows: list[RowPlan]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RowAction, 0)
        for row in self.rows:
            counts[row.action] += 1
        return {str(action): number for action, number in counts.items()}

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(not row.is_valid for row in self.rows)

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if row.is_valid)

    @property
    def change_count(self) -> int:
        return sum(1 for row in self.rows if row.action in (RowAction.CREATE, RowAction.UPDATE))

    @property
    def new_categories(self) -> list[str]:
        return list(
            dict.fromkeys(r.new_category for r in self.rows if r.is_valid and r.new_category)
        )

    @property
    def new_life_situations(self) -> list[str]:
        names = (name for r in self.rows if r.is_valid for name in r.new_life_situations)
        return list(dict.fromkeys(names))

    @property
    def digest(self) -> str:
        """Fingerprint of the outcome: the confirm step applies only what the preview showed."""
        outline = [
            self.checksum,
            [
                [r.line, r.code, str(r.action), r.changed, [e.column for e in r.errors]]
                for r in self.rows
            ],
            self.new_categories,
            self.new_life_situations,
        ]
        return hashlib.sha256(json.dumps(outline, ensure_ascii=False).encode()).hexdigest()


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class _CentreIndex:
    """What rows refer to, loaded once per import in a fixed number of queries."""

    services: dict[str, Service]
    categories: dict[str, Category]
    situations: dict[str, LifeSituation]
    offices: dict[str, Office]

    @classmethod
    def load(cls, centre: Centre, codes: Iterable[str]) -> _CentreIndex:
        services = (
            Service.objects.filter(centre=centre, code__in=set(codes))
            .select_related("category")
            .prefetch_related("life_situations", "offices")
        )
        return cls(
            services={s.code: s for s in services},
            categories={_key(c.name): c for c in Category.objects.filter(centre=centre)},
            situations={_key(s.name): s for s in LifeSituation.objects.filter(centre=centre)},
            offices={o.slug: o for o in Office.objects.filter(centre=centre)},
        )


def plan_import(*, centre: Centre, table: CsvTable) -> ImportPlan:
    """What importing `table` into `centre` would do, row by row. Writes nothing."""
    codes = [row.cells.get("code", "").strip() for row in table.rows]
    index = _CentreIndex.load(centre, codes)
    first_line_of_code: dict[str, int] = {}
    rows = []
    for row in table.rows:
        plan = _plan_row(centre, row, index)
        earlier = first_line_of_code.setdefault(plan.code, row.line) if plan.code else row.line
        if earlier != row.line:
            plan.errors.append(
                RowError(
                    row.line,
                    "code",
                    _("Код «%(code)s» уже є в рядку %(line)s цього файлу.")
                    % {"code": plan.code, "line": earlier},
                )
            )
            plan.action = RowAction.ERROR
        rows.append(plan)
    return ImportPlan(checksum=table.checksum, rows=rows)


def _plan_row(centre: Centre, row: CsvRow, index: _CentreIndex) -> RowPlan:
    cells = row.cells
    plan = RowPlan(
        line=row.line, code=cells.get("code", "").strip(), name=_text(cells.get("name", ""))
    )
    if row.error:
        plan.errors.append(RowError(row.line, "", row.error))
        return plan
    problems: dict[str, str] = {}
    for column in _SCALAR_COLUMNS:
        if column in cells:
            try:
                plan.values[column] = _parse_value(column, cells[column])
            except ValidationError as error:
                problems[column] = error.messages[0]
    _resolve_relations(plan, cells, index, problems)
    plan.service = index.services.get(plan.code) if plan.code else None
    for column, message in _model_errors(centre, plan, exclude=set(problems)).items():
        problems.setdefault(column, message)  # a value that could not be read says why first
    plan.errors = [
        RowError(row.line, column, problems[column])
        for column in ("", *COLUMNS)
        if column in problems
    ]
    if plan.errors:
        return plan
    if plan.service is None:
        plan.action = RowAction.CREATE
    else:
        plan.changed = _changed_columns(plan, plan.service)
        plan.action = RowAction.UPDATE if plan.changed else RowAction.UNCHANGED
    return plan


def _text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()


def _parse_value(column: str, raw: str) -> Any:
    value = _text(raw)
    if column in BOOLEAN_COLUMNS:
        return _parse_boolean(value, default=_BOOLEAN_DEFAULTS[column])
    if column == "fee_amount":
        return _parse_amount(value)
    if column == "max_term_days":
        return _parse_days(value)
    return value


def _parse_boolean(value: str, *, default: bool) -> bool:
    word = value.casefold()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Вкажіть «так» або «ні» (також можна true/false, 1/0, yes/no)."))


def _parse_amount(value: str) -> Decimal | None:
    compact = "".join(value.split()).replace(",", ".")
    if not compact:
        return None
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        raise ValidationError(
            _("Вкажіть суму числом у гривнях, наприклад 345 або 345,00.")
        ) from None
    if not amount.is_finite():
        raise ValidationError(_("Вкажіть суму числом у гривнях, наприклад 345 або 345,00."))
    return amount


def _parse_days(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(_("Вкажіть ціле число календарних днів, наприклад 10."))
    return int(value)


def _split_list(raw: str) -> list[str]:
    names = (" ".join(part.split()) for part in _text(raw).split(LIST_SEPARATOR))
    return list(dict.fromkeys(name for name in names if name))


def _resolve_relations(
    plan: RowPlan, cells: dict[str, str], index: _CentreIndex, problems: dict[str, str]
) -> None:
    if "category" in cells:
        plan.category_name = " ".join(cells["category"].split())
        if plan.category_name and _key(plan.category_name) not in index.categories:
            plan.new_category = plan.category_name
        if len(plan.category_name) > _NAME_MAX_LENGTH:
            problems["category"] = _("Назва категорії задовга: до 200 символів.")
    if "life_situations" in cells:
        plan.life_situation_names = _split_list(cells["life_situations"])
        plan.new_life_situations = [
            name for name in plan.life_situation_names if _key(name) not in index.situations
        ]
        if any(len(name) > _NAME_MAX_LENGTH for name in plan.life_situation_names):
            problems["life_situations"] = _("Назва життєвої ситуації задовга: до 200 символів.")
    if "offices" in cells:
        plan.office_slugs = _split_list(cells["offices"])
        unknown = [slug for slug in plan.office_slugs if slug not in index.offices]
        if unknown:
            problems["offices"] = _(
                "Офісу з ідентифікатором %(unknown)s немає в цьому центрі. Наявні офіси: %(known)s."
            ) % {
                "unknown": ", ".join(f"«{slug}»" for slug in unknown),
                "known": ", ".join(index.offices) or "—",
            }


def _model_errors(centre: Centre, plan: RowPlan, *, exclude: set[str]) -> dict[str, str]:
    """The model's own rules (`full_clean`, uniqueness within the centre) on an unsaved copy."""
    candidate = _candidate(centre, plan)
    try:
        candidate.full_clean(exclude=[*exclude, "slug", "search_document", "category", "centre"])
    except ValidationError as error:
        return {
            ("" if name == NON_FIELD_ERRORS else name): " ".join(messages)
            for name, messages in error.message_dict.items()
        }
    return {}


def _candidate(centre: Centre, plan: RowPlan) -> Service:
    existing = plan.service
    if existing is None:
        candidate = Service(centre=centre)
    else:
        candidate = Service(
            **{f.attname: getattr(existing, f.attname) for f in Service._meta.concrete_fields}
        )
        candidate._state.adding = False  # uniqueness checks then leave the service itself out
    for name, value in plan.values.items():
        setattr(candidate, name, value)
    return candidate


def _comparable(value: Any) -> Any:
    return _text(value) if isinstance(value, str) else value


def _changed_columns(plan: RowPlan, service: Service) -> list[str]:
    changed = [
        column
        for column, value in plan.values.items()
        if _comparable(getattr(service, column)) != value
    ]
    if plan.category_name is not None:
        current = _key(service.category.name) if service.category else ""
        if current != _key(plan.category_name):
            changed.append("category")
    if plan.life_situation_names is not None:
        current_situations = {_key(s.name) for s in service.life_situations.all()}
        if current_situations != {_key(name) for name in plan.life_situation_names}:
            changed.append("life_situations")
    if plan.office_slugs is not None and {o.slug for o in service.offices.all()} != set(
        plan.office_slugs
    ):
        changed.append("offices")
    return sorted(changed, key=COLUMNS.index)


# --- Applying -------------------------------------------------------------------------------


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


# --- Export ---------------------------------------------------------------------------------


def _format_boolean(value: bool) -> str:
    return "так" if value else "ні"


def service_to_row(service: Service) -> list[str]:
    """One service as CSV cells, in the order of `COLUMNS`. Reads prefetched relations only."""
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
            row.append(_escape_formula(_text(str(value))))
    return row


class _Echo:
    """A file-like object whose `write` returns the line: `csv.writer` then yields strings."""

    def write(self, value: str) -> str:
        return value


def export_lines(*, centre: Centre, delimiter: str = ",") -> Iterator[str]:
    """The centre's catalog as CSV text chunks: BOM, header, then services in batches.

    The BOM makes Excel read the file as UTF-8 (Cyrillic intact). Services are read with
    `.iterator(chunk_size=...)`, so memory stays flat and each chunk costs three queries.
    """
    writer = csv.writer(_Echo(), delimiter=delimiter)
    batch = [_BOM + writer.writerow(COLUMNS)]
    services = service_export_rows(centre=centre).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    for service in services:
        batch.append(writer.writerow(service_to_row(service)))
        if len(batch) >= 100:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


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
