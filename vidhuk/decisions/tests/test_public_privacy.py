"""No resident's name, contact or words — nor the responsible member's name, a draft or an
internal note — reaches anything the board publishes: each seeded personal value is looked for
in the board, the decision page, the feed, the calendar, the CSV, the JSON, the poster's text
and the portal home, in Ukrainian and in English."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from .board_data import PERSONAL, board_fixture  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

PUBLISHED = [
    ("board", False),
    ("decision", True),
    ("feed", False),
    ("calendar", False),
    ("board_csv", False),
    ("board_json", False),
    ("poster", True),
]


def published_texts(client, board) -> dict[str, str]:
    texts = {}
    for prefix in ("", "/en"):
        for name, per_decision in PUBLISHED:
            for decision in (board.seats, board.queue) if per_decision else (None,):
                args = [board.centre.slug] + ([decision.number] if decision else [])
                with translation.override("uk"):
                    url = prefix + reverse(f"decisions:{name}", args=args)
                response = client.get(url)
                assert response.status_code == 200, url
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                if name == "poster":
                    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
                elif name == "board_json":
                    text = json.dumps(json.loads(content), ensure_ascii=False)
                else:
                    # iCalendar folds long lines (RFC 5545 §3.1): unfold before looking.
                    text = content.decode("utf-8-sig").replace("\r\n ", "")
                # A PDF's text breaks lines anywhere: compare with single spaces.
                texts[url] = " ".join(text.split())
        with translation.override("uk"):
            home = prefix + reverse("portal:home", args=[board.centre.slug])
        texts[home] = client.get(home).content.decode()
    return texts


@pytest.mark.parametrize("kind", sorted(PERSONAL))
def test_no_personal_value_reaches_any_published_page_or_file(client, board, kind):
    value = PERSONAL[kind]

    found = [url for url, text in published_texts(client, board).items() if value in text]

    assert found == []


def test_the_scan_reads_the_published_texts(client, board):
    """The scan above would pass on empty answers: the same texts do hold the public words."""
    texts = published_texts(client, board)

    public_words = (
        "Додаткові місця в залі очікування",
        "More seats in the waiting area",
        "Запис на час у Луговому",
    )

    assert [url for url, text in texts.items() if not any(w in text for w in public_words)] == []
    assert len(texts) == 20
