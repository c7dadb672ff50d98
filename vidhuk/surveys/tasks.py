"""Background work of surveys: recomputing a results report after new responses.

With a million responses a report takes seconds to compute. The results pages show the report
computed last, marked with its time, and schedule one recompute here; the next view is current.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django_tasks import task

from vidhuk.core.models import Centre

from .models import Questionnaire
from .results.cache import results_refresh_claim, results_refresh_release
from .results.report import results_report, results_report_compute
from .results.types import ResultFilters, ResultsReport


@task()
def results_report_refresh(
    centre_id: int, questionnaire_id: int, filters: dict[str, Any], language: str
) -> int | None:
    """Compute and cache one report (idempotent: computing twice stores the same figures).

    Returns the number of responses counted, or None when the questionnaire is gone."""
    result_filters = ResultFilters.from_json(filters)
    questionnaire = (
        Questionnaire.objects.select_related("centre")
        .filter(pk=questionnaire_id, centre_id=centre_id)
        .first()
    )
    if questionnaire is None:
        return None
    centre: Centre = questionnaire.centre
    try:
        with translation.override(language or None):
            report = results_report_compute(
                centre=centre, questionnaire=questionnaire, filters=result_filters
            )
    finally:
        with translation.override(language or None):
            results_refresh_release(
                centre=centre, questionnaire=questionnaire, filters=result_filters
            )
    return report.total.responses


def results_report_refresh_later(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> bool:
    """Schedule a recompute unless one is already scheduled; True when this call did.

    With the immediate backend (development, tests) the report is current when this returns."""
    if not results_refresh_claim(centre=centre, questionnaire=questionnaire, filters=filters):
        return False
    results_report_refresh.enqueue(
        centre.pk, questionnaire.pk, filters.as_json(), translation.get_language() or ""
    )
    return True


def results_report_for_page(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> ResultsReport:
    """The report a results page shows: the current one, or the last one computed (``is_stale``)
    while the new one is computed in the background."""
    report = results_report(
        centre=centre, questionnaire=questionnaire, filters=filters, stale_ok=True
    )
    if report.is_stale and results_report_refresh_later(
        centre=centre, questionnaire=questionnaire, filters=filters
    ):
        # An immediate backend has already stored the new report; a queue has not.
        report = results_report(
            centre=centre, questionnaire=questionnaire, filters=filters, stale_ok=True
        )
    return report
