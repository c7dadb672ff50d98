"""CSV of the service catalog: reading."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vidhuk.core import uploads
from vidhuk.core.tabular import unescape_formula

from .common import (
    _BOM,
    _CONTROL_CHARACTER,
    COLUMNS,
    REQUIRED_COLUMNS,
    CsvFileError,
    max_bytes,
    max_rows,
    text_checksum,
)

# --- Reading the file -----------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line of the file where the row starts (the header is line 1)
    cells: dict[str, str]
    error: str = ""  # a problem of the row's shape (number of cells)


@dataclass(frozen=True)
class CsvTable:
    text: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    delimiter: str
    encoding: str

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)


def read_upload(upload: Any) -> CsvTable:
    """Read an uploaded file (Django `UploadedFile`) into a table, or raise `CsvFileError`."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise CsvFileError(_too_big_message(upload.size, limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CsvFileError(_too_big_message(upload.size or len(data), limit))
    return read_bytes(data)


def _too_big_message(size: int, limit: int) -> str:
    return _(
        "Файл завеликий (%(size)s). Найбільший дозволений розмір — %(limit)s: "
        "розділіть таблицю на кілька файлів."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}


def read_bytes(data: bytes) -> CsvTable:
    text, encoding = decode(data)
    return parse_text(text, encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or Windows-1251, the way Excel in Ukraine saves CSV."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise CsvFileError(_("Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."))
    if uploads.signature_of(data) in (uploads.ZIP, uploads.OLE2):  # .xlsx, or .xls of 97-2003
        raise CsvFileError(
            _(
                "Це файл Excel, а не CSV. Відкрийте його в Excel і збережіть як "
                "«CSV UTF-8 (розділений комами)», тоді завантажте знову."
            )
        )
    text, encoding = _decode_text(data)
    if text is None or _has_control_characters(text):
        raise CsvFileError(
            _(
                "Не вдалося прочитати файл: це не текстова CSV-таблиця в кодуванні UTF-8 або "
                "Windows-1251. Збережіть таблицю як «CSV UTF-8 (розділений комами)» і "
                "завантажте знову."
            )
        )
    return text.removeprefix(_BOM), encoding


def _decode_text(data: bytes) -> tuple[str | None, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "windows-1251"
    except UnicodeDecodeError:
        return None, ""


def _has_control_characters(text: str) -> bool:
    """Binary content decodes to control characters; a text table has none but line breaks."""
    return _CONTROL_CHARACTER.search(text) is not None


def sniff_delimiter(text: str) -> str:
    """`,` or `;`, whichever separates the header's names (Excel in Ukraine writes `;`)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_text(text: str, *, encoding: str = "utf-8") -> CsvTable:
    """Split decoded text into rows keyed by column, checking the header and the row count."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    start = 1  # the line where the record being read starts
    try:
        columns = _check_header(next(reader, None))
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _check_row_count(len(rows) + 1)
                rows.append(_row(start, cells, columns))
            start = reader.line_num + 1
    except csv.Error as error:
        raise CsvFileError(
            _(
                "Файл пошкоджений: не вдалося розібрати CSV у рядку %(line)s. Перевірте лапки: "
                "значення з комами, крапками з комою чи переносами рядків мають бути взяті в "
                "подвійні лапки, а лапки всередині значення — подвоєні."
            )
            % {"line": start}
        ) from error
    if not rows:
        raise CsvFileError(_("У файлі немає жодної послуги: лише рядок заголовків."))
    return CsvTable(
        text=text, columns=columns, rows=tuple(rows), delimiter=delimiter, encoding=encoding
    )


def _check_header(header: list[str] | None) -> tuple[str, ...]:
    names = tuple(name.strip().lower() for name in header or [])
    if not any(names):
        raise CsvFileError(_("Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."))
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise CsvFileError(
            _("Невідомі стовпці: %(unknown)s. Дозволені назви стовпців: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise CsvFileError(
            _("Стовпці повторюються: %(columns)s. Кожен стовпець має бути один раз.")
            % {"columns": ", ".join(repeated)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise CsvFileError(
            _("Бракує обов’язкових стовпців: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return names


def _check_row_count(count: int) -> None:
    limit = max_rows()
    if count > limit:
        raise CsvFileError(
            _(
                "У файлі понад %(limit)s послуг. Розділіть таблицю на файли до %(limit)s "
                "рядків і завантажте їх по черзі."
            )
            % {"limit": limit}
        )


def _row(line: int, cells: list[str], columns: tuple[str, ...]) -> CsvRow:
    error = ""
    if len(cells) < len(columns):
        error = _(
            "У рядку %(found)s значень, а в заголовку %(expected)s стовпців. Можливо, "
            "не закрито лапки в попередньому значенні."
        ) % {"found": len(cells), "expected": len(columns)}
    elif any(cell.strip() for cell in cells[len(columns) :]):
        error = _(
            "У рядку більше значень (%(found)s), ніж стовпців у заголовку (%(expected)s)."
        ) % {
            "found": len(cells),
            "expected": len(columns),
        }
    if not error and any(
        cell.strip() for name, cell in zip(columns, cells, strict=False) if not name
    ):
        error = _("Значення стоїть у стовпці без назви в заголовку.")
    values = {
        name: unescape_formula(cell) for name, cell in zip(columns, cells, strict=False) if name
    }
    return CsvRow(line=line, cells=values, error=error)
