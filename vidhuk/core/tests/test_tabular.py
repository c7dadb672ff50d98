"""The one CSV/XLSX writer of every export: read back as a spreadsheet program would."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from vidhuk.core import tabular

HEADER = ["Дата", "Послуга", "Хвилин"]


def _read(lines: Iterator[str]) -> tuple[str, list[list[str]]]:
    text = "".join(lines)
    return text, list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";")
    )


def test_csv_opens_in_excel_as_utf8_semicolons_and_crlf():
    text, rows = _read(tabular.csv_lines(HEADER, [["2026-03-02", "Паспорт, ID-картка", 12]]))

    # The BOM makes Excel read the Cyrillic; «;» splits the columns under a Ukrainian locale.
    assert text.startswith("\ufeffДата;Послуга;Хвилин\r\n")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert rows == [HEADER, ["2026-03-02", "Паспорт, ID-картка", "12"]]


@pytest.mark.parametrize("cell", ["=1+1", "+380", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_keeps_every_formula_looking_cell_as_text(cell):
    _text, rows = _read(tabular.csv_lines(HEADER, [[cell, None, -5]]))

    # An apostrophe in front: the spreadsheet shows the text and runs nothing.
    assert rows[1] == ["'" + cell, "", "-5"]
    assert tabular.unescape_formula(rows[1][0]) == cell


def test_an_apostrophe_the_user_typed_is_left_alone():
    assert tabular.escape_formula("'цитата'") == "'цитата'"
    assert tabular.unescape_formula("'цитата'") == "'цитата'"


def test_csv_response_is_a_named_private_download():
    response = tabular.csv_response(
        header=HEADER, rows=[["=1+1", "x", 1]], filename="queue-20260302-20260302.csv"
    )

    body = b"".join(response.streaming_content).decode("utf-8")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="queue-20260302-20260302.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert body.splitlines()[1] == "'=1+1;x;1"


def test_a_hundred_thousand_rows_stream_without_being_built_in_memory():
    produced = 0

    def rows() -> Iterator[list[object]]:
        nonlocal produced
        for number in range(100_000):
            produced += 1
            yield [f"{number}", "Послуга", number]

    lines = tabular.csv_lines(HEADER, rows())
    header = next(lines)
    first = next(lines)

    # The first chunk leaves before the generator has gone past it: nothing collects the rows.
    assert header.startswith("\ufeffДата")
    assert first.count("\r\n") == tabular.CHUNK_ROWS
    assert produced <= tabular.CHUNK_ROWS + 1
    rest = sum(chunk.count("\r\n") for chunk in lines)
    assert (produced, tabular.CHUNK_ROWS + rest) == (100_000, 100_000)


def test_xlsx_holds_dates_as_dates_formulas_as_text_and_drops_control_characters():
    handle = tabular.xlsx_file(
        header=HEADER,
        rows=[
            [dt.date(2026, 4, 1), "=1+1", 7],
            # XLSX holds wall-clock time: the caller passes the centre's local time.
            [
                dt.datetime(2026, 4, 1, 9, 30),  # noqa: DTZ001
                "Довідка\x07 з\x00 печаткою",
                None,
            ],
        ],
        sheet_title="Відповіді",
        about_title="Про файл",
        about=[["Опитування відвідувачів"]],
    )

    workbook = load_workbook(handle)
    sheet = workbook["Відповіді"]
    assert [c.value for c in sheet[1]] == HEADER
    date, formula, number = sheet[2]
    assert (date.value, date.is_date, date.number_format) == (
        dt.datetime(2026, 4, 1),  # noqa: DTZ001
        True,
        "DD.MM.YYYY",
    )
    # Text, not a formula, and no apostrophe shown: Excel never runs it.
    assert (formula.value, formula.data_type) == ("=1+1", "s")
    assert number.value == 7
    moment, pasted, empty = sheet[3]
    assert (moment.is_date, moment.number_format) == (True, "DD.MM.YYYY HH:MM")
    assert pasted.value == "Довідка з печаткою"
    assert empty.value is None
    assert workbook["Про файл"]["A1"].value == "Опитування відвідувачів"


def test_xlsx_response_is_a_named_private_download():
    response = tabular.xlsx_response(
        header=HEADER, rows=[["a", "b", 1]], filename="survey-2026-04-01.xlsx", sheet_title="Аркуш"
    )

    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="survey-2026-04-01.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    assert load_workbook(io.BytesIO(body))["Аркуш"]["A2"].value == "a"
