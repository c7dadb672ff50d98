"""CSV import of the catalogue, planning: what an import would create and change, and each
bad row with its line and column; nothing is written."""

import csv
import io

from vidhuk.catalog import csvio
from vidhuk.catalog.models import Category, LifeSituation, Service
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.models import AuditEvent

from .csv_files import DATA, HEADER, UTF8_BYTES, fixture_rows

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
