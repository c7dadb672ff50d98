"""Reading a submission export of KoboToolbox or ODK Central (CSV or XLSX) into a table.

Every problem of the file as a whole raises ``SubmissionFileError`` with a message for the page;
nothing is read further and nothing is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vidhuk.core import uploads

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 1000

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SubmissionFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SubmissionRow:
    line: int  # the row as the spreadsheet numbers it: the header is row 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class SubmissionTable:
    columns: tuple[str, ...]
    rows: tuple[SubmissionRow, ...]
    kind: str  # "csv" or "xlsx"
    checksum: str  # SHA-256 of the file's bytes

    def cell(self, row: SubmissionRow, index: int) -> str:
        return row.cells[index] if index < len(row.cells) else ""


def file_kind(data: bytes, filename: str) -> str:
    """``csv`` or ``xlsx`` from the content (the name only breaks a tie), else an error."""
    name = filename.lower()
    signature = uploads.signature_of(data)
    if signature == uploads.OLE2 or name.endswith(".xls"):
        raise SubmissionFileError(
            _(
                "Це файл старого формату Excel (.xls). Завантажте експорт у форматі XLSX або CSV "
                "або збережіть файл в Excel як «Книга Excel (.xlsx)»."
            )
        )
    if signature == uploads.ZIP:
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm")):
        raise SubmissionFileError(_broken_xlsx())
    if name and not name.endswith((".csv", ".txt")) and uploads.looks_binary(data):
        raise SubmissionFileError(_not_a_table())
    return "csv"


def _not_a_table() -> str:
    return _(
        "Це не таблиця CSV чи XLSX. Завантажте експорт відповідей з KoboToolbox або ODK "
        "Central у форматі CSV або XLSX."
    )


def _broken_xlsx() -> str:
    return _(
        "Файл XLSX пошкоджений або не є книгою Excel: його не вдалося відкрити. Завантажте "
        "експорт ще раз і спробуйте знову."
    )


def too_big_message(size: int) -> str:
    return _(
        "Файл завеликий (%(size)s). Найбільший дозволений розмір — %(limit)s: експортуйте "
        "відповіді частинами (наприклад, за місяць)."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)}


def read_submissions(data: bytes, filename: str) -> SubmissionTable:
    """The table of an export file, or ``SubmissionFileError``."""
    if len(data) > MAX_BYTES:
        raise SubmissionFileError(too_big_message(len(data)))
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise SubmissionFileError(
            _("Файл порожній. Завантажте експорт відповідей з рядком заголовків.")
        )
    kind = file_kind(data, filename)
    header, rows = _read_xlsx(data) if kind == "xlsx" else _read_csv(data)
    columns = tuple(_clean_header(cell) for cell in header)
    while columns and not columns[-1]:
        columns = columns[:-1]
    if not columns:
        raise SubmissionFileError(
            _("У файлі немає рядка заголовків. Завантажте експорт відповідей із заголовками.")
        )
    if len(columns) > MAX_COLUMNS:
        raise SubmissionFileError(
            _("У файлі забагато стовпців (%(count)s; найбільше — %(limit)s).")
            % {"count": len(columns), "limit": MAX_COLUMNS}
        )
    kept = [row for row in rows if any(cell.strip() for cell in row.cells)]
    if not kept:
        raise SubmissionFileError(
            _("У файлі є лише заголовки, жодної відповіді. Експортуйте відповіді ще раз.")
        )
    return SubmissionTable(
        columns=columns,
        rows=tuple(kept),
        kind=kind,
        checksum=hashlib.sha256(data).hexdigest(),
    )


def _clean_header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip()


def _too_many_rows() -> SubmissionFileError:
    return SubmissionFileError(
        ngettext(
            "У файлі понад %(limit)s рядок відповідей. Експортуйте відповіді частинами.",
            "У файлі понад %(limit)s рядків відповідей. Експортуйте відповіді частинами.",
            MAX_ROWS,
        )
        % {"limit": MAX_ROWS}
    )


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise SubmissionFileError(_wrong_encoding())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel in Ukraine saves CSV as Windows-1251.
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise SubmissionFileError(_wrong_encoding()) from None
    if _CONTROL.search(text):
        raise SubmissionFileError(_wrong_encoding())
    return text


def _wrong_encoding() -> str:
    return _(
        "Не вдалося прочитати текст файлу: кодування не UTF-8 (і не Windows-1251) або це не "
        "таблиця. Експортуйте відповіді з KoboToolbox чи ODK Central у CSV (UTF-8) або XLSX."
    )


def _read_csv(data: bytes) -> tuple[list[str], list[SubmissionRow]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # KoboToolbox writes ";" by default, ODK Central ","; the header decides.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
        rows: list[SubmissionRow] = []
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append(SubmissionRow(line=reader.line_num, cells=tuple(cells)))
    except csv.Error:
        raise SubmissionFileError(
            _(
                "Файл CSV пошкоджений (незакриті лапки або неправильні рядки). Експортуйте "
                "відповіді ще раз."
            )
        ) from None
    # csv counts physical lines; a spreadsheet counts records — number them as records.
    numbered = [
        SubmissionRow(line=index, cells=row.cells) for index, row in enumerate(rows, start=2)
    ]
    return header, numbered


def _read_xlsx(data: bytes) -> tuple[list[str], list[SubmissionRow]]:
    # Imported lazily: openpyxl is only needed here.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise SubmissionFileError(_broken_xlsx()) from None
    try:
        # The first sheet holds the submissions; repeat groups would be on the others.
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [_cell_text(cell) for cell in next(values, ())]
        rows: list[SubmissionRow] = []
        for line, cells in enumerate(values, start=2):
            if not any(cell not in (None, "") for cell in cells):
                if line > MAX_ROWS * 10:  # a sheet that claims a million empty rows
                    break
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append(SubmissionRow(line=line, cells=tuple(_cell_text(c) for c in cells)))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise SubmissionFileError(_broken_xlsx()) from None
    finally:
        workbook.close()
    return header, rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
