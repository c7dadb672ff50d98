"""How many respondents chose each option of one question, recognised by its stable code across
every published version of the centre's questionnaires (a question keeps its ``code`` when a new
version rewords it), for other apps' figures — communications' channel analysis reads «Звідки ви
дізналися про центр?» (``learned_from``) this way. Counts only: the reader suppresses small ones
where they are shown publicly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from vidhuk.core.models import Centre

from ..language import in_language
from ..models import Answer, Question


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str  # in the page's language where the questionnaire has it
    count: int


@dataclass(frozen=True)
class QuestionTally:
    text: str  # the question, from the newest published version
    respondents: int  # responses with at least one answer to it
    choices: list[ChoiceCount]  # the newest version's options in order, then retired values


def _published_questions(*, centre: Centre, code: str) -> list[Question]:
    return list(
        Question.objects.filter(
            version__questionnaire__centre=centre,
            version__published_at__isnull=False,
            code=code,
        ).order_by("-version__published_at", "-pk")
    )


def question_option_labels(*, centre: Centre, code: str) -> dict[str, str]:
    """Each option value of the question ``code`` and its label (newest wording wins)."""
    return _labels(_published_questions(centre=centre, code=code))


def choice_counts_by_question_code(
    *, centre: Centre, code: str, start: dt.date, end: dt.date
) -> QuestionTally | None:
    """The answers to question ``code`` in responses submitted from ``start`` to ``end``
    (inclusive), counted per option (a multiple choice counts each ticked option). ``None``
    when no published version of the centre's questionnaires asks it. Three queries."""
    questions = _published_questions(centre=centre, code=code)
    if not questions:
        return None
    answers = Answer.objects.filter(
        question__in=questions,
        response__centre=centre,
        response__submitted_on__range=(start, end),
    ).exclude(choice="")
    counted = dict(answers.values_list("choice").annotate(n=Count("pk")).order_by())
    respondents = answers.values("response_id").distinct().count()
    labels = _labels(questions)
    values = list(labels) + sorted(value for value in counted if value not in labels)
    return QuestionTally(
        text=in_language(questions[0], "text"),
        respondents=respondents,
        choices=[
            ChoiceCount(value=value, label=labels.get(value) or value, count=counted.get(value, 0))
            for value in values
        ],
    )


def _labels(questions: list[Question]) -> dict[str, str]:
    """Option values and labels, the newest version's first (in its order), then older ones'."""
    labels: dict[str, str] = {}
    for question in questions:
        for option in question.options:
            labels.setdefault(str(option["value"]), in_language(option, "label"))
    return labels
