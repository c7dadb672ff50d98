"""The resident's form: attachments kept, photos stored without their GPS position, each
refused file with its own message."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.models import Appeal, AppealAttachment
from vidhuk.appeals.tests import factories, public_form
from vidhuk.appeals.tests.public_form import (
    EXE,
    PDF,
    PNG,
    errors_of,
    form_url,
    send,
)
from vidhuk.testing.images import jpeg_with_gps

frozen = factories.frozen
_isolated = public_form._isolated


# --- attachments ---------------------------------------------------------------------------------


def test_safe_attachments_are_kept(client, centre):
    files = [SimpleUploadedFile("скан.pdf", PDF), SimpleUploadedFile("фото.png", PNG)]

    send(client, Kind.COMPLAINT, attachments=files)

    attachments = AppealAttachment.objects.order_by("id")
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("скан.pdf", "application/pdf"),
        ("фото.png", "image/png"),
    ]


def test_a_residents_photo_is_stored_without_its_gps_position(client, centre):
    photo = jpeg_with_gps()

    send(client, Kind.COMPLAINT, attachments=[SimpleUploadedFile("IMG_0042.jpg", photo)])

    attachment = AppealAttachment.objects.get()
    stored = attachment.file.read()
    with Image.open(io.BytesIO(stored)) as image:
        exif = dict(image.getexif())
    assert b"Phonemaker" in photo
    assert (attachment.original_name, attachment.content_type) == ("IMG_0042.jpg", "image/jpeg")
    assert (exif, b"Exif" in stored, b"Phonemaker" in stored) == ({}, False, False)


def test_the_form_says_photos_lose_their_location_before_they_are_stored(client, centre):
    page = client.get(form_url(Kind.COMPLAINT)).content.decode()

    assert "Перед збереженням з фото видаляються дані про місце зйомки та камеру." in page


def test_each_refused_attachment_gets_its_own_message_and_nothing_is_saved(client, centre):
    files = [
        SimpleUploadedFile("рахунок.pdf", EXE),
        SimpleUploadedFile("фото.png", PDF),
        SimpleUploadedFile("скан.pdf", PDF),
    ]

    response = send(client, Kind.COMPLAINT, attachments=files)

    assert errors_of(response) == [
        "Файл «рахунок.pdf» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
        "Файл «фото.png» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
    ]
    assert "виберіть їх ще раз" in response.content.decode()
    assert (Appeal.objects.count(), AppealAttachment.objects.count()) == (0, 0)


def test_a_too_large_attachment_is_refused(client, centre, settings):
    settings.VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = send(client, attachments=[SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))])

    assert errors_of(response) == ["Файл «big.pdf» завеликий: не більше 1 МБ."]
    assert Appeal.objects.count() == 0


def test_too_many_attachments_are_refused(client, centre, settings):
    settings.VIDHUK_APPEAL_ATTACHMENTS_MAX = 2
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(3)]

    response = send(client, attachments=files)

    assert errors_of(response) == ["Можна додати не більше 2 файлів."]
    assert Appeal.objects.count() == 0
