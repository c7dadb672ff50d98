"""The results version: one more every time what a questionnaire's results count changes.

Called inside the transaction of every service that stores, removes or rewrites responses
(``response_submit`` — which paper entry and scanning go through —, ``submissions_import``,
``paper_entry_remove``, the checklists) and of ``version_publish`` (the report's questions follow
the published version). A cached report keeps the number it was computed at
(``results.cache``), so a results page tells whether it is current by reading one row.
Moderation does not call it: the report counts no free text.
"""

from __future__ import annotations

from django.db import connections, router

from ..models import ResultsVersion


def results_version_bump(*, questionnaire_id: int) -> None:
    """``n = n + 1`` in the caller's transaction, in one statement without a savepoint (issue 15,
    part 4): INSERT ... ON CONFLICT DO UPDATE, so the first change of a questionnaire creates the
    row and a concurrent first change waits on its key and then adds its one."""
    table = connections[router.db_for_write(ResultsVersion)].ops.quote_name(
        ResultsVersion._meta.db_table
    )
    with connections[router.db_for_write(ResultsVersion)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS version (questionnaire_id, n) VALUES (%s, 1) "  # noqa: S608
            "ON CONFLICT (questionnaire_id) DO UPDATE SET n = version.n + 1",
            [questionnaire_id],
        )
