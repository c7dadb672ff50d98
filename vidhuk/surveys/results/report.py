"""The whole results report — headline, trend, breakdowns, questions, disaggregation — computed
in one go and served from the cache while it is current (``cache``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils import timezone

from vidhuk.core.models import Centre
from vidhuk.core.suppression import THRESHOLD

from ..language import in_language
from ..models import Questionnaire
from . import cache
from .breakdowns import compute_breakdowns
from .catalogue import DEMOGRAPHIC_CODES, LOYALTY_CODE, SATISFACTION_CODE, catalogue_of
from .disaggregation import compute_disaggregation
from .questions import compute_distribution
from .types import NO_FILTERS, ResultFilters, ResultsReport


def results_report(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
    stale_ok: bool = False,
) -> ResultsReport:
    """The whole results page: headline figures, trend by month, tables by office, service and
    channel, the distribution of every closed question and the suppressed disaggregation.

    With a million responses the aggregates take seconds, so a computed report is cached with
    the questionnaire's results version it was computed at (a counter every service that changes
    the responses adds one to, ``services.freshness``); one query reading one row when it is
    still current, however many responses there are. When responses have arrived since:
    ``stale_ok`` returns the cached report marked ``is_stale`` (the caller has it recomputed in
    the background, ``tasks.results_report_refresh``); otherwise it is recomputed now. A report
    never cached is computed now.
    """
    version = cache.data_version(centre=centre, questionnaire=questionnaire)
    cached = cache.cached_report(centre=centre, questionnaire=questionnaire, filters=filters)
    if cached is not None:
        cached_version, report = cached
        if cached_version == version:
            return report
        if stale_ok:
            return replace(report, is_stale=True)
    return results_report_compute(
        centre=centre, questionnaire=questionnaire, filters=filters, data_version=version
    )


def results_report_compute(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
    data_version: int | None = None,
) -> ResultsReport:
    """Compute the report now and cache it for ``results_report``.

    The data version is read before the aggregates: a response that lands while they run may be
    counted, but the cached version is then older than the data, so the next reader recomputes
    (never the other way round)."""
    if data_version is None:
        data_version = cache.data_version(centre=centre, questionnaire=questionnaire)
    report = replace(
        _report(centre=centre, questionnaire=questionnaire, filters=filters),
        computed_at=timezone.now(),
    )
    cache.report_store(
        centre=centre,
        questionnaire=questionnaire,
        filters=filters,
        version=data_version,
        report=report,
    )
    return report


def _report(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> ResultsReport:
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    common: dict[str, Any] = {
        "centre": centre,
        "questionnaire": questionnaire,
        "filters": filters,
        "catalogue": catalogue,
    }
    breakdowns = compute_breakdowns(**common)
    satisfaction = catalogue.get(SATISFACTION_CODE)
    return ResultsReport(
        total=breakdowns["total"][0],
        by_month=breakdowns["month"],
        by_office=breakdowns["office"],
        by_service=breakdowns["service"],
        by_channel=breakdowns["channel"],
        questions=compute_distribution(**common, exclude=DEMOGRAPHIC_CODES),
        disaggregation=compute_disaggregation(
            **common,
            code=SATISFACTION_CODE,
            by_codes=[c for c in DEMOGRAPHIC_CODES if catalogue.get(c)],
            threshold=THRESHOLD,
        ),
        satisfaction_question=in_language(satisfaction, "text") if satisfaction else "",
        has_loyalty=bool(catalogue.ids(LOYALTY_CODE)),
    )
