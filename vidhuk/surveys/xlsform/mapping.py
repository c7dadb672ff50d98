"""From the columns of a submission export to the questions of a version (rows to answers: in
`answers.py`).

A column is matched by its XLSForm name once the group path is stripped (``section_1/overall``,
ODK Central's ``section_1-overall``), a ``select_multiple`` either as one space-separated column
or as ``q/option`` columns of 0/1, and KoboToolbox's «labels» export by question and option
labels. The tools' own columns (ids, device, user, phone, location, review state) are never
imported; the day and the submission id are read only to date a response and to recognise a
submission imported before.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..choices import QuestionType
from .naming import FORM_FIELD, FORM_ID_RE, FormNames, form_id, form_version
from .reading import SubmissionTable

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


def normalised(text: str) -> str:
    """A label as a person reads it: spaces collapsed, case ignored."""
    return " ".join(text.split()).casefold()


def name_tail(segment: str) -> str:
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
                            self.by_label.setdefault(normalised(str(label)), key)
                continue
            key = f"q:{question.code}"
            self.by_name[item.name.casefold()] = key
            for label in (question.text_uk, question.text_en):
                if label:
                    self.by_label.setdefault(normalised(label), key)
            if question.type == QuestionType.MULTIPLE_CHOICE:
                for option in question.options:
                    option_key = f"o:{question.code}:{option['value']}"
                    choice = item.value_to_choice[str(option["value"])]
                    self.by_name[f"{item.name}/{choice}".casefold()] = option_key
                    for label in (question.text_uk, question.text_en):
                        for option_label in (option.get("label_uk", ""), option.get("label_en")):
                            if label and option_label:
                                self.by_label.setdefault(
                                    normalised(f"{label}/{option_label}"), option_key
                                )

    def match(self, header: str) -> str:
        parts = header.split("/")
        name = name_tail(parts[-1]).casefold()
        if name in self.by_name:
            return self.by_name[name]
        if len(parts) >= 2:
            option = f"{name_tail(parts[-2])}/{parts[-1]}".casefold()
            if option in self.by_name:
                return self.by_name[option]
        # KoboToolbox's «labels» export: headers are labels, with or without the group's label.
        for candidate in (header, "/".join(parts[-2:]), parts[-1]):
            key = self.by_label.get(normalised(candidate))
            if key is not None:
                return key
        return ""


def _role(header: str) -> str:
    parts = header.split("/")
    tail = name_tail(parts[-1])
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
