"""CSV import of the catalogue, reading the file: encodings, delimiters, headers, cells, and
the values each column takes."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.catalog import csvio

from .csv_files import DATA, HEADER, UTF8_BYTES, UTF8_TEXT, fixture_rows, with_columns

# --- Reading the file -----------------------------------------------------------------------


def test_read_bytes_reads_a_utf8_comma_file_with_multiline_cells():
    # given the fixture saved as UTF-8 with commas
    # when it is read
    table = csvio.read_bytes(UTF8_BYTES)

    # then both rows are there, with their first lines and multi-line cells intact
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.columns == csvio.COLUMNS
    assert [(row.line, row.cells["code"]) for row in table.rows] == [(2, "00018"), (7, "01211")]
    assert table.rows[0].cells["documents"] == (
        "Заява\nПаспорт громадянина України одного з батьків\n"
        "Медичне свідоцтво про народження (форма № 103/о)"
    )
    assert (
        table.rows[0]
        .cells["legal_basis"]
        .endswith('Закон України "Про державну реєстрацію актів цивільного стану"')
    )


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        pytest.param(b"\xef\xbb\xbf" + UTF8_BYTES, "utf-8", ",", id="utf8-with-bom"),
        pytest.param(
            (DATA / "services_excel.csv").read_bytes(),
            "windows-1251",
            ";",
            id="excel-cp1251-semicolon",
        ),
        pytest.param(UTF8_TEXT.encode("cp1251"), "windows-1251", ",", id="cp1251-comma"),
        pytest.param(
            (DATA / "services_excel.csv").read_bytes().decode("cp1251").encode("utf-8"),
            "utf-8",
            ";",
            id="utf8-semicolon",
        ),
    ],
)
def test_read_bytes_detects_encoding_and_delimiter(data, encoding, delimiter):
    # given the same table saved another way
    # when it is read
    table = csvio.read_bytes(data)

    # then the encoding and delimiter are detected and the cells are the same as in UTF-8
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert [row.cells for row in table.rows] == fixture_rows()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"", "Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами.", id="empty"
        ),
        pytest.param(
            b"\xef\xbb\xbf\r\n",
            "Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами.",
            id="bom-only",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "Не вдалося прочитати файл: це не текстова CSV-таблиця в кодуванні UTF-8 або "
            "Windows-1251. Збережіть таблицю як «CSV UTF-8 (розділений комами)» і завантажте "
            "знову.",
            id="binary",
        ),
        pytest.param(
            HEADER.encode() + b"\n\x98\x98\x98",
            "Не вдалося прочитати файл: це не текстова CSV-таблиця в кодуванні UTF-8 або "
            "Windows-1251. Збережіть таблицю як «CSV UTF-8 (розділений комами)» і завантажте "
            "знову.",
            id="neither-utf8-nor-cp1251",
        ),
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00",
            "Це файл Excel, а не CSV. Відкрийте його в Excel і збережіть як «CSV UTF-8 "
            "(розділений комами)», тоді завантажте знову.",
            id="xlsx",
        ),
        pytest.param(
            HEADER.encode() + b'\n00018,"\xd0\x9d\xd0\xb0\xd0\xb7\xd0\xb2\xd0\xb0"x,',
            "Файл пошкоджений: не вдалося розібрати CSV у рядку 2. Перевірте лапки: значення з "
            "комами, крапками з комою чи переносами рядків мають бути взяті в подвійні лапки, а "
            "лапки всередині значення — подвоєні.",
            id="stray-quote",
        ),
        pytest.param(
            HEADER.encode() + b'\n00018,"unclosed\n\n\n',
            "Файл пошкоджений: не вдалося розібрати CSV у рядку 2. Перевірте лапки: значення з "
            "комами, крапками з комою чи переносами рядків мають бути взяті в подвійні лапки, а "
            "лапки всередині значення — подвоєні.",
            id="unclosed-quote",
        ),
        pytest.param(
            HEADER.replace("documents,", "").encode() + b"\n",
            "Бракує обов’язкових стовпців: documents.",
            id="missing-column",
        ),
        pytest.param(
            (HEADER + ",price,notes").encode() + b"\n",
            "Невідомі стовпці: price, notes. Дозволені назви стовпців: "
            + ", ".join(csvio.COLUMNS)
            + ".",
            id="unknown-columns",
        ),
        pytest.param(
            (HEADER + ",name").encode() + b"\n",
            "Стовпці повторюються: name. Кожен стовпець має бути один раз.",
            id="repeated-column",
        ),
        pytest.param(
            HEADER.encode() + b"\n\n",
            "У файлі немає жодної послуги: лише рядок заголовків.",
            id="header-only",
        ),
    ],
)
def test_read_bytes_refuses_a_bad_file_with_a_ukrainian_message(data, message):
    # given a file that cannot be imported
    # when it is read
    with pytest.raises(csvio.CsvFileError) as raised:
        csvio.read_bytes(data)

    # then the message says what is wrong, in Ukrainian
    assert raised.value.message == message


def test_read_bytes_refuses_more_rows_than_the_limit(settings):
    # given a limit of one service per file and a file with two
    settings.VIDHUK_CSV_IMPORT_MAX_ROWS = 1

    # when it is read
    with pytest.raises(csvio.CsvFileError) as raised:
        csvio.read_bytes(UTF8_BYTES)

    # then it is refused as a whole
    assert raised.value.message == (
        "У файлі понад 1 послуг. Розділіть таблицю на файли до 1 рядків і завантажте їх по черзі."
    )


def test_read_upload_refuses_a_file_over_the_size_limit(settings):
    # given a limit of 1 KB and a bigger upload
    settings.VIDHUK_CSV_IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("services.csv", UTF8_BYTES, content_type="text/csv")

    # when it is read
    with pytest.raises(csvio.CsvFileError) as raised:
        csvio.read_upload(upload)

    # then it is refused before parsing
    assert raised.value.message == (
        "Файл завеликий (2,5\xa0Кб). Найбільший дозволений розмір — 1,0\xa0Кб: "
        "розділіть таблицю на кілька файлів."
    )


def test_read_bytes_skips_blank_rows_and_counts_file_lines():
    # given blank lines between services
    data = UTF8_BYTES.replace(b"\n01211,", b"\n,,,\n\n01211,")

    # when it is read
    table = csvio.read_bytes(data)

    # then blank rows are skipped and line numbers still match the file
    assert [(row.line, row.cells["code"]) for row in table.rows] == [(2, "00018"), (9, "01211")]


# --- Values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        pytest.param("так", True, id="tak"),
        pytest.param("Так", True, id="Tak"),
        pytest.param("ні", False, id="ni"),
        pytest.param("true", True, id="true"),
        pytest.param("FALSE", False, id="FALSE"),
        pytest.param("1", True, id="1"),
        pytest.param("0", False, id="0"),
        pytest.param("yes", True, id="yes"),
        pytest.param("no", False, id="no"),
        pytest.param("", True, id="empty-is-default"),
    ],
)
def test_plan_import_reads_booleans(centre, offices, cell, value):
    # given a service whose "published" cell is written one of the accepted ways
    table = csvio.read_bytes(with_columns(is_published=cell))

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then the value is understood
    assert plan.rows[0].values["is_published"] is value


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        pytest.param("345", Decimal("345"), id="integer"),
        pytest.param("345.00", Decimal("345.00"), id="dot"),
        pytest.param("345,00", Decimal("345.00"), id="comma"),
        pytest.param("1 234,50", Decimal("1234.50"), id="thousands-space"),
    ],
)
def test_plan_import_reads_fee_amounts(centre, offices, cell, amount):
    # given a paid service whose amount is written one of the accepted ways
    table = csvio.read_bytes(with_columns(is_free="ні", fee_amount=cell))

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then the amount is understood and the row is valid
    assert plan.rows[0].action == csvio.RowAction.CREATE
    assert plan.rows[0].values["fee_amount"] == amount


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        pytest.param(
            {"is_free": "можливо"},
            "is_free",
            "Вкажіть «так» або «ні» (також можна true/false, 1/0, yes/no).",
            id="boolean",
        ),
        pytest.param(
            {"is_free": "ні", "fee_amount": "345 грн"},
            "fee_amount",
            "Вкажіть суму числом у гривнях, наприклад 345 або 345,00.",
            id="amount-with-text",
        ),
        pytest.param(
            {"is_free": "ні", "fee_amount": "345,005"},
            "fee_amount",
            "Переконайтеся, що тут не більше ніж 2 цифри після десяткової коми.",
            id="amount-three-decimals",
        ),
        pytest.param(
            {"max_term_days": "десять"},
            "max_term_days",
            "Вкажіть ціле число календарних днів, наприклад 10.",
            id="days-in-words",
        ),
        pytest.param(
            {"provider_email": "dracs at verbivka"},
            "provider_email",
            "Введіть коректну email адресу.",
            id="email",
        ),
        pytest.param(
            {"is_free": "так", "fee_amount": "100"},
            "fee_amount",
            "Безоплатна послуга не може мати розміру плати.",
            id="free-with-amount",
        ),
    ],
)
def test_plan_import_reports_a_bad_value_at_its_line_and_column(
    centre, offices, values, column, message
):
    # given a row with one bad value
    table = csvio.read_bytes(with_columns(**values))

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then the row is an error naming the line, the column and the rule
    assert plan.rows[0].action == csvio.RowAction.ERROR
    assert plan.errors == [csvio.RowError(2, column, message)]
