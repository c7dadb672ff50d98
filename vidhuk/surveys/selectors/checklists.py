"""Reads of checklists that a signed-in person files and may change later — the mystery
shopper's reports (vidhuk.mystery reads surveys through these only).

A checklist is a questionnaire of kind ``mystery_shopper``; a report's answers are an ordinary
``Response`` of one of its versions. What leaves this module is either a version (to build the
form with) or plain values: questions with their labels in the page's language, one response's
answers as text or as the form's initial values, and answer tallies over many responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from ..choices import NUMBER_RANGES, YES, QuestionnaireKind, QuestionType, VersionStatus
from ..language import in_language
from ..models import QUESTION_ORDER, Answer, Question, QuestionnaireVersion, Response, Section

# The checklist `questionnaire_install_defaults` installs: preferred when a centre has several.
STANDARD_CHECKLIST_SLUG = "mystery-shopper"


def checklist_version_current(*, centre: Centre) -> QuestionnaireVersion | None:
    """The checklist a new report is filed against: the published version of the centre's
    mystery-shopper questionnaire (the standard one first when it has several), or None."""
    versions = list(
        QuestionnaireVersion.objects.select_related("questionnaire").filter(
            questionnaire__centre=centre,
            questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER,
            status=VersionStatus.PUBLISHED,
        )
    )
    versions.sort(
        key=lambda v: (v.questionnaire.slug != STANDARD_CHECKLIST_SLUG, v.questionnaire.slug)
    )
    return versions[0] if versions else None


def checklist_version_latest(*, pks: Iterable[int] | QuerySet[Any]) -> QuestionnaireVersion | None:
    """Of these versions, the one with the highest number (the checklist last reported with)."""
    return QuestionnaireVersion.objects.filter(pk__in=pks).order_by("-number", "-id").first()


def version_with_questions(*, pk: int) -> QuestionnaireVersion:
    """A version with its sections and questions in order, as the questionnaire form needs."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position", "id").prefetch_related(
                    Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
                ),
            )
        )
        .get(pk=pk)
    )


def response_id_by_submission_key(
    *, version: QuestionnaireVersion, submission_key: str
) -> int | None:
    """The response a form with this key already stored (a double submit), or None."""
    return (
        Response.objects.filter(version=version, submission_key=submission_key)
        .values_list("pk", flat=True)
        .first()
    )


# --- the questions of a version, as plain values ------------------------------------------------


@dataclass(frozen=True)
class Label:
    value: str
    label: str


@dataclass(frozen=True)
class ChecklistQuestion:
    """A question of a version with its words in the page's language."""

    code: str
    type: str
    section: str
    text: str
    options: list[Label]
    rows: list[Label]


def checklist_questions(*, version: QuestionnaireVersion) -> list[ChecklistQuestion]:
    """The version's questions in the order they are asked. One query."""
    return [
        ChecklistQuestion(
            code=question.code,
            type=question.type,
            section=in_language(question.section, "title"),
            text=in_language(question, "text"),
            options=[Label(str(o["value"]), in_language(o, "label")) for o in question.options],
            rows=[Label(str(r["value"]), in_language(r, "label")) for r in question.rows],
        )
        for question in version.questions.select_related("section").order_by(*QUESTION_ORDER)
    ]


# --- the answers of one response -----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    text: str
    answer: str


@dataclass
class AnswerSection:
    title: str
    lines: list[AnswerLine] = field(default_factory=list)


def response_answers_by_section(*, version_id: int, response_id: int | None) -> list[AnswerSection]:
    """A response's answers to every question of its version, section by section, as text
    («—» when not answered)."""
    given: dict[int, list[Answer]] = defaultdict(list)
    if response_id is not None:
        for answer in Answer.objects.filter(response_id=response_id).order_by("id"):
            given[answer.question_id].append(answer)
    version = version_with_questions(pk=version_id)
    sections = []
    for section in version.sections.all():
        block = AnswerSection(title=in_language(section, "title"))
        for question in section.questions.all():
            block.lines.append(
                AnswerLine(
                    text=in_language(question, "text"),
                    answer=_answer_text(question, given.get(question.pk, [])),
                )
            )
        sections.append(block)
    return sections


def response_answers_initial(*, response_id: int | None) -> dict[str, Any]:
    """A response's stored answers keyed by question code, in the shapes the questionnaire form
    takes (a matrix as ``{row: choice}``, a multiple choice as a list)."""
    answers: dict[str, Any] = {}
    if response_id is None:
        return answers
    rows = Answer.objects.filter(response_id=response_id).select_related("question")
    for answer in rows.order_by("id"):
        question = answer.question
        if question.type == QuestionType.MATRIX:
            answers.setdefault(question.code, {})[answer.row] = answer.choice
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            answers.setdefault(question.code, []).append(answer.choice)
        elif question.type in NUMBER_RANGES:
            answers[question.code] = str(answer.number)
        elif question.type == QuestionType.TEXT:
            answers[question.code] = answer.text
        else:
            answers[question.code] = answer.choice
    return answers


def _answer_text(question: Question, answers: list[Answer]) -> str:
    if not answers:
        return "—"
    if question.type == QuestionType.YES_NO:
        return str(_("Так")) if answers[0].choice == YES else str(_("Ні"))
    if question.type in NUMBER_RANGES:
        return str(answers[0].number)
    if question.type == QuestionType.TEXT:
        return answers[0].text
    if question.type == QuestionType.MATRIX:
        rows = {str(r["value"]): in_language(r, "label") for r in question.rows}
        labels = _option_labels(question)
        return "; ".join(
            f"{rows.get(a.row, a.row)}: {labels.get(a.choice, a.choice)}" for a in answers
        )
    labels = _option_labels(question)
    return ", ".join(labels.get(a.choice, a.choice) for a in answers)


def _option_labels(question: Question) -> dict[str, str]:
    return {str(o["value"]): in_language(o, "label") for o in question.options}


# --- tallies over many responses -----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerTally:
    """How many answer rows of one response have this value (a matrix: per row)."""

    response_id: int
    question_code: str
    question_type: str
    row: str
    choice: str
    number: int | None
    count: int


def answer_tallies(*, response_ids: Iterable[int] | QuerySet[Any]) -> list[AnswerTally]:
    """The answers of these responses counted by response, question code and value, free text
    left out. One aggregate query; scores are computed from it by the caller."""
    rows = (
        Answer.objects.filter(response_id__in=response_ids)
        .exclude(question__type=QuestionType.TEXT)
        .values("response_id", "question__code", "question__type", "row", "choice", "number")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        AnswerTally(
            response_id=row["response_id"],
            question_code=row["question__code"],
            question_type=row["question__type"],
            row=row["row"],
            choice=row["choice"],
            number=row["number"],
            count=row["n"],
        )
        for row in rows
    ]
