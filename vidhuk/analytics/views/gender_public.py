"""The centre's gender passport as published with its quarterly report: the page and its CSV.
Figures as frozen at publishing, groups of 1–4 people withheld."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.core.selectors import centre_get_public
from vidhuk.core.tabular import csv_response

from ..models import QuarterlyReport
from ..periods import quarter_label
from ..report import report_get_published, report_list_published
from ..report_render import passport_csv_rows, report_passport
from .report_staff import checked_quarter


def _language() -> str:
    return "en" if (translation.get_language() or "uk").startswith("en") else "uk"


def _page(request: HttpRequest, centre, report: QuarterlyReport | None) -> HttpResponse:  # type: ignore[no-untyped-def]
    others = [
        {"report": other, "label": quarter_label(other.year, other.quarter)}
        for other in report_list_published(centre=centre)
    ]
    return render(
        request,
        "analytics/gender/public_passport.html",
        {
            "centre": centre,
            "report": report,
            "label": quarter_label(report.year, report.quarter) if report else "",
            "rows": report_passport(report, _language()) if report else [],
            "others": others,
        },
    )


@require_GET
def passport_latest(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return _page(request, centre, report_list_published(centre=centre).first())


@require_GET
def passport_quarter(
    request: HttpRequest, centre_slug: str, year: int, quarter: int
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    year, quarter = checked_quarter(year, quarter)
    return _page(request, centre, report_get_published(centre=centre, year=year, quarter=quarter))


@require_GET
def passport_csv(
    request: HttpRequest, centre_slug: str, year: int, quarter: int
) -> StreamingHttpResponse:
    centre = centre_get_public(slug=centre_slug)
    year, quarter = checked_quarter(year, quarter)
    report = report_get_published(centre=centre, year=year, quarter=quarter)
    rows = passport_csv_rows(report, _language())
    if not rows:
        raise Http404("Empty passport")
    return csv_response(
        header=[
            _("Показник"),
            _("Жінки"),
            _("Чоловіки"),
            _("Не зазначено"),
            _("Розрив"),
            _("Одиниця розриву"),
            _("Джерело"),
            _("Початок періоду"),
            _("Кінець періоду"),
        ],
        rows=rows,
        filename=f"gender-passport-{centre.slug}-{year}-q{quarter}.csv",
    )
