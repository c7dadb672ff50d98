"""Twins of ``sql_postgresql``'s queries for the embedded SQLite of `make run` and small
deployments: plain queries added up in Python. They read a row per response, so they are not
for a million of them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from vidhuk.core.models import Centre

from ..models import (
    Answer,
    Questionnaire,
)
from .catalogue import LOYALTY_CODE, SATISFACTION_CODE, Catalogue, results_responses
from .types import ResultFilters


def breakdown_lines(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: Catalogue,
    values: list[str],
    by_rating: bool,
) -> list[tuple[Any, ...]]:
    """The same lines as ``sql_postgresql.breakdown_lines``, added up in Python from three plain
    queries: SQLite has neither GROUPING SETS nor ``= ANY``."""
    responses = results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
    ids = responses.values("id")
    rated = {
        response_id: choice in values or (by_rating and number is not None and number >= 4)
        for response_id, choice, number in Answer.objects.filter(
            response_id__in=ids, question_id__in=catalogue.ids(SATISFACTION_CODE)
        ).values_list("response_id", "choice", "number")
    }
    recommended = dict(
        Answer.objects.filter(
            response_id__in=ids, question_id__in=catalogue.ids(LOYALTY_CODE)
        ).values_list("response_id", "number")
    )
    sums: dict[tuple[Any, ...], list[int]] = {}
    rows = responses.values_list("id", "office_id", "service_id", "channel", "submitted_on")
    for response_id, office, service, channel, day in rows:
        satisfied = rated.get(response_id)
        score = recommended.get(response_id)
        figures = (
            1,
            int(satisfied is not None),
            int(bool(satisfied)),
            int(score is not None),
            int(score is not None and score >= 9),
            int(score is not None and score <= 6),
        )
        for key in (
            (0b1111, None, None, None, None),
            (0b0111, office, None, None, None),
            (0b1011, None, service, None, None),
            (0b1101, None, None, channel, None),
            (0b1110, None, None, None, day.replace(day=1)),
        ):
            total = sums.setdefault(key, [0] * 6)
            for index, figure in enumerate(figures):
                total[index] += figure
    return [(*key, *total) for key, total in sums.items()]


def stated(outcomes: QuerySet[Answer], by_ids: list[int]) -> list[tuple[Any, ...]]:
    """The same lines as ``sql_postgresql.stated``, joined in Python."""
    outcome_of = {
        response_id: (row, choice, number)
        for response_id, row, choice, number in outcomes.values_list(
            "response_id", "row", "choice", "number"
        )
    }
    counted: dict[tuple[Any, ...], int] = defaultdict(int)
    for response_id, question_id, demographic in Answer.objects.filter(
        response_id__in=outcomes.values("response_id"), question_id__in=by_ids
    ).values_list("response_id", "question_id", "choice"):
        outcome = outcome_of.get(response_id)
        if outcome is not None:
            counted[(question_id, demographic, *outcome)] += 1
    return [(*key, n) for key, n in counted.items()]
