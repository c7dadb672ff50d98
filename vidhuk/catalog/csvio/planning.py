"""CSV of the service catalog: planning."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre, Office

from ..models import Category, LifeSituation, Service
from .common import (
    _BOOLEAN_DEFAULTS,
    _NAME_MAX_LENGTH,
    _SCALAR_COLUMNS,
    BOOLEAN_COLUMNS,
    COLUMNS,
    FALSE_WORDS,
    LIST_SEPARATOR,
    TRUE_WORDS,
    RowAction,
    _text,
    column_label,
)
from .reading import CsvRow, CsvTable

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
    if not (value.isascii() and value.isdigit()):
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
