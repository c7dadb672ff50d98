"""A response written with its answers and counted in the results version, in one statement
(issue 15, part 4), atomic on its own:

    WITH response_new AS (INSERT INTO surveys_response … ON CONFLICT DO NOTHING RETURNING id),
         answers_new AS (INSERT INTO surveys_answer (response_id, …)
                         SELECT response_new.id, given.v0, … FROM response_new,
                                (VALUES (0, %s::integer, …), (1, …)) AS given (position, v0, …)
                         ORDER BY given.position),
         counted AS (INSERT INTO surveys_resultsversion … SELECT %s, 1 FROM response_new …
                     ON CONFLICT (questionnaire_id) DO UPDATE SET n = version.n + 1)
    SELECT id FROM response_new

A web answer needs no transaction around it (no BEGIN, no COMMIT), and the results version's row
is locked only while the statement runs. A double submit's response meets the first one's row in
the unique key: no row comes back, no answer is written, nothing is counted — and the statement
does not fail, so a caller's transaction (a batch of paper forms) goes on. SQLite (`make run`)
has no INSERT inside WITH: there the three are written one by one in a transaction.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import connections, router, transaction

from vidhuk.core.sqlinsert import (
    insert_or_nothing,
    insert_select_sql,
    insert_sql,
    mark_saved,
    with_statement,
)

from ..models import Answer, Response
from .freshness import results_version_bump, results_version_bump_sql


def response_store(*, response: Response, rows: list[Answer], counted_in: int | None) -> bool:
    """Write the unsaved `response` and its answer `rows`; False, with nothing written, when the
    response's submission key is taken. `counted_in`: the questionnaire whose results version
    counts them, in the same statement (None: the caller bumps it in its transaction). The
    response gets its primary key."""
    connection = connections[router.db_for_write(Response)]
    if counted_in is not None and connection.vendor == "postgresql":
        return _in_one_statement(response, rows, counted_in=counted_in, connection=connection)
    own = transaction.atomic(using=connection.alias) if counted_in is not None else None
    with own or contextlib.nullcontext():
        if not insert_or_nothing(response):
            return False
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        if counted_in is not None:
            results_version_bump(questionnaire_id=counted_in)
    return True


def _in_one_statement(
    response: Response, rows: list[Answer], *, counted_in: int, connection: Any
) -> bool:
    response_new = insert_sql(response, connection, returning=True, ignore_conflicts=True)
    parts = [("response_new", *response_new)]
    if rows:  # in their order: the answers' keys keep the order of the choices made
        answers = insert_select_sql(
            rows, connection, source="response_new", from_source={"response_id": "response_new.id"}
        )
        parts.append(("answers_new", *answers))
    counted = results_version_bump_sql(
        questionnaire_id=counted_in, connection=connection, source="response_new"
    )
    parts.append(("counted", *counted))
    sql, params = with_statement(parts, "SELECT id FROM response_new")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        return False
    mark_saved(response, found[0], connection.alias)
    return True
