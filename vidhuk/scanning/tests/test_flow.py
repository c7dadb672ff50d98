"""Staff upload scans of filled-in questionnaires, review the doubtful marks by keyboard, and the
responses appear as if typed: the same paper batch, the same answers, no image kept."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.choices import Role
from vidhuk.scanning.models import ScanBatch
from vidhuk.scanning.pages import encode_png
from vidhuk.scanning.synthetic import Mark, ScanSpoil, draw_mark, render_pages, spoil
from vidhuk.surveys.models import Response
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.paper_batches import stored

every_type = factories.every_type
frozen = factories.frozen
BASE = "/staff/verbivka/scanning/"


def _box(form, question, value, row=""):
    return next(
        i
        for i, b in enumerate(form.boxes)
        if b.question == question and b.value == value and b.row == row
    )


@pytest.fixture
def filled(every_type):
    """Two scanned pages of one filled-in sheet: page 1 with clear marks, a fill (cancelled) and
    one light pencil stroke that goes to review; page 2 as it comes."""
    pdf, form = questionnaire_pdf_and_map(version=every_type)
    rng = np.random.default_rng(4)
    pages = [page.copy() for page in render_pages(pdf, dpi=200)]
    marks = {
        _box(form, "purpose", "a"): Mark.FILL,  # changed their mind…
        _box(form, "purpose", "b"): Mark.CROSS,  # …to b
        _box(form, "sources", "x"): Mark.TICK,
        _box(form, "sources", "z"): Mark.CROSS,
        _box(form, "speed", "4"): Mark.CROSS,
    }
    for index, mark in marks.items():
        box = form.boxes[index]
        draw_mark(pages[box.page - 1], box.rect, mark, dpi=200, rng=rng)
    scans = [spoil(page, ScanSpoil(rotation=1.5, noise=4), rng=rng) for page in pages]
    files = [
        SimpleUploadedFile(f"scan-{n}.png", encode_png(image), content_type="image/png")
        for n, image in enumerate(scans, start=1)
    ]
    return every_type, form, files


def test_a_scanned_sheet_becomes_the_response_its_marks_say(
    filled, staff_client, frozen, django_capture_on_commit_callbacks
):
    version, _form, files = filled
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BASE,
            {
                "version": version.pk,
                "received_on": "27.02.2026",
                "label": "Скринька, виїмка 27.02",
                "scans": files,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ScanBatch.objects.get()
    page = client.get(response["Location"])
    assert "2 з 2" in page.content.decode()  # pages read
    # Nothing doubtful here: the batch is entered at once.
    finished = client.post(f"{BASE}{batch.pk}/finish/", follow=True)
    assert "Внесено анкет: 1" in finished.content.decode()
    answered = Response.objects.get(batch=batch.response_batch)
    assert answered.submitted_on == dt.date(2026, 2, 27)
    got = stored(answered)
    assert got["purpose"] == "b"
    assert sorted(got["sources"]) == ["x", "z"]
    assert got["speed"] == 4
    batch.refresh_from_db()
    assert all(not p.upright and not p.upload for p in batch.pages.all())


def test_the_same_batch_entered_twice_makes_one_response(
    filled, staff_client, frozen, django_capture_on_commit_callbacks
):
    version, _form, files = filled
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BASE, {"version": version.pk, "received_on": "27.02.2026", "scans": files})
    batch = ScanBatch.objects.get()
    client.post(f"{BASE}{batch.pk}/finish/")
    again = client.post(f"{BASE}{batch.pk}/finish/", follow=True)
    assert "Цей пакет уже внесено" in again.content.decode()
    assert Response.objects.filter(batch=batch.response_batch).count() == 1


def test_a_doubtful_mark_is_decided_by_keyboard_from_its_picture(
    every_type, staff_client, frozen, django_capture_on_commit_callbacks
):
    pdf, form = questionnaire_pdf_and_map(version=every_type)
    rng = np.random.default_rng(7)
    pages = [page.copy() for page in render_pages(pdf, dpi=200)]
    box = form.boxes[_box(form, "resolved", "yes")]
    draw_mark(pages[box.page - 1], box.rect, Mark.PARTIAL, dpi=200, rng=rng)  # half filled in
    files = [
        SimpleUploadedFile(f"p{n}.png", encode_png(image), content_type="image/png")
        for n, image in enumerate(pages, start=1)
    ]
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BASE, {"version": every_type.pk, "received_on": "27.02.2026", "scans": files})
    batch = ScanBatch.objects.get()
    review = client.get(f"{BASE}{batch.pk}/review/")
    body = review.content.decode()
    assert "Сумнівна позначка" in body
    crop_url = body.split('class="vd-scan-crop" src="')[1].split('"')[0].replace("&amp;", "&")
    picture = client.get(crop_url)
    assert picture["Content-Type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    wrong = client.post(f"{BASE}{batch.pk}/review/", {"answer": "7"})
    assert wrong.status_code == 400
    assert "Введіть 1, 0 або 9" in wrong.content.decode()
    decided = client.post(f"{BASE}{batch.pk}/review/", {"answer": "1"})  # it is a mark
    assert decided.status_code == 302
    # The required rating (question 3) was left empty: the rule asks a person, Enter confirms.
    required = client.get(f"{BASE}{batch.pk}/review/").content.decode()
    assert "Обов’язкове питання без відповіді" in required
    assert "Питання 3, сторінка 1" in required
    assert client.post(f"{BASE}{batch.pk}/review/", {"answer": ""}).status_code == 302
    client.post(f"{BASE}{batch.pk}/finish/")
    got = stored(Response.objects.get(batch=batch.response_batch))
    assert got == {"resolved": "yes"}


def test_a_page_that_is_not_a_form_is_listed_with_the_reason(
    every_type, staff_client, frozen, django_capture_on_commit_callbacks
):
    blank = SimpleUploadedFile(
        "photo.png", encode_png(np.full((1400, 1000), 240, np.uint8)), content_type="image/png"
    )
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BASE, {"version": every_type.pk, "received_on": "27.02.2026", "scans": [blank]}
        )
    page = client.get(response["Location"]).content.decode()
    assert "QR-код сторінки не знайдено" in page


def test_an_upload_without_files_or_of_the_wrong_kind_is_refused_at_the_field(
    every_type, staff_client, frozen
):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    empty = client.post(BASE, {"version": every_type.pk, "received_on": "27.02.2026"})
    assert empty.status_code == 400
    text = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    wrong = client.post(
        BASE, {"version": every_type.pk, "received_on": "27.02.2026", "scans": [text]}
    )
    assert wrong.status_code == 400
    assert ScanBatch.objects.count() == 0


def test_another_centres_batch_is_not_found(
    filled, staff_client, other_centre, frozen, django_capture_on_commit_callbacks
):
    version, _form, files = filled
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BASE, {"version": version.pk, "received_on": "27.02.2026", "scans": files})
    batch = ScanBatch.objects.get()
    stranger, _m = staff_client(Role.HEAD, for_centre=other_centre)
    for suffix in ("", "review/", f"pages/{batch.pages.first().pk}/crop.png?key=box:0"):
        assert stranger.get(f"/staff/luhove/scanning/{batch.pk}/{suffix}").status_code == 404


def test_page_images_of_a_batch_left_unentered_are_forgotten_after_the_retention(
    filled, staff_client, frozen, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from vidhuk.core.dailyjobs import DailyRun, daily_jobs

    version, _form, files = filled
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BASE, {"version": version.pk, "received_on": "27.02.2026", "scans": files})
    batch = ScanBatch.objects.get()
    settings.SCANNING_IMAGE_DAYS = 30
    ScanBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    job = next(job for job in daily_jobs() if job.name == "scanning")
    job.func(DailyRun(today=timezone.localdate()))
    assert all(page.upright for page in batch.pages.all())  # still within the retention
    ScanBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    job.func(DailyRun(today=timezone.localdate()))
    assert not any(page.upright or page.upload for page in batch.pages.all())
