"""The results' two PostgreSQL-only queries (GROUPING SETS with FILTER aggregates, ``= ANY``).

``sql_portable`` has a twin of each for SQLite; a test checks they give the same lines."""

from __future__ import annotations

from typing import Any

from django.db import connection
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
    """PostgreSQL: one pass (GROUPING SETS with FILTER aggregates) over the covering index."""
    responses_sql, responses_params = (
        results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
        .values("id", "office_id", "service_id", "channel", "submitted_on")
        .query.sql_with_params()
    )
    sql = f"""
        SELECT GROUPING(r.office_id, r.service_id, r.channel, r.month),
               r.office_id, r.service_id, r.channel, r.month,
               COUNT(*),
               COUNT(o.id),
               COUNT(o.id) FILTER (WHERE o.choice = ANY(%s) OR (%s AND o.number >= 4)),
               COUNT(n.id),
               COUNT(n.id) FILTER (WHERE n.number >= 9),
               COUNT(n.id) FILTER (WHERE n.number <= 6)
        FROM (
            SELECT s.id, s.office_id, s.service_id, s.channel,
                   date_trunc('month', s.submitted_on)::date AS month
            FROM ({responses_sql}) s
        ) r
        LEFT JOIN {Answer._meta.db_table} o ON o.response_id = r.id AND o.question_id = ANY(%s)
        LEFT JOIN {Answer._meta.db_table} n ON n.response_id = r.id AND n.question_id = ANY(%s)
        GROUP BY GROUPING SETS ((), (r.office_id), (r.service_id), (r.channel), (r.month))
    """  # noqa: S608 — table names from the models, every value a parameter
    params = [
        values,
        by_rating,
        *responses_params,
        catalogue.ids(SATISFACTION_CODE),
        catalogue.ids(LOYALTY_CODE),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def stated(outcomes: QuerySet[Answer], by_ids: list[int]) -> list[tuple[Any, ...]]:
    """PostgreSQL: a self-join of the answers on the response, without the responses table in
    between — (demographic question, its answer, the outcome's row, choice, number, count)."""
    outcome_sql, outcome_params = outcomes.values(
        "response_id", "row", "choice", "number"
    ).query.sql_with_params()
    sql = f"""
        SELECT d.question_id, d.choice, o.row, o.choice, o.number, COUNT(*)
        FROM ({outcome_sql}) o
        JOIN {Answer._meta.db_table} d
          ON d.response_id = o.response_id AND d.question_id = ANY(%s)
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608 — table name from the model, every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*outcome_params, by_ids])
        return list(cursor.fetchall())
