"""From the rows of a submission export to answers: each cell read as its question's value (an
option's XLSForm name or label, a 0/1 column of a ``select_multiple``, a number), the day the form
was filled and the submission id; a cell that cannot be read is an error naming row and question.
Which column is which question is decided in `mapping.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from ..choices import QuestionType
from .mapping import ANSWER, DATE, DATE_COLUMNS, KEY, KEY_COLUMNS, Column, name_tail, normalised
from .naming import FormNames, QuestionNames
from .reading import SubmissionRow, SubmissionTable

KYIV = ZoneInfo("Europe/Kyiv")

TARGET_KINDS = {"q": "question", "o": "option", "r": "row"}
TRUE_CELLS = frozenset({"1", "true", "yes", "так", "x", "✓"})
FALSE_CELLS = frozenset({"0", "false", "no", "ні", ""})


@dataclass
class PreparedRow:
    line: int
    answers: dict[str, Any]
    submitted_on: dt.date | None
    source_key: str
    errors: list[str] = field(default_factory=list)  # messages already naming row and question
    error_codes: set[str] = field(default_factory=set)


def _choice_value(item: QuestionNames, cell: str, *, options: list[dict[str, Any]]) -> str | None:
    """An option value from a cell holding its XLSForm name or its label (labels export)."""
    if cell in item.choice_to_value:
        return item.choice_to_value[cell]
    wanted = normalised(cell)
    for name, value in item.choice_to_value.items():
        if name.casefold() == wanted:
            return value
    for option in options:
        for label in (option.get("label_uk", ""), option.get("label_en", "")):
            if label and normalised(str(label)) == wanted:
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
            (normalised(str(option[key])), str(option["value"]))
            for option in item.question.options
            for key in ("label_uk", "label_en")
            if option.get(key)
        ),
        key=lambda pair: -len(pair[0]),
    )
    rest, values = normalised(cell), []
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
            if column.header.split("/")[-1] == name or name_tail(column.header) == name:
                return column
    return candidates[0] if candidates else None
