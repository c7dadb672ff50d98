"""Tables out of Vidhuk: the one streaming CSV writer and the one XLSX writer every export uses.

Both take a header row (words a person reads, not codes) and an iterable of rows, and never
hold the rows in memory: CSV is yielded to the client a chunk of lines at a time, XLSX goes
through openpyxl's write-only workbook into a spooled temporary file.

CSV, one rule for all:

* UTF-8 with a byte-order mark: without it Excel reads the file as cp1251 and the Cyrillic
  turns to mojibake.
* The delimiter is the semicolon (``DELIMITER``). Excel under a Ukrainian (or any European)
  locale writes the decimal point as a comma and so splits CSV on the list separator «;»: a
  comma-separated file opens as one column there. The appeals inbox, the survey responses and
  the catalog's «CSV для Excel» already wrote semicolons; the queue figures now do too. The
  catalog alone still offers a comma variant, because its file is also an import template
  that other tools write (its import sniffs either).
* CRLF line ends (RFC 4180), which every spreadsheet program reads.
* Every text cell is formula-safe: one starting with ``= + - @``, a tab or a carriage return
  would run as a formula (CSV injection, OWASP), so it gets a leading apostrophe
  (``escape_formula``). The catalog's import takes it back off (``unescape_formula``).
  Numbers are written as numbers: -5 stays a number.

XLSX: a cell is always what it holds. Text is typed as text, so a leading ``=`` stays text
(no apostrophe needed, none shown); control characters XLSX cannot hold, pasted by a
resident, are dropped instead of failing the whole file; dates are real date cells shown as
DD.MM.YYYY (date-times as DD.MM.YYYY HH:MM).
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header

BOM = "\ufeff"
DELIMITER = ";"
LINE_END = "\r\n"
# A cell that starts with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
CHUNK_ROWS = 500

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
_SPOOL_BYTES = 8 * 1024 * 1024

Row = Sequence[Any]


def escape_formula(cell: str) -> str:
    """The text with an apostrophe before it when a spreadsheet would run it as a formula."""
    return FORMULA_GUARD + cell if cell.startswith(FORMULA_STARTS) else cell


def unescape_formula(cell: str) -> str:
    """The text as it was before ``escape_formula`` (for imports of our own files)."""
    guarded = cell.startswith(FORMULA_GUARD) and cell[1:].startswith(FORMULA_STARTS)
    return cell[1:] if guarded else cell


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_formula(value)
    return value


class _Echo:
    """A file-like object whose write returns the line: ``csv.writer`` then yields strings."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Row, rows: Iterable[Row], *, delimiter: str = DELIMITER) -> Iterator[str]:
    """The CSV text as it is written: BOM and header first, then ``CHUNK_ROWS`` lines a chunk."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator=LINE_END)
    yield BOM + writer.writerow([_csv_cell(value) for value in header])
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([_csv_cell(value) for value in row]))
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _download(response: HttpResponseBase, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    # Exports carry a centre's records: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"


def csv_response(
    *, header: Row, rows: Iterable[Row], filename: str, delimiter: str = DELIMITER
) -> StreamingHttpResponse:
    """A download of the rows as CSV, streamed in constant memory."""
    response = StreamingHttpResponse(
        csv_lines(header, rows, delimiter=delimiter), content_type=CSV_CONTENT_TYPE
    )
    _download(response, filename)
    return response


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A write-only cell that is what it holds (see the module's docstring)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, dt.date):
        # Without the format Excel shows «2026-04-01 00:00:00».
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def xlsx_file(
    *,
    header: Row,
    rows: Iterable[Row],
    sheet_title: str,
    about_title: str = "",
    about: Iterable[Row] = (),
) -> IO[bytes]:
    """A spooled temporary file with the workbook, positioned at its start; the caller (or the
    response) closes it. An optional second sheet ``about_title`` says what the file holds."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    if about_title:
        notes = workbook.create_sheet(about_title)
        for line in about:
            notes.append([xlsx_cell(notes, value) for value in line])
    handle = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 — returned
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(
    *,
    header: Row,
    rows: Iterable[Row],
    filename: str,
    sheet_title: str,
    about_title: str = "",
    about: Iterable[Row] = (),
) -> FileResponse:
    """A download of the rows as an XLSX workbook, built on disk, not in memory."""
    handle = xlsx_file(
        header=header, rows=rows, sheet_title=sheet_title, about_title=about_title, about=about
    )
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    _download(response, filename)
    return response
