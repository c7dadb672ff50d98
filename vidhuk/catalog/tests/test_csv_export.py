"""CSV export of the catalogue."""

import csv
import io
from decimal import Decimal

import pytest

from vidhuk.catalog import csvio
from vidhuk.catalog.tests.factories import CategoryFactory, LifeSituationFactory, ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

from .csv_files import HEADER

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
