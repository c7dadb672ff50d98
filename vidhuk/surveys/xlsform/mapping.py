"""From the columns of a submission export to the questions of a version, and rows to answers.

A column is matched by its XLSForm name once the group path is stripped (``section_1/overall``,
ODK Central's ``section_1-overall``), a ``select_multiple`` either as one space-separated column
or as ``q/option`` columns of 0/1, and KoboToolbox's «labels» export by question and option
labels. The tools' own columns (ids, device, user, phone, location, review state) are never
imported; the day and the submission id are read only to date a response and to recognise a
submission imported before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from ..choices import QuestionType
from .naming import FORM_FIELD, FORM_ID_RE, FormNames, QuestionNames, form_id, form_version
from .reading import SubmissionRow, SubmissionTable

KYIV = ZoneInfo("Europe/Kyiv")

ANSWER = "answer"  # a column that can be imported as an answer (or left out)
IGNORED = "ignored"  # the tools' own or personal columns: never stored
DATE = "date"  # read for the day the form was filled
KEY = "key"  # read to recognise a submission imported before (only a keyed hash is stored)
FORM = "form"  # which form the submission belongs to
FORM_VERSION = "form_version"

KEY_COLUMNS = ("instanceID", "_uuid", "KEY")  # in order of preference
DATE_COLUMNS = ("today", "end", "start", "_submission_time", "SubmissionDate")
FORM_COLUMNS = (FORM_FIELD, "_xform_id_string")
FORM_VERSION_COLUMNS = ("FormVersion",)
IGNORED_COLUMNS = frozenset(
    name.casefold()
    for name in (
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "instanceName",
        "deprecatedID",
        "uuid",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "Latitude",
        "Longitude",
        "Altitude",
        "Accuracy",
        "privacy_note",
        "__version__",
    )
)
GENERATED_PREFIXES = ("generated_table_list_label_", "reserved_name_for_field_list_labels_")
TARGET_KINDS = {"q": "question", "o": "option", "r": "row"}
TRUE_CELLS = frozenset({"1", "true", "yes", "так", "x", "✓"})
FALSE_CELLS = frozenset({"0", "false", "no", "ні", ""})


@dataclass(frozen=True)
class Target:
    """What a column may become: a question, one option of a multiple choice, a matrix row."""

    key: str
    code: str
    kind: str  # "question" | "option" | "row"
    value: str
    label: str


@dataclass
class Column:
    index: int
    header: str
    role: str
    target: str = ""  # the Target key for ANSWER columns; "" — not imported

    @property
    def is_mappable(self) -> bool:
        return self.role == ANSWER

    @property
    def field_name(self) -> str:
        return f"column_{self.index}"


@dataclass
class PreparedRow:
    line: int
    answers: dict[str, Any]
    submitted_on: dt.date | None
    source_key: str
    errors: list[str] = field(default_factory=list)  # messages already naming row and question
    error_codes: set[str] = field(default_factory=set)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tail(segment: str) -> str:
    """``section_1-overall`` → ``overall``; our names hold no ``-``, ``.`` or ``:``."""
    return re.split(r"[-.:]", segment)[-1]


def targets(names: FormNames) -> list[Target]:
    result: list[Target] = []
    for item in names.questions:
        question = item.question
        text = question.text_uk
        if question.type == QuestionType.MATRIX:
            for row in question.rows:
                result.append(
                    Target(
                        key=f"r:{question.code}:{row['value']}",
                        code=question.code,
                        kind="row",
                        value=str(row["value"]),
                        label=f"{item.name}: {text} — {row['label_uk']}",
                    )
                )
            continue
        result.append(
            Target(
                key=f"q:{question.code}",
                code=question.code,
                kind="question",
                value="",
                label=f"{item.name}: {text}",
            )
        )
        if question.type == QuestionType.MULTIPLE_CHOICE:
            for option in question.options:
                result.append(
                    Target(
                        key=f"o:{question.code}:{option['value']}",
                        code=question.code,
                        kind="option",
                        value=str(option["value"]),
                        label=_("%(name)s: %(text)s — «%(option)s» (стовпець 0/1)")
                        % {"name": item.name, "text": text, "option": option["label_uk"]},
                    )
                )
    return result


class _Matcher:
    def __init__(self, names: FormNames) -> None:
        self.names = names
        self.by_name: dict[str, str] = {}
        self.by_label: dict[str, str] = {}
        for item in names.questions:
            question = item.question
            if question.type == QuestionType.MATRIX:
                for row in question.rows:
                    key = f"r:{question.code}:{row['value']}"
                    self.by_name[item.value_to_row[str(row["value"])].casefold()] = key
                    for label in (row.get("label_uk", ""), row.get("label_en", "")):
                        if label:
                            self.by_label.setdefault(_norm(str(label)), key)
                continue
            key = f"q:{question.code}"
            self.by_name[item.name.casefold()] = key
            for label in (question.text_uk, question.text_en):
                if label:
                    self.by_label.setdefault(_norm(label), key)
            if question.type == QuestionType.MULTIPLE_CHOICE:
                for option in question.options:
                    option_key = f"o:{question.code}:{option['value']}"
                    choice = item.value_to_choice[str(option["value"])]
                    self.by_name[f"{item.name}/{choice}".casefold()] = option_key
                    for label in (question.text_uk, question.text_en):
                        for option_label in (option.get("label_uk", ""), option.get("label_en")):
                            if label and option_label:
                                self.by_label.setdefault(
                                    _norm(f"{label}/{option_label}"), option_key
                                )

    def match(self, header: str) -> str:
        parts = header.split("/")
        name = _tail(parts[-1]).casefold()
        if name in self.by_name:
            return self.by_name[name]
        if len(parts) >= 2:
            option = f"{_tail(parts[-2])}/{parts[-1]}".casefold()
            if option in self.by_name:
                return self.by_name[option]
        # KoboToolbox's «labels» export: headers are labels, with or without the group's label.
        for candidate in (header, "/".join(parts[-2:]), parts[-1]):
            key = self.by_label.get(_norm(candidate))
            if key is not None:
                return key
        return ""


def _role(header: str) -> str:
    parts = header.split("/")
    tail = _tail(parts[-1])
    last = parts[-1]
    if tail in KEY_COLUMNS or last in KEY_COLUMNS:
        return KEY
    if tail in DATE_COLUMNS or last in DATE_COLUMNS:
        return DATE
    if tail in FORM_COLUMNS or last in FORM_COLUMNS:
        return FORM
    if tail in FORM_VERSION_COLUMNS:
        return FORM_VERSION
    if last.startswith("_") or header.startswith("_") or tail.casefold() in IGNORED_COLUMNS:
        return IGNORED
    if tail.startswith(GENERATED_PREFIXES):
        return IGNORED
    return ANSWER


def auto_columns(table: SubmissionTable, names: FormNames) -> list[Column]:
    """Every column of the file with its role and, for answer columns, the matched target."""
    matcher = _Matcher(names)
    columns: list[Column] = []
    taken: set[str] = set()
    for index, header in enumerate(table.columns):
        role = _role(header)
        target = matcher.match(header) if role == ANSWER else ""
        if target in taken:
            target = ""  # a second column of the same question waits for the staff's choice
        taken.add(target)
        columns.append(Column(index=index, header=header, role=role, target=target))
    return columns


# --- the form a file belongs to ------------------------------------------------------------------


def _found(table: SubmissionTable, columns: list[Column], role: str) -> set[str]:
    return {
        table.cell(row, column.index).strip()
        for column in columns
        if column.role == role
        for row in table.rows
    } - {""}


def file_version_number(table: SubmissionTable, columns: list[Column], names: FormNames) -> int:
    """The number of *another* version of this questionnaire the file was collected on, or 0.

    Read from our ``vidhuk_form`` column (``vidhuk_q<questionnaire>_v<number>``) or, failing it,
    ODK Central's ``FormVersion`` (the XLSForm's ``version``, the version number). Only a file
    collected wholly on one other version of the same questionnaire gives a number.
    """
    version = names.version
    numbers: set[int] = set()
    forms = _found(table, columns, FORM)
    for found in forms:
        match = FORM_ID_RE.match(found)
        if match is None or int(match["questionnaire"]) != version.questionnaire_id:
            return 0
        numbers.add(int(match["number"]))
    if not forms:
        for found in _found(table, columns, FORM_VERSION):
            if not (found.isascii() and found.isdigit()):
                return 0
            numbers.add(int(found))
    if len(numbers) != 1:
        return 0
    number = numbers.pop()
    return 0 if number == version.number else number


def form_mismatch(
    table: SubmissionTable,
    columns: list[Column],
    names: FormNames,
    *,
    importable: Collection[int] = (),
) -> str:
    """A message when the file is another form's (or another version's) export, else "".

    ``importable``: the numbers of this questionnaire's versions that take an import; a file
    collected on one of them is sent there by name (answers belong to the version filled in).
    """
    version = names.version
    other = file_version_number(table, columns, names)
    if other and other in importable:
        return _(
            "Це експорт версії %(found)s цієї анкети, а імпорт іде у версію %(number)s. "
            "Відповіді зберігаються за версією, за якою їх зібрано: імпортуйте цей файл у "
            "версію %(found)s."
        ) % {"found": other, "number": version.number}
    expected_id, expected_version = form_id(version), form_version(version)
    for column in columns:
        if column.role not in (FORM, FORM_VERSION):
            continue
        expected = expected_id if column.role == FORM else expected_version
        found = {table.cell(row, column.index).strip() for row in table.rows} - {""}
        wrong = sorted(found - {expected})
        if not wrong:
            continue
        if column.role == FORM_VERSION:
            return _(
                "Це експорт версії «%(found)s» форми, а імпорт іде у версію %(number)s. "
                "Відповіді, зібрані за іншою версією анкети, сюди не імпортуються."
            ) % {"found": wrong[0], "number": version.number}
        return _(
            "Це експорт іншої форми («%(found)s»), а не «%(expected)s» — версії %(number)s "
            "анкети «%(title)s». Завантажте експорт саме цієї форми."
        ) % {
            "found": wrong[0],
            "expected": expected_id,
            "number": version.number,
            "title": version.questionnaire.title_uk,
        }
    return ""


# --- rows → answers ------------------------------------------------------------------------------


def _choice_value(item: QuestionNames, cell: str, *, options: list[dict[str, Any]]) -> str | None:
    """An option value from a cell holding its XLSForm name or its label (labels export)."""
    if cell in item.choice_to_value:
        return item.choice_to_value[cell]
    wanted = _norm(cell)
    for name, value in item.choice_to_value.items():
        if name.casefold() == wanted:
            return value
    for option in options:
        for label in (option.get("label_uk", ""), option.get("label_en", "")):
            if label and _norm(str(label)) == wanted:
                return str(option["value"])
    return None


YES_NO_OPTIONS = [
    {"value": "yes", "label_uk": "Так", "label_en": "Yes"},
    {"value": "no", "label_uk": "Ні", "label_en": "No"},
]


def _options_of(item: QuestionNames) -> list[dict[str, Any]]:
    if item.question.type == QuestionType.YES_NO:
        return YES_NO_OPTIONS
    return list(item.question.options)


def _multiple_values(item: QuestionNames, cell: str) -> list[str] | None:
    tokens = cell.split()
    if all(token in item.choice_to_value for token in tokens):
        return [item.choice_to_value[token] for token in tokens]
    # Labels export: labels joined by spaces; labels may hold spaces themselves.
    labels = sorted(
        (
            (_norm(str(option[key])), str(option["value"]))
            for option in item.question.options
            for key in ("label_uk", "label_en")
            if option.get(key)
        ),
        key=lambda pair: -len(pair[0]),
    )
    rest, values = _norm(cell), []
    while rest:
        for label, value in labels:
            if rest == label or rest.startswith(label + " "):
                values.append(value)
                rest = rest[len(label) :].strip()
                break
        else:
            return None
    return values


def _not_an_option(cell: str) -> str:
    return _("«%(value)s» — такого варіанта відповіді немає.") % {"value": cell}


def _number_cell(cell: str) -> str:
    text = cell.strip()
    if re.fullmatch(r"\d+\.0+", text):
        return text.split(".")[0]
    return text


def _day(cell: str, *, utc: bool) -> dt.date | None:
    text = cell.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
    if moment.tzinfo is None and utc and ("T" in text or " " in text):
        moment = moment.replace(tzinfo=dt.UTC)
    if moment.tzinfo is not None:
        return moment.astimezone(KYIV).date()
    return moment.date()


class RowReader:
    """Turns each row into the answers dict ``answers_validate`` takes, with cell errors."""

    def __init__(self, table: SubmissionTable, columns: list[Column], names: FormNames) -> None:
        self.table = table
        self.names = names
        self.answer_columns = [c for c in columns if c.role == ANSWER and c.target]
        self.key_column = _first(columns, KEY, KEY_COLUMNS)
        self.date_column = _first(columns, DATE, DATE_COLUMNS)

    def read(self, row: SubmissionRow) -> PreparedRow:
        answers: dict[str, Any] = {}
        prepared = PreparedRow(line=row.line, answers=answers, submitted_on=None, source_key="")
        split_options: dict[str, list[str]] = {}
        for column in self.answer_columns:
            cell = self.table.cell(row, column.index).strip()
            prefix, code, *rest = column.target.split(":", 2)
            kind = TARGET_KINDS.get(prefix, "")
            item = self.names.by_code.get(code)
            if item is None:
                continue
            value = rest[0] if rest else ""
            try:
                self._cell(kind, item, value, cell, answers, split_options)
            except ValueError as error:
                shown = item.value_to_row.get(value, item.name) if kind == "row" else item.name
                self.error(prepared, code, str(error), shown=shown)
        for code, values in split_options.items():
            combined = answers.get(code) or []
            answers[code] = combined + [v for v in values if v not in combined]
        if self.key_column is not None:
            prepared.source_key = self.table.cell(row, self.key_column.index).strip()
            prepared.source_key = prepared.source_key.removeprefix("uuid:")
        if self.date_column is not None:
            cell = self.table.cell(row, self.date_column.index)
            try:
                prepared.submitted_on = _day(cell, utc=self.date_column.header.endswith("_time"))
            except ValueError:
                prepared.errors.append(
                    _("Рядок %(line)s: не вдалося прочитати дату «%(value)s».")
                    % {"line": row.line, "value": cell}
                )
        return prepared

    def _cell(
        self,
        kind: str,
        item: QuestionNames,
        value: str,
        cell: str,
        answers: dict[str, Any],
        split_options: dict[str, list[str]],
    ) -> None:
        code, question = item.question.code, item.question
        if kind == "option":
            lowered = cell.casefold()
            if lowered in TRUE_CELLS:
                split_options.setdefault(code, []).append(value)
            elif lowered not in FALSE_CELLS and lowered not in ("1.0", "0.0"):
                raise ValueError(
                    _("у стовпці варіанта має бути 1 або 0, а не «%(value)s».") % {"value": cell}
                )
            if lowered == "1.0":
                split_options.setdefault(code, []).append(value)
            return
        if not cell:
            return
        if kind == "row":
            choice = _choice_value(item, cell, options=list(question.options))
            if choice is None:
                raise ValueError(_not_an_option(cell))
            answers.setdefault(code, {})[value] = choice
            return
        if question.type == QuestionType.TEXT:
            answers[code] = cell
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            values = _multiple_values(item, cell)
            if values is None:
                raise ValueError(_not_an_option(cell))
            answers[code] = values
        elif question.type in (QuestionType.RATING, QuestionType.SCALE):
            # The number itself; answers_validate names the range when it is out of it.
            answers[code] = _number_cell(cell)
        else:
            choice = _choice_value(item, cell, options=_options_of(item))
            if choice is None:
                raise ValueError(_not_an_option(cell))
            answers[code] = choice

    def error(self, prepared: PreparedRow, code: str, message: str, *, shown: str) -> None:
        prepared.error_codes.add(code)
        prepared.errors.append(
            _("Рядок %(line)s, питання «%(name)s»: %(message)s")
            % {"line": prepared.line, "name": shown, "message": message}
        )


def _first(columns: list[Column], role: str, preference: tuple[str, ...]) -> Column | None:
    candidates = [c for c in columns if c.role == role]
    for name in preference:
        for column in candidates:
            if column.header.split("/")[-1] == name or _tail(column.header) == name:
                return column
    return candidates[0] if candidates else None
