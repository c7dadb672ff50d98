"""CSV import and export of the catalog: reading files, planning, applying, exporting."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.catalog import csvio
from vidhuk.catalog.models import Category, LifeSituation, Service
from vidhuk.catalog.tests.factories import CategoryFactory, LifeSituationFactory, ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory

DATA = Path(__file__).parent / "data"
UTF8_BYTES = (DATA / "services.csv").read_bytes()
UTF8_TEXT = UTF8_BYTES.decode("utf-8")
HEADER = ",".join(csvio.COLUMNS)


def fixture_rows() -> list[dict[str, str]]:
    return [row.cells for row in csvio.read_bytes(UTF8_BYTES).rows]


def with_columns(**values: str) -> bytes:
    """A one-service file: the birth registration row of the fixture with some cells replaced."""
    cells = {**fixture_rows()[0], **values}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csvio.COLUMNS)
    writer.writerow([cells[column] for column in csvio.COLUMNS])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def offices(centre):
    return [
        OfficeFactory(centre=centre, slug="main", name="Головний офіс ЦНАП"),
        OfficeFactory(centre=centre, slug="starosta-luhove", name="Лугівський старостат"),
    ]


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


# --- Planning ---------------------------------------------------------------------------------


def test_plan_import_of_new_services_lists_creations_and_writes_nothing(centre, offices):
    # given an empty catalog
    table = csvio.read_bytes(UTF8_BYTES)

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then both rows would be created, new categories and situations are named, nothing written
    assert [(row.code, row.action) for row in plan.rows] == [
        ("00018", csvio.RowAction.CREATE),
        ("01211", csvio.RowAction.CREATE),
    ]
    assert plan.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert plan.new_categories == [
        "Реєстрація актів цивільного стану",
        "Реєстрація місця проживання",
    ]
    assert plan.new_life_situations == ["Народження дитини", "Переїзд"]
    assert (Service.objects.count(), Category.objects.count(), LifeSituation.objects.count()) == (
        0,
        0,
        0,
    )
    assert AuditEvent.objects.count() == 0


def test_plan_import_reports_each_bad_row_with_its_line_and_column(centre, offices):
    # given a file with one good row, a row without a name, a paid row without an amount,
    # a row with an unknown office and a row repeating the first code
    table = csvio.read_bytes((DATA / "bad_rows.csv").read_bytes())

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then every bad row is reported at the line where it starts in the file
    assert [(row.line, row.action) for row in plan.rows] == [
        (2, csvio.RowAction.CREATE),
        (7, csvio.RowAction.ERROR),
        (12, csvio.RowAction.ERROR),
        (16, csvio.RowAction.ERROR),
        (21, csvio.RowAction.ERROR),
    ]
    assert plan.errors == [
        csvio.RowError(7, "name", "Це поле не може бути порожнім."),
        csvio.RowError(12, "fee_amount", "Вкажіть розмір плати за платну послугу."),
        csvio.RowError(
            16,
            "offices",
            "Офісу з ідентифікатором «nemaie-takoho» немає в цьому центрі. "
            "Наявні офіси: main, starosta-luhove.",
        ),
        csvio.RowError(21, "code", "Код «00018» уже є в рядку 2 цього файлу."),
    ]
    assert plan.valid_count == 1
    assert Service.objects.count() == 0


def test_plan_import_reports_a_row_with_too_few_cells(centre, offices):
    # given a row cut short
    data = HEADER.encode() + b"\n00018,\xd0\x9d\xd0\xb0\xd0\xb7\xd0\xb2\xd0\xb0\n"

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=csvio.read_bytes(data))

    # then the whole row is an error
    assert plan.errors == [
        csvio.RowError(
            2,
            "",
            "У рядку 2 значень, а в заголовку 27 стовпців. Можливо, не закрито лапки в "
            "попередньому значенні.",
        )
    ]


def test_plan_import_matches_existing_services_by_code_within_the_centre(
    centre, other_centre, offices
):
    # given the birth registration already in this centre under another name,
    # and the residence code used by another centre
    ServiceFactory(centre=centre, code="00018", name="Стара назва")
    ServiceFactory(centre=other_centre, code="01211")
    table = csvio.read_bytes(UTF8_BYTES)

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=table)

    # then the first row updates this centre's service and the second creates a new one
    assert [(row.code, row.action) for row in plan.rows] == [
        ("00018", csvio.RowAction.UPDATE),
        ("01211", csvio.RowAction.CREATE),
    ]
    assert "name" in plan.rows[0].changed
    assert "documents" in plan.rows[0].changed


def test_plan_import_optional_columns_left_out_keep_existing_values(centre, offices):
    # given an existing service and a file with only the required columns plus keywords
    category = CategoryFactory(centre=centre, name="Соціальний захист")
    ServiceFactory(centre=centre, code="00018", category=category, keywords="старе")
    columns = [*csvio.REQUIRED_COLUMNS, "keywords"]
    cells = fixture_rows()[0]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, [cells[c] for c in columns]])

    # when the import is planned
    plan = csvio.plan_import(centre=centre, table=csvio.read_bytes(buffer.getvalue().encode()))

    # then only the given columns are compared: the category is not touched
    assert plan.rows[0].action == csvio.RowAction.UPDATE
    assert "category" not in plan.rows[0].changed
    assert "keywords" in plan.rows[0].changed


# --- Applying ---------------------------------------------------------------------------------


def preview(centre, data: bytes = UTF8_BYTES) -> tuple[str, csvio.ImportPlan]:
    table = csvio.read_bytes(data)
    return table.text, csvio.plan_import(centre=centre, table=table)


def test_import_apply_creates_services_with_relations_and_one_audit_event(
    centre, offices, staff_client
):
    # given a previewed file of two new services
    _client, membership = staff_client()
    text, plan = preview(centre)

    # when it is applied
    result = csvio.import_apply(
        centre=centre,
        text=text,
        expected_digest=plan.digest,
        only_valid=False,
        actor=membership.user,
        filename="services.csv",
    )

    # then both services exist with their relations and one import event is recorded
    assert result == csvio.ImportResult(created=2, updated=0, unchanged=0, skipped=0)
    residence = Service.objects.get(centre=centre, code="01211")
    assert residence.fee_amount == Decimal("345.00")
    assert residence.is_free is False
    assert residence.is_published is False
    assert residence.category.name == "Реєстрація місця проживання"
    assert sorted(s.name for s in residence.life_situations.all()) == [
        "Народження дитини",
        "Переїзд",
    ]
    assert sorted(o.slug for o in residence.offices.all()) == ["main", "starosta-luhove"]
    import_events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert import_events.count() == 1
    assert import_events.get().changes["created_codes"] == ["00018", "01211"]
    assert (import_events.get().changes["created"], import_events.get().object_repr) == (
        2,
        "services.csv",
    )
    assert (
        AuditEvent.objects.filter(object_type="catalog.service")
        .exclude(action=AuditAction.IMPORT)
        .count()
        == 0
    )


def test_import_apply_updates_only_the_changed_fields_of_an_existing_service(
    centre, offices, staff_client
):
    # given the residence service exists and the file changes its fee only
    _client, membership = staff_client()
    text, plan = preview(centre)
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )
    changed = UTF8_BYTES.replace(b"345,00", b"400")
    text, plan = preview(centre, changed)

    # when the new file is applied
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )

    # then one service is updated, the other is unchanged, and no service is added
    assert [(row.code, row.changed) for row in plan.rows if row.changed] == [
        ("01211", ["fee_amount"])
    ]
    assert result == csvio.ImportResult(created=0, updated=1, unchanged=1, skipped=0)
    assert Service.objects.get(code="01211").fee_amount == Decimal("400.00")
    assert Service.objects.count() == 2


def test_import_apply_with_errors_writes_nothing_unless_only_valid_rows_are_chosen(centre, offices):
    # given a previewed file with one valid row and four bad ones
    text, plan = preview(centre, (DATA / "bad_rows.csv").read_bytes())

    # when it is applied without choosing "only valid rows"
    with pytest.raises(ValueError, match="only valid rows"):
        csvio.import_apply(
            centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
        )

    # then nothing is written
    assert (Service.objects.count(), Category.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_apply_of_only_valid_rows_creates_them_and_skips_the_rest(centre, offices):
    # given a previewed file with one valid row and four bad ones
    text, plan = preview(centre, (DATA / "bad_rows.csv").read_bytes())

    # when only the valid rows are applied
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=True, actor=None
    )

    # then the valid row is created and the bad rows are counted as skipped
    assert result == csvio.ImportResult(created=1, updated=0, unchanged=0, skipped=4)
    assert list(Service.objects.values_list("code", "name")) == [
        ("00018", "Державна реєстрація народження дитини")
    ]


def test_import_apply_refuses_when_the_catalog_changed_after_the_preview(centre, offices):
    # given a preview of two creations, then someone adds one of the services by hand
    text, plan = preview(centre)
    ServiceFactory(centre=centre, code="00018")

    # when the preview is applied
    with pytest.raises(csvio.ImportPlanChanged) as raised:
        csvio.import_apply(
            centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
        )

    # then nothing is written and the new plan says what the file would do now
    assert Service.objects.count() == 1
    assert raised.value.plan.counts == {"create": 1, "update": 1, "unchanged": 0, "error": 0}


def test_import_apply_twice_creates_no_duplicates(centre, offices):
    # given a file applied once
    text, plan = preview(centre)
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )
    _text, second_plan = preview(centre)

    # when the same file is applied again
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=second_plan.digest, only_valid=False, actor=None
    )

    # then every row is unchanged and there are still two services and two categories
    assert result == csvio.ImportResult(created=0, updated=0, unchanged=2, skipped=0)
    assert (Service.objects.count(), Category.objects.count()) == (2, 2)


def test_import_reuses_existing_categories_and_situations_ignoring_case(centre, offices):
    # given the category and one life situation exist, spelt in another case
    CategoryFactory(centre=centre, name="реєстрація актів цивільного стану")
    LifeSituationFactory(centre=centre, name="НАРОДЖЕННЯ ДИТИНИ")
    text, plan = preview(centre)

    # when the file is applied
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )

    # then only the missing ones are created
    assert plan.new_categories == ["Реєстрація місця проживання"]
    assert plan.new_life_situations == ["Переїзд"]
    assert (Category.objects.count(), LifeSituation.objects.count()) == (2, 2)


# --- Export -----------------------------------------------------------------------------------


def catalog(centre, offices):
    category = CategoryFactory(centre=centre, name="Соціальний захист")
    situations = [LifeSituationFactory(centre=centre, name=n) for n in ("Переїзд", "Інвалідність")]
    paid = ServiceFactory(
        centre=centre,
        code="P-1",
        category=category,
        is_free=False,
        fee_amount=Decimal("345.00"),
        documents="Заява\r\nПаспорт, ID-картка\r\nДовідка «про доходи»",
        keywords='"айді", паспорт',
        is_published=False,
    )
    paid.life_situations.set(situations)
    paid.offices.set(offices)
    free = ServiceFactory(centre=centre, code="F-1", provider_phone="+380 53 000 00 01")
    return [paid, free]


def test_export_lines_start_with_a_bom_and_the_header_then_every_service(centre, offices):
    # given two services
    catalog(centre, offices)

    # when the catalog is exported
    text = "".join(csvio.export_lines(centre=centre))

    # then Excel gets a BOM, the header and one record per service, ordered by code
    assert text.startswith("\ufeff" + HEADER + "\r\n")
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [record[0] for record in records] == ["code", "F-1", "P-1"]
    paid = dict(zip(csvio.COLUMNS, records[2], strict=True))
    assert paid["documents"] == "Заява\nПаспорт, ID-картка\nДовідка «про доходи»"
    assert (paid["is_free"], paid["fee_amount"], paid["is_published"]) == ("ні", "345.00", "ні")
    assert paid["life_situations"] == "Інвалідність; Переїзд"
    assert paid["offices"] == "main; starosta-luhove"


def test_export_lines_read_in_a_fixed_number_of_queries(centre, offices, django_assert_num_queries):
    # given forty services with relations
    for service in [ServiceFactory(centre=centre) for _ in range(40)]:
        service.offices.set(offices)

    # when the export is consumed
    # then services, life situations and offices take one query each
    with django_assert_num_queries(3):
        text = "".join(csvio.export_lines(centre=centre))
    assert text.count("\r\n") == 41


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_export_then_import_changes_nothing(centre, offices, delimiter):
    # given a catalog with multi-line text, quotes, a paid service and relations
    catalog(centre, offices)
    exported = "".join(csvio.export_lines(centre=centre, delimiter=delimiter)).encode("utf-8")

    # when the export is planned as an import into the same centre
    plan = csvio.plan_import(centre=centre, table=csvio.read_bytes(exported))

    # then every row is unchanged
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


def test_export_record_writes_one_export_event(centre, offices):
    # given two services
    catalog(centre, offices)

    # when an export is recorded
    count = csvio.export_record(centre=centre, actor=None)

    # then the event says how many services left
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (count, event.changes, event.centre) == (2, {"services": 2, "format": "csv"}, centre)


def test_export_defuses_formulas_and_import_restores_the_text(centre, offices):
    # given a service whose texts start like spreadsheet formulas
    ServiceFactory(
        centre=centre,
        code="F-2",
        name='=HYPERLINK("http://evil.example";"Натисніть")',
        keywords="-знижка, +пільга",
    )

    # when the catalog is exported and the file imported back
    text = "".join(csvio.export_lines(centre=centre))
    plan = csvio.plan_import(centre=centre, table=csvio.read_bytes(text.encode("utf-8")))

    # then a spreadsheet sees text, not a formula, and the import changes nothing
    record = dict(zip(csvio.COLUMNS, list(csv.reader(io.StringIO(text[1:])))[1], strict=True))
    assert record["name"] == '\'=HYPERLINK("http://evil.example";"Натисніть")'
    assert record["keywords"] == "'-знижка, +пільга"
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 1, "error": 0}
