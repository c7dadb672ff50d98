"""Files the import refuses with a clear message and nothing saved (malformed, too large, too
many rows, a tampered upload), uploads removed after a day, and who may import."""

import os
import time

import pytest
from django.core import signing

from vidhuk.accounts.choices import Role
from vidhuk.surveys.models import Response, ResponseBatch
from vidhuk.surveys.tests import factories, kobo_exports
from vidhuk.surveys.tests.factories import VersionFactory
from vidhuk.surveys.tests.kobo_exports import (
    BASE,
    confirm,
    kobo_csv,
    kobo_row,
    mapping_of,
    upload,
    uploads_left,
)
from vidhuk.surveys.xlsform import storage

every_type = factories.every_type
frozen = factories.frozen
media = kobo_exports.media
enterer = kobo_exports.enterer


# --- malformed files ---------------------------------------------------------------------------


def _xlsx_broken() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + b"\x00" * 50,
            "Це не таблиця CSV чи XLSX",
            id="not-a-table",
        ),
        pytest.param("kobo.xlsx", _xlsx_broken(), "Файл XLSX пошкоджений", id="broken-xlsx"),
        pytest.param(
            "kobo.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "старого формату Excel",
            id="old-xls",
        ),
        pytest.param(
            "kobo.csv", "purpose;speed\na;4\n".encode("utf-16"), "кодування не UTF-8", id="utf-16"
        ),
        pytest.param("kobo.csv", b"\xef\xbb\xbf\r\n", "Файл порожній", id="empty"),
        pytest.param(
            "kobo.csv", b"section_1/purpose;section_1/speed\n", "лише заголовки", id="header-only"
        ),
        pytest.param(
            "kobo.csv",
            b"name;age\nOlena;40\n",
            "Жоден стовпець файлу не відповідає",
            id="no-matching-column",
        ),
        pytest.param(
            "kobo.csv",
            b"section_1/speed;vidhuk_form\n4;vidhuk_q999_v1\n",
            "Це експорт іншої форми",
            id="another-form",
        ),
        pytest.param(
            "central.csv",
            b"section_1-speed,FormVersion\n4,7\n",
            "Це експорт версії",
            id="another-version",
        ),
        pytest.param(
            "kobo.csv",
            b'section_1/speed;_uuid\n"4;x\n',
            "Файл CSV пошкоджений",
            id="unclosed-quote",
        ),
    ],
)
def test_a_malformed_file_gets_a_clear_message_and_nothing_is_saved(
    enterer, every_type, media, name, data, message
):
    response = upload(enterer, every_type, data, name=name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0
    assert ResponseBatch.objects.count() == 0
    assert uploads_left(media) == []


def test_a_file_over_the_size_limit_is_refused(enterer, every_type, monkeypatch):
    monkeypatch.setattr("vidhuk.surveys.forms.staff_offline.MAX_BYTES", 1000)
    data = kobo_csv([kobo_row(every_type, n) for n in range(20)])

    response = upload(enterer, every_type, data)

    assert response.status_code == 400
    assert "Файл завеликий" in response.content.decode()


def test_a_file_over_the_row_limit_is_refused(enterer, every_type, monkeypatch):
    monkeypatch.setattr("vidhuk.surveys.xlsform.reading.MAX_ROWS", 3)

    response = upload(enterer, every_type, kobo_csv([kobo_row(every_type, n) for n in range(4)]))

    assert response.status_code == 400
    assert "понад 3 рядки відповідей" in response.content.decode()


def test_a_tampered_or_foreign_upload_value_is_refused(enterer, every_type, centre):
    data = mapping_of(upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1)])))
    other = VersionFactory(questionnaire__centre=centre, questionnaire__slug="other")
    forged = signing.dumps(
        {"n": "../../etc/passwd", "k": "csv", "s": "x", "c": centre.pk, "v": every_type.pk},
        salt=storage.SALT,
    )

    for response in (
        confirm(enterer, every_type, {**data, "upload": data["upload"] + "x"}),
        confirm(enterer, every_type, {**data, "upload": forged}),
        confirm(enterer, other, data),
    ):
        assert response.status_code == 302
    assert Response.objects.count() == 0


def test_old_uploads_are_deleted_after_a_day(enterer, every_type, media):
    upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1)]))
    [name] = uploads_left(media)
    path = media / "survey-imports" / name
    day_ago = time.time() - 24 * 60 * 60 - 1
    os.utime(path, (day_ago, day_ago))

    assert storage.purge_old_uploads() == 1
    assert uploads_left(media) == []


# --- access --------------------------------------------------------------------------------------


def test_import_needs_the_enter_capability(staff_client, every_type, frozen):
    client, _membership = staff_client(Role.ANALYST)

    page = client.get(f"{BASE}versions/{every_type.pk}/import/")
    posted = upload(client, every_type, kobo_csv([kobo_row(every_type, 1)]))
    batches = client.get(f"{BASE}batches/")

    assert (page.status_code, posted.status_code, batches.status_code) == (403, 403, 403)
    assert Response.objects.count() == 0


def test_another_centres_version_cannot_take_an_import(enterer, other_centre):
    version = VersionFactory(questionnaire__centre=other_centre)

    response = upload(enterer, version, b"section_1/speed\n4\n")

    assert response.status_code == 404
    assert Response.objects.count() == 0
