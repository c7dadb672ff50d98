"""Reading the centre's case-system exports into the register (issue 14, part 1): which column
holds what, and what each row would become — writes nothing (`services/provisions_import.py`
stores).

The file is read by `core/tabular_read.py` (CSV or XLSX). Columns are matched to the register's
fields by their headers (`guess_mapping`: «Дата», «Послуга», «Код послуги», «Офіс», «Стать»…) and
the member corrects the match on the preview. A row becomes a provision when its day is a date
not in the future, its service is one of the centre's catalog (by code or by name) and every
other mapped cell reads; otherwise the row is reported with its number and every reason.

A column «номер справи» is never stored: its keyed hash (HMAC) is the row's ``source_key``, so a
case already imported from an earlier, overlapping export is not imported again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Centre, Office
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.core.tabular_read import Table, TableRow
from vidhuk.core.tokens import token_digest

from .choices import ProvisionChannel, ProvisionResult, ProvisionSource, StatedAgeGroup
from .models import ServiceProvision
from .services.provisions import EARLIEST_DAY, ProvisionIntake

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
UNMAPPED = -1
KEY_PURPOSE = "vidhuk.analytics.provision-import"

VALID = "valid"
INVALID = "invalid"
DUPLICATE = "duplicate"  # this case is in the register already
REPEATED = "repeated"  # the same case twice in this file


@dataclass(frozen=True)
class Target:
    name: str
    label: Any
    headers: tuple[str, ...]  # normalised header names that mean this field
    required: bool = False


TARGETS = (
    Target(
        "provided_on",
        gettext_lazy("Дата надання"),
        ("дата", "дата надання", "дата надання послуги", "дата видачі", "дата звернення", "date"),
        required=True,
    ),
    Target(
        "service",
        gettext_lazy("Послуга (код або назва з переліку)"),
        ("послуга", "код послуги", "назва послуги", "service", "service code"),
        required=True,
    ),
    Target("office", gettext_lazy("Офіс"), ("офіс", "підрозділ", "місце надання", "office")),
    Target(
        "channel",
        gettext_lazy("Спосіб звернення"),
        ("спосіб звернення", "спосіб подання", "канал", "channel"),
    ),
    Target("result", gettext_lazy("Результат"), ("результат", "результат розгляду", "result")),
    Target("sex", gettext_lazy("Стать"), ("стать", "sex", "gender")),
    Target("age_group", gettext_lazy("Вік або вікова група"), ("вік", "вікова група", "age")),
    Target("idp", gettext_lazy("ВПО"), ("впо", "idp", "внутрішньо переміщена особа")),
    Target("disability", gettext_lazy("Інвалідність"), ("інвалідність", "з інвалідністю")),
    Target("pensioner", gettext_lazy("Пенсіонер"), ("пенсіонер", "pensioner")),
    Target("veteran", gettext_lazy("Ветеран"), ("ветеран", "veteran", "убд")),
    Target(
        "case",
        gettext_lazy("Номер справи (лише щоб не імпортувати двічі; зберігається як хеш)"),
        ("номер справи", "справа", "№ справи", "реєстраційний номер", "case", "case id"),
    ),
)
TARGET_NAMES = tuple(target.name for target in TARGETS)

_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "channel": {
        ProvisionChannel.IN_PERSON: ("особисто", "особисто в цнап", "в цнап", "in_person"),
        ProvisionChannel.POST: ("поштою", "пошта", "post"),
        ProvisionChannel.ONLINE: ("онлайн", "електронно", "дія", "портал дія", "online"),
    },
    "result": {
        ProvisionResult.PROVIDED: ("надано", "видано", "позитивний", "provided"),
        ProvisionResult.REFUSED: ("відмовлено", "відмова", "негативний", "refused"),
        ProvisionResult.CONSULTATION: ("консультація", "консультацію надано", "consultation"),
    },
    "sex": {
        "female": ("ж", "жін", "жінка", "жіноча", "f", "female"),
        "male": ("ч", "чол", "чоловік", "чоловіча", "m", "male"),
        "": ("не зазначено", "не вказано", "-"),
    },
}
_YES = ("так", "1", "yes", "true", "+", "є")
_NO = ("ні", "0", "no", "false", "немає")
_NOT_STATED = ("не зазначено", "не вказано")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")
_SPACES = re.compile(r"\s+")


def normalised(text: str) -> str:
    return _SPACES.sub(" ", text.replace("’", "'").strip().lower())


def guess_mapping(columns: Iterable[str]) -> dict[str, int]:
    """Each field's column by its header (the first that matches), else ``UNMAPPED``."""
    headers = [normalised(name) for name in columns]
    mapping: dict[str, int] = {}
    for target in TARGETS:
        found = [i for i, header in enumerate(headers) if header in target.headers]
        mapping[target.name] = found[0] if found else UNMAPPED
    return mapping


@dataclass
class CheckedRow:
    line: int
    status: str
    errors: list[str] = field(default_factory=list)
    intake: ProvisionIntake | None = None
    source_key: str = ""


@dataclass
class ImportCheck:
    rows: list[CheckedRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def valid(self) -> int:
        return self.count(VALID)

    @property
    def invalid(self) -> int:
        return self.count(INVALID)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE) + self.count(REPEATED)

    @property
    def bad_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.status == INVALID]


class _Lookups:
    """The centre's offices and services, loaded once for the whole file."""

    def __init__(self, centre: Centre) -> None:
        self.offices: dict[str, Office] = {}
        for office in office_list_for_centre(centre=centre, only_active=False).prefetch_related(
            None
        ):
            self.offices[normalised(office.name)] = office
            self.offices[normalised(office.slug)] = office
        self.services: dict[str, Service] = {}
        for service in service_list_for_staff(centre=centre).select_related(None):
            self.services.setdefault(normalised(service.name), service)
            self.services[normalised(service.code)] = service


def mapping_check(mapping: dict[str, int], columns: tuple[str, ...]) -> list[str]:
    """What is wrong with the mapping itself: a required field without a column, a column
    chosen for two fields."""
    errors = []
    for target in TARGETS:
        if target.required and mapping.get(target.name, UNMAPPED) == UNMAPPED:
            errors.append(_("Оберіть стовпець для поля «%(field)s».") % {"field": target.label})
    chosen = [index for index in mapping.values() if index != UNMAPPED]
    for index in sorted({i for i in chosen if chosen.count(i) > 1}):
        errors.append(
            _("Стовпець «%(column)s» обрано для кількох полів: кожен стовпець — для одного.")
            % {"column": columns[index]}
        )
    return errors


def rows_check(*, centre: Centre, table: Table, mapping: dict[str, int]) -> ImportCheck:
    """What importing ``table`` with ``mapping`` would do, row by row; writes nothing."""
    lookups = _Lookups(centre)
    today = timezone.localdate()
    checked = [_row(row, mapping, lookups, today, centre) for row in table.rows]
    _mark_duplicates(centre, checked)
    return ImportCheck(rows=checked)


def _mark_duplicates(centre: Centre, rows: list[CheckedRow]) -> None:
    keys = [row.source_key for row in rows if row.source_key]
    stored: set[str] = set()
    for start in range(0, len(keys), 5000):
        stored |= set(
            ServiceProvision.objects.filter(
                centre=centre,
                source=ProvisionSource.IMPORT,
                source_key__in=keys[start : start + 5000],
            ).values_list("source_key", flat=True)
        )
    seen: set[str] = set()
    for row in rows:
        if not row.source_key or row.status != VALID:
            continue
        if row.source_key in stored:
            row.status = DUPLICATE
        elif row.source_key in seen:
            row.status = REPEATED
        seen.add(row.source_key)


def _row(
    row: TableRow, mapping: dict[str, int], lookups: _Lookups, today: dt.date, centre: Centre
) -> CheckedRow:
    def cell(name: str) -> str:
        index = mapping.get(name, UNMAPPED)
        return row.cell(index) if index != UNMAPPED else ""

    errors: list[str] = []
    day = _day(cell("provided_on"), today, errors)
    service = _service(cell("service"), lookups, errors)
    office = _office(cell("office"), lookups, errors)
    values: dict[str, Any] = {
        "channel": _word("channel", cell("channel"), ProvisionChannel.IN_PERSON, errors),
        "result": _word("result", cell("result"), ProvisionResult.PROVIDED, errors),
        "sex": _word("sex", cell("sex"), "", errors),
        "age_group": _age_group(cell("age_group"), errors),
    }
    for name in ("idp", "disability", "pensioner", "veteran"):
        values[name] = _yes_no(name, cell(name), errors)
    line_errors = [
        _("Рядок %(line)s: %(reason)s") % {"line": row.line, "reason": e} for e in errors
    ]
    if line_errors or day is None or service is None:
        return CheckedRow(line=row.line, status=INVALID, errors=line_errors)
    case = cell("case")
    key = token_digest(KEY_PURPOSE, f"{centre.pk}|{normalised(case)}") if case else ""
    intake = ProvisionIntake(provided_on=day, office=office, service=service, **values)
    return CheckedRow(line=row.line, status=VALID, intake=intake, source_key=key)


def _day(text: str, today: dt.date, errors: list[str]) -> dt.date | None:
    if not text:
        errors.append(_("немає дати надання послуги."))
        return None
    head = text.split("T", 1)[0].split(" ", 1)[0]
    for pattern in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(head, pattern).date()  # noqa: DTZ007 — a day, no time
        except ValueError:
            continue
        if day > today:
            errors.append(_("дата %(day)s ще не настала.") % {"day": f"{day:%d.%m.%Y}"})
        elif day < EARLIEST_DAY:
            errors.append(_("дата %(day)s раніше 2000 року.") % {"day": f"{day:%d.%m.%Y}"})
        else:
            return day
        return None
    errors.append(_("«%(text)s» — не дата; вкажіть дату як 31.01.2026.") % {"text": text[:40]})
    return None


def _service(text: str, lookups: _Lookups, errors: list[str]) -> Service | None:
    if not text:
        errors.append(_("не вказано послугу."))
        return None
    service = lookups.services.get(normalised(text))
    if service is None:
        errors.append(
            _("послуги «%(text)s» немає в переліку послуг центру (шукали за кодом і назвою).")
            % {"text": text[:80]}
        )
    return service


def _office(text: str, lookups: _Lookups, errors: list[str]) -> Office | None:
    if not text:
        return None
    office = lookups.offices.get(normalised(text))
    if office is None:
        errors.append(_("офісу «%(text)s» немає серед офісів центру.") % {"text": text[:80]})
    return office


def _word(name: str, text: str, default: str, errors: list[str]) -> str:
    if not text:
        return default
    wanted = normalised(text)
    for code, words in _WORDS[name].items():
        if wanted in words:
            return code
    allowed = ", ".join(f"«{words[0]}»" for words in _WORDS[name].values())
    errors.append(
        _("«%(text)s» у стовпці «%(field)s» не розпізнано; можна: %(allowed)s.")
        % {"text": text[:40], "field": _label(name), "allowed": allowed}
    )
    return default


def _age_group(text: str, errors: list[str]) -> str:
    wanted = normalised(text).replace("-", "–")
    if not wanted or wanted in _NOT_STATED:
        return ""
    for code, label in StatedAgeGroup.choices:
        if code and wanted in (
            code,
            normalised(str(label)),
            normalised(str(label)).removesuffix(" років"),
        ):
            return code
    if wanted.isdecimal() and int(wanted) < 130:
        age = int(wanted)
        if age < 18:
            return StatedAgeGroup.UNDER_18
        if age <= 35:
            return StatedAgeGroup.FROM_18_TO_35
        return StatedAgeGroup.FROM_36_TO_59 if age <= 59 else StatedAgeGroup.SIXTY_PLUS
    errors.append(
        _("«%(text)s» — не вік і не вікова група (до 18, 18–35, 36–59, 60 і більше).")
        % {"text": text[:40]}
    )
    return ""


def _yes_no(name: str, text: str, errors: list[str]) -> bool | None:
    wanted = normalised(text)
    if not wanted or wanted in _NOT_STATED:
        return None
    if wanted in _YES:
        return True
    if wanted in _NO:
        return False
    errors.append(
        _("«%(text)s» у стовпці «%(field)s» — не «так» і не «ні».")
        % {"text": text[:40], "field": _label(name)}
    )
    return None


def _label(name: str) -> str:
    return str(next(target.label for target in TARGETS if target.name == name))
