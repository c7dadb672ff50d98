"""Survey results out of Vidhuk: the responses as CSV or XLSX, the results report as PDF.

CSV and XLSX are one row per response with the answers pivoted by PostgreSQL
(``selectors.export.results_export_query``). They are read through a server-side cursor in chunks,
so a million responses take no more memory than a thousand: CSV is streamed to the client as it
is read; XLSX goes through openpyxl's write-only workbook into a temporary file on disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .charts import report_figures
from .models import Questionnaire
from .results.catalogue import DEMOGRAPHIC_CODES
from .results.types import ResultsReport
from .selectors.export import ExportQuery

CHUNK_SIZE = 2000


class _Echo:
    """A file-like object whose write returns the line, for csv.writer over a stream."""

    def write(self, value: str) -> str:
        return value


def export_rows(query: ExportQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of the export from a server-side cursor, ``CHUNK_SIZE`` at a time.

    Inside a transaction the cursor is declared without HOLD, so PostgreSQL sends rows as it
    makes them instead of materialising the whole result before the first one.
    """
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(query.sql, query.params)
        while rows := cursor.fetchmany(CHUNK_SIZE):
            yield from rows


def csv_lines(query: ExportQuery) -> Iterator[str]:
    """The CSV as it is written, a chunk of lines at a time (for StreamingHttpResponse)."""
    writer = csv.writer(_Echo(), delimiter=";")
    # The BOM makes Excel read the file as UTF-8 (Cyrillic); semicolons suit its Ukrainian locale.
    yield "\ufeff" + writer.writerow(query.header)
    lines: list[str] = []
    for row in export_rows(query):
        lines.append(writer.writerow(row))
        if len(lines) >= CHUNK_SIZE:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def xlsx_file(query: ExportQuery, *, title: str) -> IO[bytes]:
    """A spooled temporary file with the workbook, positioned at its start; the caller closes
    it. Sheet «Відповіді»: the rows; sheet «Про файл»: what it holds."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Відповіді"))
    sheet.append([_xlsx_cell(sheet, value) for value in query.header])
    for row in export_rows(query):
        sheet.append(
            [_xlsx_cell(sheet, _as_date(row[0])), *(_xlsx_cell(sheet, v) for v in row[1:])]
        )
    about = workbook.create_sheet(_("Про файл"))
    about.append([title])
    about.append([_("Вивантажено"), timezone.localtime().strftime("%d.%m.%Y %H:%M")])
    about.append(
        [_("Одна відповідь на рядок; відповіді анонімні: ні імен, ні часу, лише дата заповнення.")]
    )
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — returned
    workbook.save(handle)
    handle.seek(0)
    return handle


_FORMULA_GUARDED = ("'=", "'+", "'-", "'@")
DATE_FORMAT = "DD.MM.YYYY"


def _as_date(value: Any) -> Any:
    """The first column, the date filled in: SQLite (``make run``) gives it as ISO text."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A cell that is always what it holds: text stays text even when it starts with ``=``
    (typed as a string, so no formula runs — the CSV's guarding apostrophe is not needed here
    and would show), and control characters a respondent pasted, which XLSX cannot hold, are
    dropped instead of failing the whole file."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, dt.date):
        # A date cell shown as a date: without the format Excel shows «2026-04-01 00:00:00».
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_GUARDED):
        value = value[1:]
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


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
