"""The results version: one more every time what a questionnaire's results count changes.

Called inside the transaction of every service that stores, removes or rewrites responses
(``response_submit`` — which paper entry and scanning go through —, ``submissions_import``,
``paper_entry_remove``, the checklists) and of ``version_publish`` (the report's questions follow
the published version). A cached report keeps the number it was computed at
(``results.cache``), so a results page tells whether it is current by reading one row.
Moderation does not call it: the report counts no free text.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router

from ..models import ResultsVersion

_BUMP = (
    "INSERT INTO {table} AS version (questionnaire_id, n) {values} "
    "ON CONFLICT (questionnaire_id) DO UPDATE SET n = version.n + 1"
)


def results_version_bump(*, questionnaire_id: int) -> None:
    """``n = n + 1`` in the caller's transaction, in one statement without a savepoint (issue 15,
    part 4): INSERT ... ON CONFLICT DO UPDATE, so the first change of a questionnaire creates the
    row and a concurrent first change waits on its key and then adds its one."""
    connection = connections[router.db_for_write(ResultsVersion)]
    table = connection.ops.quote_name(ResultsVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_BUMP.format(table=table, values="VALUES (%s, 1)"), [questionnaire_id])


def results_version_bump_sql(
    *, questionnaire_id: int, connection: Any, source: str
) -> tuple[str, list[Any]]:
    """The bump as part of a larger statement: one more when `source` (a WITH query of that
    statement, named by the caller) returned a row, none when it returned nothing."""
    table = connection.ops.quote_name(ResultsVersion._meta.db_table)
    values = f"SELECT %s, 1 FROM {source} LIMIT 1"  # noqa: S608 — the caller's own WITH name
    return _BUMP.format(table=table, values=values), [questionnaire_id]
