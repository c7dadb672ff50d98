"""The quarterly report as a document: one template for the page, the HTML file and the PDF
(WeasyPrint), drawn only from what the report keeps (figures, text, the day it was published),
so rendering it again gives the same bytes. Nothing is fetched while drawing: no file, no
network (WeasyPrint's fetcher allows inline data only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .gender import staff_rows
from .models import QuarterlyReport
from .periods import quarter_label
from .report_spec import SECTIONS
from .sentences import figure_text

DOCUMENT_TEMPLATE = "analytics/report/document.html"
PDF_TEMPLATE = "analytics/report/document_pdf.html"


def cell(value: Any, *, withheld: bool, unit: str) -> str:
    """A figure as a table shows it: withheld figures say so, never a number."""
    if withheld:
        return _("не наводиться")
    if value is None:
        return "—"
    return figure_text(value, unit)


def gap_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    if unit == "count" or unit == "percent":
        return _("%(value)s в. п.") % {"value": sign + figure_text(value, "score")}
    return sign + figure_text(value, unit)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _table(table: dict[str, Any], language: str) -> dict[str, Any]:
    unit = table["unit"]
    return {
        "caption": table["caption"][language],
        "title": table["title"][language],
        "withheld": table["withheld"],
        "total": cell(table["total"], withheld=table["withheld"], unit=unit),
        "previous_total": cell(
            table["previous_total"], withheld=table["previous_withheld"], unit=unit
        ),
        "rows": [
            {
                "label": row["label"][language],
                "value": cell(row["value"], withheld=row["withheld"], unit=unit),
                "previous": cell(row["previous"], withheld=row["previous_withheld"], unit=unit),
            }
            for row in table["rows"]
        ],
    }


def passport_rows(rows: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The passport's rows as a table shows them."""
    shown = []
    for row in rows:
        unit = row["unit"]
        period = row["start"] if row["start"] == row["end"] else f"{row['start']} – {row['end']}"
        shown.append(
            {
                "code": row["code"],
                "indicator": row["indicator"][language],
                "women": cell(row["women"], withheld=row["withheld"]["female"], unit=unit),
                "men": cell(row["men"], withheld=row["withheld"]["male"], unit=unit),
                "not_stated": cell(
                    row["not_stated"], withheld=row["withheld"]["not_stated"], unit=unit
                ),
                "gap": gap_text(row["gap"], unit),
                "source": row["source"][language],
                "period": period,
            }
        )
    return shown


def _passport_kept(report: QuarterlyReport, *, public: bool) -> list[dict[str, Any]]:
    figures = report.figures
    rows = list(figures.get("passport", []))
    return rows + staff_rows(figures.get("staff_composition", {}), public=public)


def report_passport(
    report: QuarterlyReport, language: str, *, public: bool = True
) -> list[dict[str, Any]]:
    """The passport kept with the report, as its table shows it."""
    return passport_rows(_passport_kept(report, public=public), language)


def passport_csv_rows(report: QuarterlyReport, language: str) -> list[list[Any]]:
    """The published passport as data: plain numbers (a decimal point), «не наводиться» where
    a figure is withheld, the gap as a number and its unit in a column of its own."""

    def plain(value: Any, withheld: bool) -> Any:
        return _("не наводиться") if withheld else ("" if value is None else value)

    with translation.override(language):
        return [
            [
                row["indicator"][language],
                plain(row["women"], row["withheld"]["female"]),
                plain(row["men"], row["withheld"]["male"]),
                plain(row["not_stated"], row["withheld"]["not_stated"]),
                "" if row["gap"] is None else row["gap"],
                _("в. п.") if row["unit"] in ("count", "percent") else row["unit"],
                row["source"][language],
                row["start"],
                row["end"],
            ]
            for row in _passport_kept(report, public=True)
        ]


def report_document(report: QuarterlyReport, *, language: str) -> dict[str, Any]:
    """What the document shows, in ``language``, from the report's kept figures and text."""
    figures = report.figures
    texts = {section["code"]: section["text"] for section in report.sections}
    with translation.override(language):
        sections = []
        for spec in SECTIONS:
            kept = figures.get("sections", {}).get(spec.code, {})
            sections.append(
                {
                    "code": spec.code,
                    "title": str(spec.title),
                    "paragraphs": _paragraphs(texts.get(spec.code, {}).get(language, "")),
                    "tables": [_table(table, language) for table in kept.get("tables", [])],
                    "decisions": figures.get("decisions", []) if spec.code == "decisions" else [],
                }
            )
        previous = figures.get("previous", {})
        return {
            "language": language,
            "centre_name": figures.get("centre", report.centre.name),
            "title": _("Звіт про роботу центру за %(quarter)s")
            % {"quarter": quarter_label(report.year, report.quarter)},
            "period": quarter_label(report.year, report.quarter),
            "previous_period": quarter_label(previous["year"], previous["quarter"])
            if previous
            else "",
            "start": dt.date.fromisoformat(figures["start"]) if figures.get("start") else None,
            "end": dt.date.fromisoformat(figures["end"]) if figures.get("end") else None,
            "published_on": timezone.localtime(report.published_at).date()
            if report.published_at
            else None,
            "sections": sections,
            "passport": report_passport(report, language),
        }


def report_html(*, report: QuarterlyReport, language: str) -> str:
    """The whole report as one HTML file (the PDF's source)."""
    with translation.override(language):
        return render_to_string(PDF_TEMPLATE, {"doc": report_document(report, language=language)})


def report_pdf(*, report: QuarterlyReport, language: str) -> bytes:
    # Imported here: Pango loads on first use, not at start-up.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = report_html(report=report, language=language)
    fetcher = URLFetcher(allowed_protocols=["data"])
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
