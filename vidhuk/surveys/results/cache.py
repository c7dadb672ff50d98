"""The results' cache: a computed report kept with the results version it was computed at (a
per-questionnaire counter every writing service adds one to, ``services.freshness``), and the
claim that lets one caller schedule a recompute (docs/decisions/0004)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from vidhuk.core.models import Centre

from ..models import Questionnaire, ResultsVersion
from .types import ResultFilters, ResultsReport

# A computed report is kept a week: when responses arrive, the page may show it (marked with the
# time it was computed) while a background task computes the new one (``report.results_report``).
RESULTS_CACHE_SECONDS = 7 * 24 * 60 * 60
RESULTS_REFRESH_LOCK_SECONDS = 10 * 60


def data_version(*, centre: Centre, questionnaire: Questionnaire) -> int:
    """The questionnaire's results version (``ResultsVersion``): one query reading one row,
    whatever the number of responses. 0 before the first change."""
    n: int | None = (
        ResultsVersion.objects.filter(questionnaire_id=questionnaire.pk)
        .values_list("n", flat=True)
        .first()
    )
    return n or 0


def cached_report(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> tuple[int, ResultsReport] | None:
    """The report last computed for these filters with its data version, or None."""
    cached: tuple[int, ResultsReport] | None = cache.get(
        _key(centre=centre, questionnaire=questionnaire, filters=filters)
    )
    return cached


def report_store(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    version: int,
    report: ResultsReport,
) -> None:
    cache.set(
        _key(centre=centre, questionnaire=questionnaire, filters=filters),
        (version, report),
        RESULTS_CACHE_SECONDS,
    )


def results_refresh_claim(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> bool:
    """True for the one caller that should schedule a recompute; the others see it running."""
    key = _key(centre=centre, questionnaire=questionnaire, filters=filters)
    return bool(cache.add(f"{key}:refreshing", 1, RESULTS_REFRESH_LOCK_SECONDS))


def results_refresh_release(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> None:
    key = _key(centre=centre, questionnaire=questionnaire, filters=filters)
    cache.delete(f"{key}:refreshing")


def _key(*, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters) -> str:
    # The language is part of the key: labels in the report are translated.
    parts = [str(centre.pk), str(questionnaire.pk), filters.cache_part(), get_language() or ""]
    return "surveys:results:" + hashlib.sha256(":".join(parts).encode()).hexdigest()
