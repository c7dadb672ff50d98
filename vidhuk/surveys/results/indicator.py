"""One question as an indicator: its figure over a period, for an office or a service — what
other apps quote and follow (decisions: a finding's evidence, a decision's effect, the rule that
proposes a finding when a rating stays low).

A figure is the mean of a 1–5 rating or a 0–10 scale, or the share (per cent) answering «так»
or a satisfied choice. Fewer than ``THRESHOLD`` answers give no value at all
(``vidhuk.core.suppression``): the figure says only that it is withheld.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth

from vidhuk.core.models import Centre
from vidhuk.core.suppression import THRESHOLD, withheld

from ..choices import NUMBER_RANGES, YES, QuestionnaireKind, QuestionType
from ..language import in_language
from ..models import Answer, Question, Questionnaire
from .catalogue import answers_of, catalogue_of
from .types import ResultFilters

SHARE_MAX = 100  # a share is shown out of 100 per cent


@dataclass(frozen=True)
class IndicatorQuestion:
    code: str
    text: str
    type: str
    scale_max: int


@dataclass(frozen=True)
class IndicatorMonth:
    """One month's answers: how many, and the sum of their values (mean = total / n)."""

    month: dt.date  # the first day
    n: int
    total: float

    @property
    def value(self) -> float | None:
        return None if withheld(self.n) else round(self.total / self.n, 2)


@dataclass(frozen=True)
class IndicatorFigure:
    questionnaire_id: int
    code: str
    label: str
    date_from: dt.date | None
    date_to: dt.date | None
    office_id: int | None
    service_id: int | None
    scale_max: int
    n: int
    total: float

    @property
    def is_withheld(self) -> bool:
        return withheld(self.n)

    @property
    def value(self) -> float | None:
        return None if self.is_withheld else round(self.total / self.n, 2)

    def as_json(self) -> dict[str, Any]:
        """The shape decisions keep (Evidence.figure, DecisionIndicator.baseline); a withheld
        figure keeps neither value nor count."""
        return {
            "questionnaire": self.questionnaire_id,
            "question": self.code,
            "label": self.label,
            "period_from": self.date_from.isoformat() if self.date_from else None,
            "period_to": self.date_to.isoformat() if self.date_to else None,
            "office": self.office_id,
            "service": self.service_id,
            "value": self.value,
            "scale_max": self.scale_max,
            "n": None if self.is_withheld else self.n,
        }


def _scale_max(question: Question) -> int | None:
    if question.type in NUMBER_RANGES:
        return NUMBER_RANGES[question.type][1]
    if question.type == QuestionType.YES_NO:
        return SHARE_MAX
    if question.type == QuestionType.SINGLE_CHOICE and any(
        o.get("is_satisfied") for o in question.options
    ):
        return SHARE_MAX
    return None


def indicator_questions(*, questionnaire: Questionnaire) -> list[IndicatorQuestion]:
    """The questions that give a figure (ratings, scales, yes/no, a choice marking who was
    satisfied), in the questionnaire's order."""
    found = []
    for question in catalogue_of(questionnaire=questionnaire).reference:
        scale_max = _scale_max(question)
        if scale_max is not None:
            found.append(
                IndicatorQuestion(
                    code=question.code,
                    text=in_language(question, "text"),
                    type=question.type,
                    scale_max=scale_max,
                )
            )
    return found


def _value_sum(question: Question) -> Any:
    if question.type in NUMBER_RANGES:
        return Sum("number")
    if question.type == QuestionType.YES_NO:
        return Count("id", filter=Q(choice=YES)) * Value(SHARE_MAX, IntegerField())
    satisfied = [str(o["value"]) for o in question.options if o.get("is_satisfied")]
    return Count("id", filter=Q(choice__in=satisfied)) * Value(SHARE_MAX, IntegerField())


def _answers(
    centre: Centre, questionnaire: Questionnaire, code: str, filters: ResultFilters
) -> tuple[Question | None, QuerySet[Answer]]:
    catalogue = catalogue_of(questionnaire=questionnaire)
    question = catalogue.get(code)
    if question is None or _scale_max(question) is None:
        return None, Answer.objects.none()
    answers = answers_of(centre, questionnaire, filters, catalogue.ids(code))
    if question.type in NUMBER_RANGES:
        answers = answers.filter(number__isnull=False)
    return question, answers


def indicator_figure(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    office_id: int | None = None,
    service_id: int | None = None,
) -> IndicatorFigure | None:
    """The figure of one question over a period (either end open), for one office or service
    or the whole centre; None when the question gives no figure."""
    filters = ResultFilters(
        date_from=date_from, date_to=date_to, office_id=office_id, service_id=service_id
    )
    question, answers = _answers(centre, questionnaire, code, filters)
    if question is None:
        return None
    row = answers.aggregate(n=Count("id"), total=_value_sum(question))
    return IndicatorFigure(
        questionnaire_id=questionnaire.pk,
        code=code,
        label=question.text_uk,  # kept with the evidence: the source language
        date_from=date_from,
        date_to=date_to,
        office_id=office_id,
        service_id=service_id,
        scale_max=_scale_max(question) or 0,
        n=row["n"],
        total=float(row["total"] or 0),
    )


def indicator_months(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    office_id: int | None = None,
    service_id: int | None = None,
) -> list[IndicatorMonth]:
    """The same figure month by month, oldest first (months without answers left out)."""
    filters = ResultFilters(
        date_from=date_from, date_to=date_to, office_id=office_id, service_id=service_id
    )
    question, answers = _answers(centre, questionnaire, code, filters)
    if question is None:
        return []
    rows = (
        answers.annotate(month=TruncMonth("response__submitted_on"))
        .values("month")
        .annotate(n=Count("id"), total=_value_sum(question))
        .order_by("month")
    )
    return [
        IndicatorMonth(month=row["month"], n=row["n"], total=float(row["total"] or 0))
        for row in rows
    ]


@dataclass(frozen=True)
class OfficeRatingMonth:
    questionnaire_id: int
    code: str
    label: str
    office_id: int
    month: dt.date
    n: int
    mean: float | None  # None under the threshold


def rating_months_by_office(
    *, centre: Centre, date_from: dt.date, date_to: dt.date
) -> list[OfficeRatingMonth]:
    """Every 1–5 rating of the centre's visitor questionnaires, by office and month — what a
    rule reads to see a rating stay low. One query per questionnaire."""
    found: list[OfficeRatingMonth] = []
    questionnaires: Iterable[Questionnaire] = Questionnaire.objects.filter(
        centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY
    ).order_by("pk")
    for questionnaire in questionnaires:
        catalogue = catalogue_of(questionnaire=questionnaire)
        ratings = [q for q in catalogue.reference if q.type == QuestionType.RATING]
        if not ratings:
            continue
        code_of = {pk: q.code for q in ratings for pk in catalogue.ids(q.code)}
        label_of = {q.code: q.text_uk for q in ratings}
        filters = ResultFilters(date_from=date_from, date_to=date_to)
        rows = (
            answers_of(centre, questionnaire, filters, list(code_of))
            .filter(number__isnull=False, response__office__isnull=False)
            .annotate(month=TruncMonth("response__submitted_on"))
            .values("question_id", "response__office_id", "month")
            .annotate(n=Count("id"), total=Sum("number"))
        )
        merged: dict[tuple[str, int, dt.date], list[int]] = {}
        for row in rows:
            key = (code_of[row["question_id"]], row["response__office_id"], row["month"])
            counts = merged.setdefault(key, [0, 0])
            counts[0] += row["n"]
            counts[1] += row["total"] or 0
        for (code, office_id, month), (n, total) in sorted(merged.items()):
            found.append(
                OfficeRatingMonth(
                    questionnaire_id=questionnaire.pk,
                    code=code,
                    label=label_of[code],
                    office_id=office_id,
                    month=month,
                    n=n,
                    mean=None if n < THRESHOLD else round(total / n, 2),
                )
            )
    return found


def indicator_questionnaire(*, centre: Centre, pk: int) -> Questionnaire | None:
    """A visitor questionnaire of the centre (a mystery checklist has no survey figures)."""
    return Questionnaire.objects.filter(
        centre=centre, pk=pk, kind=QuestionnaireKind.VISITOR_SURVEY
    ).first()


def visitor_questionnaires(*, centre: Centre) -> list[tuple[int, str]]:
    """(id, Ukrainian title) of the centre's visitor questionnaires, by title."""
    return list(
        Questionnaire.objects.filter(centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY)
        .order_by("title_uk")
        .values_list("pk", "title_uk")
    )
