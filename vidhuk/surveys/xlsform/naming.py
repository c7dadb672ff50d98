"""The XLSForm names of a version: deterministic, so that an import can reverse the export.

XLSForm names must start with a letter and hold only letters, digits and ``_`` here (``-`` and
``.`` are allowed by the spec, but KoboToolbox and ODK Central join group paths with ``/``, ``-``
or ``.`` in their exports, so keeping those out of our names makes every path unambiguous). A
question code that is already such a name keeps it; others are mapped and de-duplicated in a
fixed order. Choice values become XLSForm choice names the same way (a ``select_multiple``
answer is a space-separated list, so a choice name may not contain a space or a quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..choices import NO, YES, QuestionType
from ..models import QUESTION_ORDER, Question, QuestionnaireVersion, Section

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
CHOICE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")

# Names our form or the collecting tools use themselves; a question never takes one of them.
FORM_FIELD = "vidhuk_form"
TODAY_FIELD = "today"
PRIVACY_NOTE = "privacy_note"
RESERVED_NAMES = frozenset(
    {
        FORM_FIELD,
        TODAY_FIELD,
        PRIVACY_NOTE,
        "start",
        "end",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "meta",
        "instanceID",
        "instanceName",
        "formhub",
        "data",
        "KEY",
        "uuid",
        "yes_no",
        # ODK Central's own columns (compared without case)
        "SubmissionDate",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "Latitude",
        "Longitude",
        "Altitude",
        "Accuracy",
    }
)

RATING_LIST = "rating_1_5"
SCALE_LIST = "scale_0_10"
YES_NO_LIST = "yes_no"
NUMBER_LISTS: dict[str, str] = {QuestionType.RATING: RATING_LIST, QuestionType.SCALE: SCALE_LIST}


def form_id(version: QuestionnaireVersion) -> str:
    """Stable per questionnaire and version: the same version always exports the same id."""
    return f"vidhuk_q{version.questionnaire_id}_v{version.number}"


FORM_ID_RE = re.compile(r"^vidhuk_q(?P<questionnaire>\d+)_v(?P<number>\d+)$")


def form_version(version: QuestionnaireVersion) -> str:
    return str(version.number)


@dataclass
class QuestionNames:
    question: Question
    name: str
    list_name: str = ""
    # choice name in the form → option value of the question (and back)
    choice_to_value: dict[str, str] = field(default_factory=dict)
    value_to_choice: dict[str, str] = field(default_factory=dict)
    # matrix: row name in the form → row value (and back)
    row_to_value: dict[str, str] = field(default_factory=dict)
    value_to_row: dict[str, str] = field(default_factory=dict)


@dataclass
class FormNames:
    version: QuestionnaireVersion
    sections: list[tuple[Section, str, list[QuestionNames]]]
    by_code: dict[str, QuestionNames]

    @property
    def questions(self) -> list[QuestionNames]:
        return [names for _section, _name, questions in self.sections for names in questions]


class _Registry:
    def __init__(self) -> None:
        self.taken: set[str] = {name.casefold() for name in RESERVED_NAMES}

    def claim(self, wanted: str, *, fallback: str) -> str:
        base = _as_name(wanted, fallback=fallback)
        name, counter = base, 1
        while name.casefold() in self.taken:
            counter += 1
            name = f"{base}_{counter}"
        self.taken.add(name.casefold())
        return name


def _as_name(text: str, *, fallback: str) -> str:
    if NAME_RE.match(text):
        return text
    name = re.sub(r"[^A-Za-z0-9_]", "_", text).strip("_")
    if not name:
        return fallback
    return name if name[0].isalpha() else f"{fallback}_{name}"


def _choice_names(values: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    taken: set[str] = {v for v in values if CHOICE_NAME_RE.match(v)}
    to_value: dict[str, str] = {}
    to_choice: dict[str, str] = {}
    for index, value in enumerate(values, start=1):
        name = value
        if not CHOICE_NAME_RE.match(value):
            name, counter = f"option_{index}", 1
            while name in taken:
                counter += 1
                name = f"option_{index}_{counter}"
            taken.add(name)
        to_value[name] = value
        to_choice[value] = name
    return to_value, to_choice


def _question_lists(names: QuestionNames) -> None:
    question = names.question
    if question.type in NUMBER_LISTS:
        low, high = (1, 5) if question.type == QuestionType.RATING else (0, 10)
        numbers = [str(n) for n in range(low, high + 1)]
        names.list_name = NUMBER_LISTS[question.type]
        names.choice_to_value = dict(zip(numbers, numbers, strict=True))
    elif question.type == QuestionType.YES_NO:
        names.list_name = YES_NO_LIST
        names.choice_to_value = {YES: YES, NO: NO}
    elif question.type in (
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.MATRIX,
    ):
        # Per-question lists start with "c_", so they never meet the fixed lists above.
        names.list_name = f"c_{names.name}"
        names.choice_to_value, _to_choice = _choice_names(question.option_values())
    names.value_to_choice = {value: name for name, value in names.choice_to_value.items()}


def form_names(version: QuestionnaireVersion) -> FormNames:
    """The names of every group, question, matrix row and choice of ``version``.

    Order of claiming (so the result depends on the version alone): question codes in their
    order, then matrix rows, then section groups.
    """
    sections = list(Section.objects.filter(version=version).order_by("position", "id"))
    questions = list(Question.objects.filter(version=version).order_by(*QUESTION_ORDER))
    registry = _Registry()
    by_code: dict[str, QuestionNames] = {}
    for question in questions:
        names = QuestionNames(question=question, name=registry.claim(question.code, fallback="q"))
        _question_lists(names)
        by_code[question.code] = names
    for question in questions:
        if question.type != QuestionType.MATRIX:
            continue
        names = by_code[question.code]
        for row in question.row_values():
            row_name = registry.claim(f"{names.name}_{row}", fallback=names.name)
            names.row_to_value[row_name] = row
            names.value_to_row[row] = row_name
    grouped: list[tuple[Section, str, list[QuestionNames]]] = []
    for index, section in enumerate(sections, start=1):
        group = registry.claim(f"section_{index}", fallback="section")
        members = [by_code[q.code] for q in questions if q.section_id == section.pk]
        grouped.append((section, group, members))
    return FormNames(version=version, sections=grouped, by_code=by_code)
