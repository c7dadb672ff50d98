"""The filters `surveys_results.py` measures the results page with — the usual three and, for the
rollup (issue 15 part 5), combinations never computed before — and the same report counted from
the answers with the rollup switched off, the "before" measured in the same run."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any


def scenarios(centre: Any) -> list[tuple[str, Any]]:
    from django.utils import timezone

    from vidhuk.core.models import Office
    from vidhuk.surveys.results.types import ResultFilters

    office = Office.objects.filter(centre=centre).order_by("position", "id").first()
    today = timezone.localdate()
    return [
        ("everything", ResultFilters()),
        (
            f"office «{office.name}», last 3 months",
            ResultFilters(office_id=office.pk, date_from=today - dt.timedelta(days=91)),
        ),
        ("channel: paper", ResultFilters(channel="paper")),
        # Never computed before in any run: odd ranges and combinations (issue 15 part 5).
        (
            f"office «{office.name}» + web + {today.year - 1}-03-17 … {today.year - 1}-09-09",
            ResultFilters(
                office_id=office.pk,
                channel="web",
                date_from=dt.date(today.year - 1, 3, 17),
                date_to=dt.date(today.year - 1, 9, 9),
            ),
        ),
        (
            "visit code, one day",
            ResultFilters(
                channel="visit_token",
                date_from=today - dt.timedelta(days=40),
                date_to=today - dt.timedelta(days=40),
            ),
        ),  # noqa: E501
        (f"service {_busiest_service(centre)}", ResultFilters(service_id=_busiest_service(centre))),
        (
            "service + paper + last 6 months",
            ResultFilters(
                service_id=_busiest_service(centre),
                channel="paper",
                date_from=today - dt.timedelta(days=183),
            ),
        ),
    ]


def _busiest_service(centre: Any) -> int:
    from django.db.models import Count

    from vidhuk.surveys.models import Response

    busiest = (
        Response.objects.filter(centre=centre, service__isnull=False)
        .values("service_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return int(busiest["service_id"]) if busiest else 0


def direct_seconds(centre: Any, questionnaire: Any, filters: Any) -> float | None:
    """The same report counted from the answers (the rollup switched off), in the same run: the
    "before" of the rollup. None before the rollup existed."""
    try:
        from vidhuk.surveys.results import breakdowns, disaggregation, questions, report
    except ImportError:
        return None
    modules = [m for m in (breakdowns, questions, disaggregation) if hasattr(m, "rollup_serves")]
    if not modules:
        return None
    saved = [m.rollup_serves for m in modules]  # type: ignore[attr-defined]
    for module in modules:
        module.rollup_serves = lambda **_kw: False  # type: ignore[attr-defined]
    try:
        started = time.perf_counter()
        report._report(centre=centre, questionnaire=questionnaire, filters=filters)
        return time.perf_counter() - started
    finally:
        for module, function in zip(modules, saved, strict=True):
            module.rollup_serves = function  # type: ignore[attr-defined]
