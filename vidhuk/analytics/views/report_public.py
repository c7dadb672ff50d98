"""The centre's published quarterly reports: the list, one report's page, its PDF and its HTML
file — each drawn from what was frozen when it was published, nothing under 5 people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from vidhuk.core.selectors import centre_get_public

from ..periods import quarter_label
from ..report import report_get_published, report_list_published
from ..report_render import report_document, report_html, report_pdf
from .report_staff import checked_quarter


def _language() -> str:
    return "en" if (translation.get_language() or "uk").startswith("en") else "uk"


@require_GET
def report_list(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    reports = [
        {"report": report, "label": quarter_label(report.year, report.quarter)}
        for report in report_list_published(centre=centre)
    ]
    return render(
        request, "analytics/report/public_list.html", {"centre": centre, "reports": reports}
    )


@require_GET
def report_page(request: HttpRequest, centre_slug: str, year: int, quarter: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    year, quarter = checked_quarter(year, quarter)
    report = report_get_published(centre=centre, year=year, quarter=quarter)
    return render(
        request,
        "analytics/report/public_detail.html",
        {"centre": centre, "report": report, "doc": report_document(report, language=_language())},
    )


def _file(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # A published report never changes: a shared cache may keep it.
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def report_pdf_file(
    request: HttpRequest, centre_slug: str, year: int, quarter: int
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    year, quarter = checked_quarter(year, quarter)
    report = report_get_published(centre=centre, year=year, quarter=quarter)
    name = f"report-{centre.slug}-{year}-q{quarter}.pdf"
    return _file(report_pdf(report=report, language=_language()), "application/pdf", name)


@require_GET
def report_html_file(
    request: HttpRequest, centre_slug: str, year: int, quarter: int
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    year, quarter = checked_quarter(year, quarter)
    report = report_get_published(centre=centre, year=year, quarter=quarter)
    name = f"report-{centre.slug}-{year}-q{quarter}.html"
    return _file(report_html(report=report, language=_language()), "text/html; charset=utf-8", name)
