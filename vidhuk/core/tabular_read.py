"""Tables into Vidhuk: one reader of the CSV and XLSX files staff upload (the twin of
`tabular.py`, which writes them).

The kind is judged by the content (`uploads.signature_of`): a ZIP container is read as an XLSX
workbook (its first sheet), an OLE2 one (.xls of Excel 97–2003) is refused with how to save it
anew, anything else is read as CSV text — UTF-8 with or without a BOM, or Windows-1251 as Excel in
Ukraine saves it, the delimiter «;» or «,» as the header shows. Each problem of the file as a
whole raises `TableFileError` with a message in plain Ukrainian; nothing is read further.

Rows are numbered as a spreadsheet numbers them (the header is row 1), so a message about
row 7 points at row 7 on the member's screen; wholly empty rows are dropped. Every cell is text:
dates of a workbook as ``YYYY-MM-DD``, whole numbers without «.0».

(The survey import of KoboToolbox/ODK exports and the catalog's CSV import still read with their
own code, older than this module.)
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

from . import uploads

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_COLUMNS = 200


class TableFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TableRow:
    line: int  # the spreadsheet's row number: the header is row 1
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    kind: str  # "csv" or "xlsx"
    sha256: str  # of the file's bytes


def table_read(data: bytes, *, max_bytes: int, max_rows: int) -> Table:
    """The table of an uploaded file's bytes, or `TableFileError`."""
    if len(data) > max_bytes:
        raise TableFileError(
            _(
                "Файл завеликий (%(size)s). Найбільший дозволений розмір — %(limit)s: "
                "розділіть таблицю на кілька файлів (наприклад, за місяць)."
            )
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)}
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise TableFileError(_("Файл порожній. Завантажте таблицю з рядком заголовків."))
    signature = uploads.signature_of(data)
    if signature == uploads.OLE2:
        raise TableFileError(
            _(
                "Це файл старого формату Excel (.xls). Збережіть його в Excel як «Книга Excel "
                "(.xlsx)» або «CSV UTF-8» і завантажте знову."
            )
        )
    if signature is not None and signature != uploads.ZIP:
        raise TableFileError(_not_a_table())
    kind = "xlsx" if signature == uploads.ZIP else "csv"
    header, rows = _read_xlsx(data, max_rows) if kind == "xlsx" else _read_csv(data, max_rows)
    columns = tuple(cell.replace("\ufeff", "").strip() for cell in header)
    while columns and not columns[-1]:
        columns = columns[:-1]
    if not columns:
        raise TableFileError(_("У файлі немає рядка заголовків. Додайте назви стовпців."))
    if len(columns) > MAX_COLUMNS:
        raise TableFileError(
            _("У файлі забагато стовпців (%(count)s; найбільше — %(limit)s).")
            % {"count": len(columns), "limit": MAX_COLUMNS}
        )
    if not rows:
        raise TableFileError(_("У файлі є лише рядок заголовків, жодного рядка даних."))
    return Table(
        columns=columns, rows=tuple(rows), kind=kind, sha256=hashlib.sha256(data).hexdigest()
    )


def _not_a_table() -> str:
    return _("Це не таблиця CSV чи XLSX. Завантажте вивантаження у форматі CSV або XLSX.")


def _too_many_rows(max_rows: int) -> TableFileError:
    return TableFileError(
        _("У файлі понад %(limit)s рядків. Розділіть таблицю на кілька файлів.")
        % {"limit": max_rows}
    )


def _decode(data: bytes) -> str:
    wrong = _(
        "Не вдалося прочитати текст файлу: кодування не UTF-8 і не Windows-1251 або це не "
        "таблиця. Збережіть таблицю як «CSV UTF-8» або XLSX і завантажте знову."
    )
    if data.startswith(_UTF16_BOMS) or uploads.looks_binary(data):
        raise TableFileError(wrong)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise TableFileError(wrong) from None
    if _CONTROL.search(text):
        raise TableFileError(wrong)
    return text


def _read_csv(data: bytes, max_rows: int) -> tuple[list[str], list[TableRow]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[TableRow] = []
    try:
        header = next(reader, [])
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            rows.append(TableRow(line=line, cells=tuple(cells)))
    except csv.Error:
        raise TableFileError(
            _(
                "Файл CSV пошкоджений (незакриті лапки або неправильні рядки). Збережіть "
                "таблицю ще раз."
            )
        ) from None
    return header, rows


def _read_xlsx(data: bytes, max_rows: int) -> tuple[list[str], list[TableRow]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = _(
        "Файл XLSX пошкоджений або не є книгою Excel: його не вдалося відкрити. Збережіть "
        "таблицю ще раз і завантажте знову."
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise TableFileError(broken) from None
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell_text(cell) for cell in next(values, ())]
        rows: list[TableRow] = []
        for line, cells in enumerate(values, start=2):
            if not any(cell not in (None, "") for cell in cells):
                if line > max_rows * 10:  # a sheet that claims a million empty rows
                    break
                continue
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            rows.append(TableRow(line=line, cells=tuple(_cell_text(c) for c in cells)))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise TableFileError(broken) from None
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
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
