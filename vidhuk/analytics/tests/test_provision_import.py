"""Importing a case-system export: the columns matched by their headers, every bad row named
with its number and reason, all or nothing unless bad rows are skipped, a file imported once and
a case never twice; through the staff pages (upload → preview → import → summary)."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from vidhuk.accounts.choices import Role
from vidhuk.analytics.imports import guess_mapping
from vidhuk.analytics.models import ProvisionImport, ServiceProvision
from vidhuk.analytics.services.provisions_import import ImportRowsInvalid, provisions_import
from vidhuk.core.models import AuditEvent
from vidhuk.core.tabular_read import TableFileError, table_read

from .provision_fixtures import *  # noqa: F403 — the register's fixtures
from .provision_fixtures import NOW

pytestmark = pytest.mark.django_db
URL = "/staff/verbivka/analytics/provisions/import/"

GOOD_AND_BAD = (
    "Номер справи;Дата надання;Код послуги;Офіс;Спосіб звернення;Результат;Стать;Вік\n"
    "С-1;02.02.2026;P-001;Головний офіс;особисто;надано;ж;34\n"
    "С-2;2026-02-03;Витяг з земельного кадастру;;поштою;відмовлено;;\n"
    "С-3;31.02.2026;P-001;;;;;\n"
    "С-4;03.02.2026;X-999;Десь;телепатично;надано;ч;\n"
    "С-5;04.02.2026;L-002;;онлайн;консультація;чоловік;60 років і більше\n"
)


def _table(text=GOOD_AND_BAD):
    return table_read(text.encode("utf-8"), max_bytes=10**6, max_rows=100)


def _import(centre, *, table=None, skip_bad=False):
    table = table or _table()
    return provisions_import(
        centre=centre,
        table=table,
        mapping=guess_mapping(table.columns),
        skip_bad=skip_bad,
        file_name="справи.csv",
        actor=None,
    )


def test_the_headers_are_matched_to_the_fields():
    mapping = guess_mapping(_table().columns)

    assert mapping["case"] == 0
    assert (mapping["provided_on"], mapping["service"], mapping["office"]) == (1, 2, 3)
    assert (mapping["sex"], mapping["age_group"], mapping["idp"]) == (6, 7, -1)


def test_all_or_nothing_refuses_a_file_with_bad_rows_naming_each(
    centre, office, passport, land, now
):
    with pytest.raises(ImportRowsInvalid) as refused:
        _import(centre)

    errors = refused.value.check.bad_rows
    assert [row.line for row in errors] == [4, 5]
    assert errors[0].errors == ["Рядок 4: «31.02.2026» — не дата; вкажіть дату як 31.01.2026."]
    assert errors[1].errors == [
        "Рядок 5: послуги «X-999» немає в переліку послуг центру (шукали за кодом і назвою).",
        "Рядок 5: офісу «Десь» немає серед офісів центру.",
        "Рядок 5: «телепатично» у стовпці «Спосіб звернення» не розпізнано; можна: «особисто», "
        "«поштою», «онлайн».",
    ]
    assert ServiceProvision.objects.count() == 0
    assert ProvisionImport.objects.count() == 0


def test_skipping_bad_rows_imports_the_good_ones_as_read(centre, office, passport, land, now):
    batch = _import(centre, skip_bad=True)

    stored = list(ServiceProvision.objects.order_by("provided_on"))
    assert [
        (p.provided_on.isoformat(), p.service, p.office, p.channel, p.result, p.sex, p.age_group)
        for p in stored
    ] == [
        ("2026-02-02", passport, office, "in_person", "provided", "female", "18_35"),
        ("2026-02-03", land, None, "post", "refused", "", ""),
        ("2026-02-04", land, None, "online", "consultation", "male", "60_plus"),
    ]
    assert {p.source for p in stored} == {"import"}
    # The case number is never stored: only its keyed hash.
    assert all(len(p.source_key) == 64 and "С-" not in p.source_key for p in stored)
    assert (batch.rows_total, batch.rows_imported, batch.rows_skipped) == (5, 3, 2)
    assert [line for line, _message in batch.mapping["skipped"]] == [4, 5, 5, 5]
    assert AuditEvent.objects.filter(action="import", object_id=str(batch.pk)).count() == 1


def test_the_same_file_is_imported_once(centre, office, passport, land, now):
    _import(centre, skip_bad=True)

    with pytest.raises(ValidationError) as refused:
        _import(centre, skip_bad=True)

    assert "Цей файл уже імпортовано" in refused.value.messages[0]
    assert ServiceProvision.objects.count() == 3


def test_a_case_of_an_earlier_export_is_not_imported_again(centre, office, passport, land, now):
    _import(centre, skip_bad=True)
    overlapping = (
        "Номер справи;Дата надання;Код послуги\nС-1;02.02.2026;P-001\nС-9;05.02.2026;P-001\n"
    )

    batch = _import(centre, table=_table(overlapping))

    assert (batch.rows_imported, batch.rows_skipped) == (1, 1)
    assert batch.mapping["already_in_register"] == 1
    assert ServiceProvision.objects.count() == 4


def test_an_xlsx_export_is_read_with_real_dates(centre, passport, now):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Дата", "Послуга", "ВПО"])
    sheet.append([NOW.replace(tzinfo=None), "P-001", "так"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = table_read(buffer.getvalue(), max_bytes=10**6, max_rows=100)

    _import(centre, table=table)

    stored = ServiceProvision.objects.get()
    assert (stored.provided_on, stored.service, stored.idp) == (NOW.date(), passport, True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "Файл порожній.", id="empty"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "старого формату Excel", id="xls"),
        pytest.param("Дата;Послуга\n".encode(), "лише рядок заголовків", id="header-only"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_in_words(content, message):
    with pytest.raises(TableFileError) as refused:
        table_read(content, max_bytes=10**6, max_rows=100)

    assert message in refused.value.message


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The uploaded file waits in MEDIA_ROOT between preview and import: a folder of this test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, text=GOOD_AND_BAD, name="справи.csv"):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return client.post(URL, {"file": upload})


def test_upload_preview_import_and_summary(staff_client, office, passport, land, now, media_root):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    uploaded = _upload(client)
    preview = client.get(uploaded["Location"])
    page = preview.content.decode()
    token = uploaded["Location"].split("token=")[1]
    mapping = {f"column_{name}": str(i) for name, i in guess_mapping(_table().columns).items()}
    refused = client.post(
        f"{URL}preview/", {"token": token, "mode": "all", "import": "1", **mapping}
    )
    imported = client.post(
        f"{URL}preview/", {"token": token, "mode": "skip_bad", "import": "1", **mapping}
    )
    again = client.post(
        f"{URL}preview/", {"token": token, "mode": "skip_bad", "import": "1", **mapping}
    )
    summary = client.get(imported["Location"]).content.decode()

    assert preview.status_code == 200
    assert '<dd class="govuk-summary-list__value" data-count="valid">3</dd>' in page
    assert "Рядок 4: «31.02.2026» — не дата" in page
    assert refused.status_code == 400
    assert "Нічого не імпортовано: рядків з помилками — 2." in refused.content.decode()
    assert again["Location"] == imported["Location"]  # a double submit: one import
    assert ServiceProvision.objects.count() == 3
    assert list((media_root / "provision-imports").iterdir()) == []  # the waiting file is gone
    assert '<dd class="govuk-summary-list__value" data-count="imported">3</dd>' in summary
    assert "Рядок 5: офісу «Десь» немає серед офісів центру." in summary


def test_a_file_imported_before_is_refused_at_upload(staff_client, office, passport, land, now):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    _import(office.centre, skip_bad=True)

    response = _upload(client)

    assert response.status_code == 400
    assert "Цей файл уже імпортовано" in response.content.decode()
    assert ProvisionImport.objects.count() == 1
