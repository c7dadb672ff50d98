"""The questions of a questionnaire across its versions, and the answers the results read."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from ..choices import (
    CHOICE_TYPES,
    NO,
    NUMBER_RANGES,
    YES,
    QuestionType,
    VersionStatus,
)
from ..language import in_language
from ..models import (
    QUESTION_ORDER,
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)
from .types import NO_FILTERS, ResultFilters

# The standard visitor questionnaire (data/visitor_survey.json): the overall rating on the national
# scale gives the share satisfied, the 0–10 question the loyalty index.
SATISFACTION_CODE = "overall"
LOYALTY_CODE = "recommend"
# What the loyalty and satisfaction rows can be grouped by (``questions.results_loyalty``).
GROUPINGS = ("office", "service", "channel", "month")


def _demographic_codes() -> tuple[str, ...]:
    path = Path(__file__).resolve().parent.parent / "data" / "demographic_block.json"
    with path.open(encoding="utf-8") as data_file:
        block: dict[str, Any] = json.load(data_file)
    return tuple(str(question["code"]) for question in block["questions"])


# Sex, age group and the categories of DOMAIN.md (IDP, disability, pensioner, veteran, parent of a
# child under 6, place of residence): shown only as disaggregation tables, with suppression.
DEMOGRAPHIC_CODES = _demographic_codes()


@dataclass(frozen=True)
class Catalogue:
    """Questions matched by code across every version; labels from the reference version."""

    reference: list[Question]
    ids_by_code: dict[str, list[int]]

    def ids(self, *codes: str) -> list[int]:
        return [pk for code in codes for pk in self.ids_by_code.get(code, [])]

    def get(self, code: str) -> Question | None:
        return next((q for q in self.reference if q.code == code), None)


def results_responses(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
) -> QuerySet[Response]:
    """The responses to every version of ``questionnaire`` in the centre, narrowed by filters."""
    responses = Response.objects.filter(centre=centre, version__questionnaire=questionnaire)
    if filters.date_from:
        responses = responses.filter(submitted_on__gte=filters.date_from)
    if filters.date_to:
        responses = responses.filter(submitted_on__lte=filters.date_to)
    if filters.office_id:
        responses = responses.filter(office_id=filters.office_id)
    if filters.service_id:
        responses = responses.filter(service_id=filters.service_id)
    if filters.channel:
        responses = responses.filter(channel=filters.channel)
    if filters.version_id:
        responses = responses.filter(version_id=filters.version_id)
    return responses.order_by()


def satisfied_values(question: Question) -> tuple[list[str], bool]:
    """The choice values that count as satisfied, and whether it is a 1–5 rating instead."""
    if question.type == QuestionType.RATING:
        return [], True
    if question.type == QuestionType.SINGLE_CHOICE:
        return [str(o["value"]) for o in question.options if o.get("is_satisfied")], False
    raise ValueError(
        f"Share satisfied needs a rating or single-choice question, not {question.code}"
    )


def answers_filtered(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion | None = None,
    filters: ResultFilters = NO_FILTERS,
) -> QuerySet[Answer]:
    if version is not None:
        filters = replace(filters, version_id=version.pk)
    return Answer.objects.filter(
        response__in=results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
    ).order_by()


def answers_of(
    centre: Centre, questionnaire: Questionnaire, filters: ResultFilters, question_ids: list[int]
) -> QuerySet[Answer]:
    """The answers to these questions (all of the questionnaire, ids from ``catalogue_of``).

    Without filters the question ids alone scope the answers: they belong to versions of the
    questionnaire, which is the centre's (checked here), and ``response_submit`` stores an answer
    only for a question of the response's own version. This spares a join with a million
    responses on the unfiltered page.
    """
    if questionnaire.centre_id != centre.pk:
        return Answer.objects.none()
    answers = Answer.objects.filter(question_id__in=question_ids).order_by()
    if filters.is_empty():
        return answers
    # A join rather than ``response__in``: PostgreSQL can then start from the few responses a
    # filter leaves and fetch their answers by the (response, question…) index.
    lookups: dict[str, Any] = {"response__centre": centre}
    for name, lookup in _FILTER_LOOKUPS.items():
        value = getattr(filters, name)
        if value:
            lookups[f"response__{lookup}"] = value
    return answers.filter(**lookups)


_FILTER_LOOKUPS = {
    "date_from": "submitted_on__gte",
    "date_to": "submitted_on__lte",
    "office_id": "office_id",
    "service_id": "service_id",
    "channel": "channel",
    "version_id": "version_id",
}


def catalogue_of(*, questionnaire: Questionnaire, version_id: int | None = None) -> Catalogue:
    """Two queries: the reference questions (labels, types, order) and every version's ids."""
    version: QuestionnaireVersion | None = None
    if version_id:
        version = questionnaire.versions.filter(pk=version_id).first()
    version = version or reference_version(questionnaire=questionnaire)
    reference = list(version.questions.order_by(*QUESTION_ORDER)) if version else []
    ids_by_code: dict[str, list[int]] = defaultdict(list)
    for pk, code in Question.objects.filter(version__questionnaire=questionnaire).values_list(
        "pk", "code"
    ):
        ids_by_code[code].append(pk)
    return Catalogue(reference=reference, ids_by_code=dict(ids_by_code))


def reference_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """Labels come from the published version, or the newest one when none is published."""
    versions = questionnaire.versions.order_by(
        Case(When(status=VersionStatus.PUBLISHED, then=0), default=1), "-number"
    )
    return versions.first()  # type: ignore[return-value]


def reference_question(*, questionnaire: Questionnaire, code: str) -> Question:
    return Question.objects.get(version=reference_version(questionnaire=questionnaire), code=code)


def answer_columns(question: Question, *, shown: bool = False) -> list[tuple[str, str]]:
    """Values and labels of a question's answers: Ukrainian (exports), or ``shown`` in the
    page's language where the questionnaire has it (results pages)."""

    def label(item: dict[str, Any]) -> str:
        return in_language(item, "label") if shown else str(item["label_uk"])

    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return [(str(n), str(n)) for n in range(low, high + 1)]
    if question.type == QuestionType.YES_NO:
        return [(YES, _("Так")), (NO, _("Ні"))]
    if question.type == QuestionType.MATRIX:
        return [
            (f"{row['value']}:{option['value']}", f"{label(row)} — {label(option)}")
            for row in question.rows
            for option in question.options
        ]
    if question.type in CHOICE_TYPES:
        return [(str(o["value"]), label(o)) for o in question.options]
    return []


def answer_key(row: dict[str, Any]) -> str:
    if row["number"] is not None:
        return str(row["number"])
    if row["row"]:
        return f"{row['row']}:{row['choice']}"
    return str(row["choice"])
