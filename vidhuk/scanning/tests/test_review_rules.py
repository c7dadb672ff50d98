"""The review queue asks a person what the questionnaire's rules leave open — a single-choice
question with two marks, a required question left empty — and to type what is written in a
free-text box from its picture; the typed text goes to moderation as a keyed-in text does."""

from __future__ import annotations

import cv2
import pytest

from vidhuk.accounts.choices import Role
from vidhuk.scanning.synthetic import Mark
from vidhuk.scanning.tests.marking import BASE, marked_copies, png_files, upload
from vidhuk.surveys.choices import Moderation
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.paper_batches import stored

every_type = factories.every_type
frozen = factories.frozen
DPI = 150


def _write(image, rect, text):
    """Handwriting stand-in: a line of text written into a free-text area (mm → px)."""
    x = round((rect.x + 3) / 25.4 * DPI)
    y = round((rect.y + rect.h / 2) / 25.4 * DPI)
    cv2.putText(image, text, (x, y), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.1, 20, 2, cv2.LINE_AA)


@pytest.fixture
def reviewed(every_type, staff_client, frozen, django_capture_on_commit_callbacks):
    """One sheet: two crosses on the single-choice question, the required rating left empty,
    «Ні» to «resolved» and a few words in the «why not» box."""
    pdf, form = questionnaire_pdf_and_map(version=every_type)
    marks = {
        ("purpose", "a"): Mark.CROSS,
        ("purpose", "b"): Mark.CROSS,
        ("resolved", "no"): Mark.CROSS,
    }
    (pages,) = marked_copies(pdf, form, [marks], dpi=DPI)
    text = next(t for t in form.texts if t.question == "why_not")
    _write(pages[text.page - 1], text.rect, "Long queue")
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    batch = upload(client, every_type, png_files(pages), django_capture_on_commit_callbacks)
    return client, batch


def _review(client, batch):
    response = client.get(f"{BASE}{batch.pk}/review/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_rules_and_the_written_box_are_asked_in_turn_and_entered_as_typed(reviewed):
    client, batch = reviewed
    url = f"{BASE}{batch.pk}/review/"

    two = _review(client, batch)
    assert "Дві позначки в одному питанні" in two
    wrong = client.post(url, {"answer": "3"})
    assert wrong.status_code == 400
    assert "Введіть номер одного з варіантів: 1, 2, або 0." in wrong.content.decode()
    assert client.post(url, {"answer": "2"}).status_code == 302  # the respondent meant «b»

    written = _review(client, batch)
    assert "Передрукуйте текст" in written
    crop = written.split('class="vd-scan-crop" src="')[1].split('"')[0].replace("&amp;", "&")
    picture = client.get(crop)
    assert picture["Content-Type"] == "image/png"
    assert picture["Cache-Control"] == "private, no-store"
    assert client.post(url, {"text": "  Довга черга  "}).status_code == 302

    required = _review(client, batch)
    assert "Обов’язкове питання без відповіді" in required
    assert client.post(url, {"answer": "4"}).status_code == 302  # a faint mark on «4»

    assert client.get(url)["Location"] == f"{BASE}{batch.pk}/"
    finished = client.post(f"{BASE}{batch.pk}/finish/", follow=True).content.decode()
    assert "Внесено анкет: 1" in finished
    response = Response.objects.get(batch=batch.response_batch)
    assert stored(response) == {
        "purpose": "b",
        "speed": 4,
        "resolved": "no",
        "why_not": "Довга черга",
    }
    text = Answer.objects.get(response=response, question__code="why_not")
    assert text.moderation == Moderation.PENDING
    assert text.public_text == ""
