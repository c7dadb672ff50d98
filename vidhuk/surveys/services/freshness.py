"""The results version: one more every time what a questionnaire's results count changes.

Called inside the transaction of every service that stores, removes or rewrites responses
(``response_submit`` — which paper entry and scanning go through —, ``submissions_import``,
``paper_entry_remove``, the checklists) and of ``version_publish`` (the report's questions follow
the published version). A cached report keeps the number it was computed at
(``results.cache``), so a results page tells whether it is current by reading one row.
Moderation does not call it: the report counts no free text.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ..models import ResultsVersion


@transaction.atomic
def results_version_bump(*, questionnaire_id: int) -> None:
    """``UPDATE … SET n = n + 1`` in the caller's transaction (the row is created on first use)."""
    if ResultsVersion.objects.filter(questionnaire_id=questionnaire_id).update(n=F("n") + 1):
        return
    # First change of this questionnaire: a concurrent first change waits on the primary key and
    # then finds the row (``get_or_create`` retries the read), so it still adds its one.
    _row, created = ResultsVersion.objects.get_or_create(
        questionnaire_id=questionnaire_id, defaults={"n": 1}
    )
    if not created:
        ResultsVersion.objects.filter(questionnaire_id=questionnaire_id).update(n=F("n") + 1)
