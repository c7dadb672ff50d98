"""Survey results out of Vidhuk: the responses as CSV or XLSX, the results report as PDF.

CSV and XLSX are one row per response with the answers pivoted by PostgreSQL
(``selectors.export.results_export_query``). They are read through a server-side cursor in chunks,
so a million responses take no more memory than a thousand, and written by the one writer of
every export, ``core.tabular``: CSV is streamed to the client as it is read (formula cells
guarded); XLSX goes through openpyxl's write-only workbook into a temporary file on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core import tabular
from vidhuk.core.models import Centre

from .charts import report_figures
from .models import Questionnaire
from .results.catalogue import DEMOGRAPHIC_CODES
from .results.types import ResultsReport
from .selectors.export import ExportQuery

CHUNK_SIZE = 2000


def export_rows(query: ExportQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of the export from a server-side cursor, ``CHUNK_SIZE`` at a time.

    Inside a transaction the cursor is declared without HOLD, so PostgreSQL sends rows as it
    makes them instead of materialising the whole result before the first one.
    """
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(query.sql, query.params)
        while rows := cursor.fetchmany(CHUNK_SIZE):
            yield from rows


def csv_response(query: ExportQuery, *, filename: str) -> StreamingHttpResponse:
    """The responses as CSV, streamed as PostgreSQL sends them."""
    return tabular.csv_response(header=query.header, rows=export_rows(query), filename=filename)


def xlsx_response(query: ExportQuery, *, title: str, filename: str) -> FileResponse:
    """The responses as XLSX. Sheet «Відповіді»: the rows, the date filled in as a date cell;
    sheet «Про файл»: what it holds."""
    return tabular.xlsx_response(
        header=query.header,
        rows=((_as_date(row[0]), *row[1:]) for row in export_rows(query)),
        filename=filename,
        sheet_title=_("Відповіді"),
        about_title=_("Про файл"),
        about=[
            [title],
            [_("Вивантажено"), timezone.localtime().strftime("%d.%m.%Y %H:%M")],
            [
                _(
                    "Одна відповідь на рядок; відповіді анонімні: ні імен, ні часу, "
                    "лише дата заповнення."
                )
            ],
        ],
    )


def _as_date(value: Any) -> Any:
    """The first column, the date filled in: SQLite (``make run``) gives it as ISO text."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def report_pdf(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    report: ResultsReport,
    filters_described: list[tuple[str, str]],
) -> bytes:
    """The printable results report: headline figures, charts and their tables, the suppressed
    disaggregation. Drawn by WeasyPrint from our own markup only (no file or URL is fetched)."""
    from weasyprint import HTML

    html = render_to_string(
        "surveys/pdf/results.html",
        {
            "centre": centre,
            "questionnaire": questionnaire,
            "report": report,
            "figures": report_figures(report, prefix="pdf"),
            "filters_described": filters_described,
            "demographic_codes": DEMOGRAPHIC_CODES,
            "generated_at": timezone.localtime(),
        },
    )
    return bytes(HTML(string=html, url_fetcher=_refuse_fetch).write_pdf())


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The results report fetches nothing: {url}")


def export_filename(questionnaire: Questionnaire, extension: str, *, today: dt.date) -> str:
    # The slug is Latin letters, digits and hyphens (SlugField): safe in the header.
    return f"{questionnaire.slug}-{today:%Y-%m-%d}.{extension}"
