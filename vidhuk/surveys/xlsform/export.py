"""An XLSForm workbook of any version, checked with pyxform before anyone downloads it.

Question types (issue 4): single choice → ``select_one``, multiple choice → ``select_multiple``,
yes/no → ``select_one yes_no``, free text → ``text``, a matrix → a ``begin_group`` with the
``table-list`` appearance whose rows are ``select_one`` questions of one list. The 1–5 rating
and the 0–10 scale are ``select_one`` lists of numbers (``rating_1_5``, ``scale_0_10``), not
integers with a constraint: the collector taps a number instead of typing it, skip logic is the
same ``selected()`` expression for every source, and KoboToolbox's «labels» export gives back the
same numbers. Sections are groups; skip logic becomes ``relevant``.

Anonymity: the form asks the device for nothing but the day (``today``); no ``deviceid``,
``username``, ``phonenumber``, ``start`` or ``end`` fields.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from ..choices import QuestionType
from ..models import Question, QuestionnaireVersion
from .naming import (
    FORM_FIELD,
    NUMBER_LISTS,
    PRIVACY_NOTE,
    RATING_LIST,
    SCALE_LIST,
    TODAY_FIELD,
    YES_NO_LIST,
    FormNames,
    QuestionNames,
    form_id,
    form_names,
    form_version,
)

UK = "Українська (uk)"
EN = "English (en)"
LANGUAGES = (("uk", UK), ("en", EN))

SURVEY_COLUMNS = [
    "type",
    "name",
    *[f"label::{lang}" for _code, lang in LANGUAGES],
    *[f"hint::{lang}" for _code, lang in LANGUAGES],
    "required",
    *[f"required_message::{lang}" for _code, lang in LANGUAGES],
    "relevant",
    "appearance",
    "calculation",
]
CHOICES_COLUMNS = ["list_name", "name", *[f"label::{lang}" for _code, lang in LANGUAGES]]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "instance_name"]

SELECT_TYPES = {
    QuestionType.SINGLE_CHOICE: "select_one",
    QuestionType.MULTIPLE_CHOICE: "select_multiple",
    QuestionType.RATING: "select_one",
    QuestionType.SCALE: "select_one",
    QuestionType.YES_NO: "select_one",
}


class XlsFormInvalid(Exception):
    """pyxform refused the workbook; ``message`` says why, for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportedForm:
    filename: str
    content: bytes
    form_id: str
    version: str
    xform: str
    warnings: list[str]


def _texts(uk: str, en: str) -> list[str]:
    # An English label left empty would show an empty question in English; fall back to Ukrainian.
    return [uk, en or uk]


def _row(**cells: Any) -> dict[str, Any]:
    return cells


def _labels(prefix: str, uk: str, en: str) -> dict[str, str]:
    return {
        f"{prefix}::{lang}": text
        for (_code, lang), text in zip(LANGUAGES, _texts(uk, en), strict=True)
    }


def relevant_of(question: Question, names: FormNames) -> str:
    """``show_if`` as an XPath expression: ``selected(${q}, 'v') or …``."""
    show_if = question.show_if or {}
    source = names.by_code.get(str(show_if.get("question", "")))
    if source is None:
        # Left for pyxform to refuse with its own message (a draft may point nowhere yet).
        return f"${{{show_if.get('question', '')}}} != ''" if show_if else ""
    choices = [source.value_to_choice.get(str(v), str(v)) for v in show_if.get("equals", [])]
    return " or ".join(f"selected(${{{source.name}}}, '{choice}')" for choice in choices)


def _required(question: Question) -> dict[str, str]:
    if not question.is_required:
        return {}
    return {
        "required": "yes",
        **_labels(
            "required_message",
            "Дайте відповідь на це питання.",
            "Please answer this question.",
        ),
    }


def _question_rows(names: QuestionNames, form: FormNames) -> list[dict[str, Any]]:
    question = names.question
    common = {
        **_labels("label", question.text_uk, question.text_en),
        **(_labels("hint", question.help_uk, question.help_en) if question.help_uk else {}),
    }
    relevant = relevant_of(question, form)
    if question.type == QuestionType.MATRIX:
        rows = [
            _row(
                type="begin_group",
                name=names.name,
                appearance="table-list",
                relevant=relevant,
                **common,
            )
        ]
        for row in question.rows:
            rows.append(
                _row(
                    type=f"select_one {names.list_name}",
                    name=names.value_to_row[str(row["value"])],
                    **_labels("label", str(row["label_uk"]), str(row.get("label_en", ""))),
                    **_required(question),
                )
            )
        rows.append(_row(type="end_group", name=names.name))
        return rows
    if question.type == QuestionType.TEXT:
        kind, appearance = "text", "multiline"
    else:
        kind = f"{SELECT_TYPES[QuestionType(question.type)]} {names.list_name}"
        appearance = "likert" if question.type in NUMBER_LISTS else ""
    return [
        _row(
            type=kind,
            name=names.name,
            relevant=relevant,
            appearance=appearance,
            **common,
            **_required(question),
        )
    ]


def _choices(form: FormNames) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        _row(list_name=YES_NO_LIST, name="yes", **_labels("label", "Так", "Yes")),
        _row(list_name=YES_NO_LIST, name="no", **_labels("label", "Ні", "No")),
    ]
    for list_name, low, high in ((RATING_LIST, 1, 5), (SCALE_LIST, 0, 10)):
        rows += [
            _row(list_name=list_name, name=str(n), **_labels("label", str(n), str(n)))
            for n in range(low, high + 1)
        ]
    for names in form.questions:
        if not names.list_name.startswith("c_"):
            continue
        for option in names.question.options:
            rows.append(
                _row(
                    list_name=names.list_name,
                    name=names.value_to_choice[str(option["value"])],
                    **_labels("label", str(option["label_uk"]), str(option.get("label_en", ""))),
                )
            )
    return rows


def _survey(form: FormNames) -> list[dict[str, Any]]:
    version = form.version
    questionnaire = version.questionnaire
    rows: list[dict[str, Any]] = [
        # The form names itself in every submission, so an import can tell a wrong file.
        _row(type="calculate", name=FORM_FIELD, calculation=f"'{form_id(version)}'"),
        # The day only, never the time or the device (anonymity by design).
        _row(type="today", name=TODAY_FIELD),
    ]
    note_uk = questionnaire.privacy_note_uk or _default_privacy_note()
    rows.append(
        _row(
            type="note",
            name=PRIVACY_NOTE,
            **_labels("label", note_uk, questionnaire.privacy_note_en or _DEFAULT_NOTE_EN),
        )
    )
    for section, group, members in form.sections:
        rows.append(
            _row(
                type="begin_group",
                name=group,
                **_labels("label", section.title_uk, section.title_en),
            )
        )
        for names in members:
            rows += _question_rows(names, form)
        rows.append(_row(type="end_group", name=group))
    return rows


_DEFAULT_NOTE_EN = (
    "The questionnaire is anonymous: no name, phone, device or location is recorded, "
    "only the day and your answers."
)


def _default_privacy_note() -> str:
    return (
        "Анкета анонімна: не записуються ні ім’я, ні телефон, ні пристрій, ні місце, "
        "лише день заповнення та ваші відповіді."
    )


def _sheet(workbook: Workbook, title: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in columns])


def xlsform_workbook(version: QuestionnaireVersion) -> bytes:
    """The XLSForm of ``version`` as .xlsx bytes (``survey``, ``choices``, ``settings``)."""
    form = form_names(version)
    questionnaire = version.questionnaire
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    _sheet(workbook, "survey", SURVEY_COLUMNS, _survey(form))
    _sheet(workbook, "choices", CHOICES_COLUMNS, _choices(form))
    settings_row = {
        "form_title": f"{questionnaire.title_uk} (v{version.number})",
        "form_id": form_id(version),
        "version": form_version(version),
        "default_language": UK,
    }
    _sheet(workbook, "settings", SETTINGS_COLUMNS, [settings_row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsform_convert(content: bytes) -> tuple[str, list[str]]:
    """Convert the workbook to an XForm in-process; ``XlsFormInvalid`` if pyxform refuses."""
    warnings: list[str] = []
    try:
        result = convert(xlsform=io.BytesIO(content), file_type=".xlsx", warnings=warnings)
    except PyXFormError as error:
        raise XlsFormInvalid(str(error)) from None
    return result.xform, list(result.warnings)


def xlsform_export(version: QuestionnaireVersion) -> ExportedForm:
    """The workbook of ``version``, validated: raises ``XlsFormInvalid`` with pyxform's reason."""
    content = xlsform_workbook(version)
    try:
        xform, warnings = xlsform_convert(content)
    except XlsFormInvalid as error:
        raise XlsFormInvalid(
            _("pyxform не приймає цю форму: %(reason)s") % {"reason": error.message}
        ) from None
    identifier = form_id(version)
    return ExportedForm(
        filename=f"{version.questionnaire.slug}-v{version.number}-xlsform.xlsx",
        content=content,
        form_id=identifier,
        version=form_version(version),
        xform=xform,
        warnings=warnings,
    )
