"""CSV import and export pages of the back office."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.catalog import csvio
from vidhuk.catalog.models import Category, Service
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory

DATA = Path(__file__).parent / "data"
SERVICES_CSV = (DATA / "services.csv").read_bytes()
BAD_ROWS_CSV = (DATA / "bad_rows.csv").read_bytes()
HEADER = ",".join(csvio.COLUMNS)


@pytest.fixture
def offices(centre):
    return [
        OfficeFactory(centre=centre, slug="main", name="Головний офіс ЦНАП"),
        OfficeFactory(centre=centre, slug="starosta-luhove", name="Лугівський старостат"),
    ]


@pytest.fixture
def administrator(staff_client):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    return client


def url(name: str, centre) -> str:
    return reverse(f"catalog_staff:{name}", kwargs={"centre_slug": centre.slug})


def upload(client, centre, content: bytes, name: str = "services.csv"):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(url("import", centre), {"file": file})


def confirm(client, response, mode: str = "all"):
    form = response.context["confirm_form"]
    return client.post(
        url("import_confirm", response.context["centre"]),
        {"preview": form["preview"].value(), "checksum": form["checksum"].value(), "mode": mode},
    )


def page_text(response) -> str:
    return response.content.decode()


# --- Upload and preview ----------------------------------------------------------------------


def test_import_page_shows_the_upload_form(centre, administrator):
    # given an administrator of the centre
    # when they open the import page
    response = administrator.get(url("import", centre))

    # then the upload form and the export link are there
    assert response.status_code == 200
    assert 'type="file"' in page_text(response)
    assert 'class="govuk-file-upload"' in page_text(response)
    assert url("export", centre) in page_text(response)


def test_upload_shows_a_preview_and_writes_nothing(centre, offices, administrator):
    # given an existing service that the file changes
    ServiceFactory(centre=centre, code="00018", name="Стара назва")

    # when the file is uploaded
    response = upload(administrator, centre, SERVICES_CSV)

    # then the preview says one update and one creation, and the catalog is untouched
    assert response.status_code == 200
    assert response.context["counts"] == {"create": 1, "update": 1, "unchanged": 0, "error": 0}
    assert (
        "Буде створено нові категорії: Реєстрація актів цивільного стану, "
        "Реєстрація місця проживання." in page_text(response)
    )
    assert list(Service.objects.values_list("code", "name")) == [("00018", "Стара назва")]
    assert Category.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"\x00\x01\x02\x03binary",
            "Не вдалося прочитати файл: це не текстова CSV-таблиця в кодуванні UTF-8 або "
            "Windows-1251. Збережіть таблицю як «CSV UTF-8 (розділений комами)» і завантажте "
            "знову.",
            id="binary",
        ),
        pytest.param(
            HEADER.encode() + b'\n00018,"x"y,',
            "Файл пошкоджений: не вдалося розібрати CSV у рядку 2.",
            id="malformed",
        ),
        pytest.param(
            HEADER.replace(",name", "").encode() + b"\n00018\n",
            "Бракує обов’язкових стовпців: name.",
            id="missing-column",
        ),
        pytest.param(
            (HEADER + ",price").encode() + b"\n",
            "Невідомі стовпці: price.",
            id="unknown-column",
        ),
    ],
)
def test_upload_of_a_bad_file_shows_the_error_at_the_field_and_writes_nothing(
    centre, administrator, content, message
):
    # given one service in the catalog
    ServiceFactory(centre=centre)

    # when a bad file is uploaded
    response = upload(administrator, centre, content)

    # then the upload form comes back with the message in the summary and at the field
    assert response.status_code == 200
    assert response.templates[0].name == "catalog/staff/import.html"
    assert page_text(response).count(message) == 2
    assert 'class="govuk-error-summary"' in page_text(response)
    assert Service.objects.count() == 1
    assert f"catalog_import:{centre.pk}" not in administrator.session


def test_upload_of_an_empty_file_says_it_is_empty(centre, administrator):
    # given an empty file
    # when it is uploaded
    response = upload(administrator, centre, b"")

    # then the field says so
    assert response.context["form"].errors == {
        "file": ["Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."]
    }
    assert Service.objects.count() == 0


def test_upload_over_the_size_limit_is_refused(centre, administrator, settings):
    # given a limit smaller than the file
    settings.VIDHUK_CSV_IMPORT_MAX_BYTES = 1024

    # when the file is uploaded
    response = upload(administrator, centre, SERVICES_CSV)

    # then the field says how big it may be, and nothing is written
    assert response.context["form"].errors == {
        "file": [
            "Файл завеликий (2,5\xa0Кб). Найбільший дозволений розмір — 1,0\xa0Кб: "
            "розділіть таблицю на кілька файлів."
        ]
    }
    assert Service.objects.count() == 0


def test_upload_over_the_row_limit_is_refused(centre, administrator, settings):
    # given a limit of one service per file
    settings.VIDHUK_CSV_IMPORT_MAX_ROWS = 1

    # when a file of two services is uploaded
    response = upload(administrator, centre, SERVICES_CSV)

    # then the field says so
    assert response.context["form"].errors == {
        "file": [
            "У файлі понад 1 послуг. Розділіть таблицю на файли до 1 рядків і завантажте їх "
            "по черзі."
        ]
    }


def test_upload_with_bad_rows_lists_each_error_and_offers_the_valid_rows(
    centre, offices, administrator
):
    # given a file with one valid row and four bad ones
    # when it is uploaded
    response = upload(administrator, centre, BAD_ROWS_CSV)

    # then each error is listed with line and column, and only the "valid rows" button is offered
    text = page_text(response)
    assert response.status_code == 200
    assert response.context["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 4}
    assert "Рядок 7, стовпець name (назва послуги): Це поле не може бути порожнім." in text
    assert (
        "Рядок 12, стовпець fee_amount (розмір плати, грн): "
        "Вкажіть розмір плати за платну послугу." in text
    )
    assert "Рядок 16, стовпець offices (де надається): Офісу з ідентифікатором" in text
    assert "Рядок 21, стовпець code (код): Код «00018» уже є в рядку 2 цього файлу." in text
    assert "Імпортувати лише правильні рядки (1)" in text
    assert 'value="all"' not in text
    assert Service.objects.count() == 0


# --- Confirm ---------------------------------------------------------------------------------


def test_confirm_creates_the_previewed_services_with_one_import_event(
    centre, offices, administrator
):
    # given a previewed file of two new services
    preview = upload(administrator, centre, SERVICES_CSV)

    # when the import is confirmed
    response = confirm(administrator, preview)

    # then both services exist, one import event is recorded and the member is told
    assert response.status_code == 302
    assert response["Location"] == url("import", centre)
    assert sorted(Service.objects.filter(centre=centre).values_list("code", flat=True)) == [
        "00018",
        "01211",
    ]
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.changes["created"], event.changes["updated"], event.centre) == (2, 0, centre)
    followed = administrator.get(response["Location"])
    assert (
        "Імпорт виконано: створено — 2, оновлено — 0, без змін — 0, пропущено рядків з "
        "помилками — 0." in page_text(followed)
    )


def test_confirm_updates_an_existing_service_by_code(centre, offices, administrator):
    # given an existing service with the same code and a previewed file
    existing = ServiceFactory(centre=centre, code="01211", name="Прописка", fee_amount=None)
    preview = upload(administrator, centre, SERVICES_CSV)

    # when the import is confirmed
    confirm(administrator, preview)

    # then the existing card is updated in place, not duplicated
    existing.refresh_from_db()
    assert (existing.name, existing.fee_amount) == (
        "Реєстрація місця проживання особи",
        Decimal("345.00"),
    )
    assert Service.objects.filter(centre=centre, code="01211").count() == 1


def test_confirm_of_all_rows_with_errors_writes_nothing(centre, offices, administrator):
    # given a previewed file with bad rows
    preview = upload(administrator, centre, BAD_ROWS_CSV)

    # when "all rows" is posted anyway
    response = confirm(administrator, preview, mode="all")

    # then nothing is written and the preview is shown again
    assert response.status_code == 409
    assert Service.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 0


def test_confirm_of_only_valid_rows_imports_them(centre, offices, administrator):
    # given a previewed file with one valid row and four bad ones
    preview = upload(administrator, centre, BAD_ROWS_CSV)

    # when the member chooses to import only the valid rows
    response = confirm(administrator, preview, mode="valid_only")

    # then the valid row is created and the rest are counted as skipped
    assert response.status_code == 302
    assert list(Service.objects.values_list("code", flat=True)) == ["00018"]
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).changes["skipped"] == 4


def test_double_confirm_creates_no_duplicates_and_says_it_was_applied(
    centre, offices, administrator
):
    # given a confirmed import
    preview = upload(administrator, centre, SERVICES_CSV)
    confirm(administrator, preview)

    # when the same confirm form is posted again
    response = confirm(administrator, preview)

    # then nothing more is written and the member is told it was already applied
    assert response.status_code == 302
    assert Service.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1
    followed = administrator.get(response["Location"])
    assert "Цей імпорт уже виконано, повторно нічого не змінено." in page_text(followed)


def test_confirm_of_a_replaced_preview_writes_nothing(centre, offices, administrator):
    # given a preview replaced by a newer upload in another tab
    first = upload(administrator, centre, SERVICES_CSV)
    upload(administrator, centre, BAD_ROWS_CSV)

    # when the first preview is confirmed
    response = confirm(administrator, first)

    # then nothing is written and the member is asked to upload again
    assert response.status_code == 302
    assert Service.objects.count() == 0
    followed = administrator.get(response["Location"])
    assert "Цей перегляд уже недійсний" in page_text(followed)


def test_confirm_after_the_catalog_changed_shows_the_new_preview(centre, offices, administrator):
    # given a preview of two creations, then one of the services is added by hand
    preview = upload(administrator, centre, SERVICES_CSV)
    ServiceFactory(centre=centre, code="00018")

    # when the old preview is confirmed
    response = confirm(administrator, preview)

    # then nothing is written and the new outcome is shown to confirm again
    assert response.status_code == 409
    assert response.context["counts"] == {"create": 1, "update": 1, "unchanged": 0, "error": 0}
    assert Service.objects.count() == 1
    again = confirm(administrator, response)
    assert again.status_code == 302
    assert Service.objects.count() == 2


# --- Export ----------------------------------------------------------------------------------


@time_machine.travel("2025-03-14 10:00 +02:00", tick=False)
def test_export_streams_every_service_as_utf8_with_bom(centre, offices, staff_client):
    # given three services and an analyst, who may read the catalog
    for code in ("A-3", "A-1", "A-2"):
        ServiceFactory(centre=centre, code=code)
    client, _membership = staff_client(Role.ANALYST)

    # when they download the export
    response = client.get(url("export", centre))

    # then a dated CSV streams with a BOM, the header and every service; the export is audited
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="services-verbivka-2025-03-14.csv"'
    )
    assert body.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    records = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [record[0] for record in records] == ["code", "A-1", "A-2", "A-3"]
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).changes == {
        "services": 3,
        "format": "csv",
    }


def test_export_with_semicolons_for_excel(centre, administrator):
    # given a service
    ServiceFactory(centre=centre, code="A-1")

    # when the Excel variant is downloaded
    response = administrator.get(url("export", centre), {"delimiter": "semicolon"})

    # then the cells are separated by semicolons
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.startswith(";".join(csvio.COLUMNS) + "\r\n")


def test_export_then_import_shows_no_changes(centre, offices, administrator):
    # given a catalog imported from the fixture
    confirm(administrator, upload(administrator, centre, SERVICES_CSV))

    # when the export is uploaded back
    exported = b"".join(administrator.get(url("export", centre)).streaming_content)
    response = upload(administrator, centre, exported, name="services-verbivka.csv")

    # then nothing would change
    assert response.context["counts"] == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert "Файл нічого не змінює" in page_text(response)


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        pytest.param("get", "import", id="import-get"),
        pytest.param("post", "import", id="import-post"),
        pytest.param("post", "import_confirm", id="confirm"),
        pytest.param("get", "export", id="export"),
    ],
)
def test_member_of_another_centre_gets_404(centre, other_centre, staff_client, method, name):
    # given a head of another centre and a service in this one
    ServiceFactory(centre=centre)
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    # when they open this centre's import or export
    response = getattr(client, method)(url(name, centre))

    # then the page does not exist for them and nothing is recorded
    assert response.status_code == 404
    assert AuditEvent.objects.filter(centre=centre).count() == 0


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        pytest.param("get", "import", {}, id="import-get"),
        pytest.param(
            "post",
            "import",
            {"file": SimpleUploadedFile("services.csv", SERVICES_CSV)},
            id="import-post",
        ),
        pytest.param(
            "post",
            "import_confirm",
            {"preview": "0" * 32, "checksum": "0" * 64, "mode": "all"},
            id="confirm",
        ),
    ],
)
def test_analyst_may_not_import(centre, offices, staff_client, method, name, data):
    # given an analyst, who has no right to edit the catalog
    client, _membership = staff_client(Role.ANALYST)

    # when they open or post to the import
    response = getattr(client, method)(url(name, centre), data)

    # then they are refused and nothing changes
    assert response.status_code == 403
    assert Service.objects.count() == 0
    assert f"catalog_import:{centre.pk}" not in client.session


def test_opening_the_upload_page_again_drops_the_pending_preview(centre, offices, administrator):
    # given a preview, then the member goes back to the upload page
    preview = upload(administrator, centre, SERVICES_CSV)
    administrator.get(url("import", centre))

    # when the old preview is confirmed
    response = confirm(administrator, preview)

    # then nothing is written
    assert response.status_code == 302
    assert Service.objects.count() == 0
    assert "pending" not in administrator.session[f"catalog_import:{centre.pk}"]
