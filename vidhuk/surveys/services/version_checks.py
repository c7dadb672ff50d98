"""What stops a draft from being published: empty sections, options and matrix rows, and skip
logic that must name an earlier question and values it can give."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..choices import CHOICE_TYPES, NUMBER_RANGES, QuestionType
from ..models import QUESTION_ORDER, Question, QuestionnaireVersion

# Skip logic reads one answer: a matrix (one per row) or free text cannot decide it.
SKIP_SOURCE_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.RATING,
        QuestionType.SCALE,
        QuestionType.YES_NO,
    }
)
OPTION_TYPES = frozenset({*CHOICE_TYPES, QuestionType.MATRIX})
# Answer.choice and Answer.row hold an option's or a row's value.
VALUE_MAX_LENGTH = 60


def version_validate(*, version: QuestionnaireVersion) -> dict[str, list[str]]:
    """Problems that stop publishing, by question code ("" for the version as a whole)."""
    sections = list(version.sections.order_by("position", "id"))
    questions = list(version.questions.select_related("section").order_by(*QUESTION_ORDER))
    errors: dict[str, list[str]] = {}

    def add(code: str, message: str) -> None:
        errors.setdefault(code, []).append(message)

    if not questions:
        add("", _("У версії немає жодного питання."))
    filled = {question.section_id for question in questions}
    for section in sections:
        if section.pk not in filled:
            add(
                "",
                _("Розділ «%(title)s» порожній: додайте питання або видаліть розділ.")
                % {"title": section.title_uk},
            )
    seen: dict[str, Question] = {}
    for question in questions:
        _check_question(question, seen=seen, add=add)
        seen[question.code] = question
    return errors


def _check_question(question: Question, *, seen: dict[str, Question], add: Any) -> None:
    code = question.code
    if code in seen:
        add(code, _("Код «%(code)s» повторюється.") % {"code": code})
    values = question.option_values()
    if question.type in OPTION_TYPES and not values:
        add(code, _("Питання «%(code)s» не має варіантів відповіді.") % {"code": code})
    if len(set(values)) != len(values):
        add(code, _("Варіанти питання «%(code)s» повторюються.") % {"code": code})
    if question.type == QuestionType.MATRIX:
        _check_rows(question, add=add)
    too_long = [v for v in (*values, *question.row_values()) if len(v) > VALUE_MAX_LENGTH]
    if too_long:
        add(
            code,
            _("Значення «%(value)s» питання «%(code)s» довше за %(limit)s символів.")
            % {"value": too_long[0], "code": code, "limit": VALUE_MAX_LENGTH},
        )
    if question.show_if:
        _check_skip_logic(question, seen=seen, add=add)


def _check_rows(question: Question, *, add: Any) -> None:
    rows = question.row_values()
    if not rows:
        add(question.code, _("Матриця «%(code)s» не має рядків.") % {"code": question.code})
    if len(set(rows)) != len(rows):
        add(
            question.code,
            _("Рядки матриці «%(code)s» повторюються.") % {"code": question.code},
        )


def _check_skip_logic(question: Question, *, seen: dict[str, Question], add: Any) -> None:
    show_if = question.show_if or {}
    source = seen.get(str(show_if.get("question", "")))
    equals = show_if.get("equals")
    if source is None:
        add(
            question.code,
            _("Умова показу питання «%(code)s» має посилатися на одне з попередніх питань.")
            % {"code": question.code},
        )
        return
    if source.type not in SKIP_SOURCE_TYPES:
        add(
            question.code,
            _(
                "Умова показу питання «%(code)s» не може залежати від питання «%(source)s»: "
                "матриця чи вільна відповідь не дає одного значення."
            )
            % {"code": question.code, "source": source.code},
        )
        return
    accepted = skip_source_values(source)
    if not isinstance(equals, list) or not equals or not set(map(str, equals)) <= accepted:
        add(
            question.code,
            _(
                "Умова показу питання «%(code)s» містить значення, "
                "яких немає в питанні «%(source)s»."
            )
            % {"code": question.code, "source": source.code},
        )


def skip_source_values(question: Question) -> set[str]:
    """The answer values a later question's skip logic may name."""
    if question.type == QuestionType.YES_NO:
        return {"yes", "no"}
    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return {str(n) for n in range(low, high + 1)}
    return set(question.option_values())
