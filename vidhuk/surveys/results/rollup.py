"""The results from the rollup (``surveys/migrations/0008_results_rollup``): sums over counts
kept per day and month × office × service × channel × version × question × answer, so any
combination of the page's filters answers in the time of a few thousand rows however many
responses there are. PostgreSQL only; the triggers keep it in the answers' own transaction, so
it is never behind them.

A date range reads whole months from the monthly rows and only the days at its two ends from
the daily ones. The service filter narrows the headline figures here; the distribution and the
disaggregation under a service filter are counted from that service's answers (a rollup by
service for every answer would be as large as the answers: ``report``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection

from vidhuk.core.models import Centre

from ..models import Questionnaire
from .catalogue import LOYALTY_CODE, SATISFACTION_CODE, Catalogue
from .types import ResultFilters

TABLE = "surveys_results_rollup"
EVERY_SERVICE = -1
# The outcome paired with the demographic answers in the rollup (its disaggregation).
PAIRED_CODE = SATISFACTION_CODE


def rollup_serves(*, filters: ResultFilters, counts_every_answer: bool) -> bool:
    """Whether the rollup has the figures: on PostgreSQL; for the distribution and the
    disaggregation (``counts_every_answer``) without a service filter."""
    if connection.vendor != "postgresql":
        return False
    return not (counts_every_answer and filters.service_id)


def rollup_breakdown_lines(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: Catalogue,
    values: list[str],
    by_rating: bool,
) -> list[tuple[Any, ...]]:
    """The lines of ``sql_postgresql.breakdown_lines`` from the per-service headline rows."""
    if questionnaire.centre_id != centre.pk:
        return []
    satisfaction = [str(pk) for pk in catalogue.ids(SATISFACTION_CODE)]
    loyalty = [str(pk) for pk in catalogue.ids(LOYALTY_CODE)]
    satisfied = ["4", "5"] if by_rating else values
    where, params = _where(questionnaire=questionnaire, filters=filters, every_service=False)
    sql = f"""
        SELECT GROUPING(office_id, service_id, channel, month),
               office_id, service_id, channel, month,
               COALESCE(SUM(n) FILTER (WHERE question_id = 0), 0)::bigint,
               COALESCE(SUM(n) FILTER (WHERE question_id = ANY(%s)), 0)::bigint,
               COALESCE(SUM(n) FILTER (WHERE question_id = ANY(%s) AND value = ANY(%s)), 0)
                   ::bigint,
               COALESCE(SUM(n) FILTER (WHERE question_id = ANY(%s)), 0)::bigint,
               COALESCE(SUM(n) FILTER (WHERE question_id = ANY(%s) AND value IN ('9', '10')), 0)
                   ::bigint,
               COALESCE(SUM(n) FILTER (WHERE question_id = ANY(%s)
                                       AND value IN ('0','1','2','3','4','5','6')), 0)::bigint
        FROM (
            SELECT NULLIF(office_id, 0) AS office_id, NULLIF(service_id, 0) AS service_id,
                   channel, date_trunc('month', day)::date AS month, question_id, value, n
            FROM {TABLE}
            WHERE {where} AND by_question_id = 0
              AND (question_id = 0 OR question_id = ANY(%s))
        ) r
        GROUP BY GROUPING SETS ((), (office_id), (service_id), (channel), (month))
        HAVING GROUPING(office_id, service_id, channel, month) = 15
            OR COALESCE(SUM(n) FILTER (WHERE question_id = 0), 0) <> 0
    """  # noqa: S608 — the table name is a constant, every value a parameter
    ids = [int(pk) for pk in (*satisfaction, *loyalty)]
    sat, loy = [int(pk) for pk in satisfaction], [int(pk) for pk in loyalty]
    return _fetch(sql, [sat, sat, satisfied, loy, loy, loy, *params, ids])


def rollup_answer_counts(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters, question_ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Per question: the count of each answer (``answer_key``), and the respondents of the
    multiple-choice and matrix questions (a response counted once)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    respondents: dict[int, int] = defaultdict(int)
    if questionnaire.centre_id != centre.pk or not question_ids:
        return counts, respondents
    where, params = _where(questionnaire=questionnaire, filters=filters, every_service=True)
    sql = f"""
        SELECT question_id, value, SUM(n)::bigint FROM {TABLE}
        WHERE {where} AND by_question_id = 0 AND question_id = ANY(%s)
        GROUP BY 1, 2 HAVING SUM(n) <> 0
    """  # noqa: S608 — the table name is a constant, every value a parameter
    for question_id, value, n in _fetch(sql, [*params, question_ids]):
        if value == "*":
            respondents[question_id] += n
        else:
            counts[question_id][value] = n
    return counts, respondents


def rollup_stated(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters, by_ids: list[int]
) -> list[tuple[int, str, str, int]]:
    """(demographic question, its answer, the overall rating's answer, respondents): the pairs
    of ``sql_postgresql.stated`` for the overall rating."""
    if questionnaire.centre_id != centre.pk or not by_ids:
        return []
    where, params = _where(questionnaire=questionnaire, filters=filters, every_service=True)
    sql = f"""
        SELECT by_question_id, by_value, value, SUM(n)::bigint FROM {TABLE}
        WHERE {where} AND by_question_id = ANY(%s)
        GROUP BY 1, 2, 3 HAVING SUM(n) <> 0
    """  # noqa: S608 — the table name is a constant, every value a parameter
    return [tuple(line) for line in _fetch(sql, [*params, by_ids])]  # type: ignore[misc]


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _where(
    *, questionnaire: Questionnaire, filters: ResultFilters, every_service: bool
) -> tuple[str, list[Any]]:
    """The rows of the questionnaire under the filters: whole months of the range from the
    monthly rows, its ends from the daily rows."""
    clauses = ["questionnaire_id = %s"]
    params: list[Any] = [questionnaire.pk]
    if every_service:
        clauses.append("service_id = %s")
        params.append(EVERY_SERVICE)
    elif filters.service_id:
        clauses.append("service_id = %s")
        params.append(filters.service_id)
    else:
        clauses.append("service_id >= 0")
    for column, value in (
        ("office_id", filters.office_id),
        ("channel", filters.channel),
        ("version_id", filters.version_id),
    ):
        if value:
            clauses.append(f"{column} = %s")
            params.append(value)
    dates, date_params = _dates(filters.date_from, filters.date_to)
    clauses.append(dates)
    return " AND ".join(clauses), params + date_params


def _dates(start: dt.date | None, end: dt.date | None) -> tuple[str, list[Any]]:
    if start is None and end is None:
        return "grain = 'm'", []
    if start is not None and end is not None and start > end:
        return "false", []
    # Whole months from ``first`` (included) to ``after`` (excluded); None: open.
    first = start if start is None or start.day == 1 else _next_month(start)
    after = None
    if end is not None:
        following = _next_month(end)
        is_month_end = following is None or following - dt.timedelta(days=1) == end
        after = following if is_month_end else end.replace(day=1)
    if start is not None and first is None:
        return "grain = 'd' AND day BETWEEN %s AND %s", [start, end or dt.date.max]
    if start is not None and end is not None and after and first and first >= after:
        return "grain = 'd' AND day BETWEEN %s AND %s", [start, end]
    months, params = ["grain = 'm'"], []
    if first is not None:
        months.append("day >= %s")
        params.append(first)
    if after is not None:
        months.append("day < %s")
        params.append(after)
    clauses = [f"({' AND '.join(months)})"]
    if start is not None and first is not None and start < first:
        clauses.append("(grain = 'd' AND day BETWEEN %s AND %s)")
        params += [start, first - dt.timedelta(days=1)]
    if end is not None and after is not None and after <= end:
        clauses.append("(grain = 'd' AND day BETWEEN %s AND %s)")
        params += [after, end]
    return f"({' OR '.join(clauses)})", params


def _next_month(day: dt.date) -> dt.date | None:
    """The first day of the next month; None past the calendar's end."""
    if day.year == dt.MAXYEAR and day.month == 12:
        return None
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
