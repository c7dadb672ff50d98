"""The board's files read back as their readers would: the Atom feed parsed as XML, the calendar
by the icalendar library, the CSV by the csv module, the JSON by json, and the poster's PDF by
pypdf (text) and zxing-cpp (its QR code, from the page rendered by pypdfium2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import defusedxml.ElementTree as ET
import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from vidhuk.decisions.services import decision_update, milestone_save

from .board_data import board_fixture  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get(client, name, board, *args, **query):
    response = client.get(reverse(f"decisions:{name}", args=[board.centre.slug, *args]), query)
    assert response.status_code == 200
    return response


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_feed_is_atom_with_one_entry_per_published_decision(client, board):
    feed = ET.fromstring(body(get(client, "feed", board)))

    entries = feed.findall(f"{ATOM}entry")
    titles = sorted(entry.findtext(f"{ATOM}title") for entry in entries)
    assert feed.tag == f"{ATOM}feed"
    assert titles == [
        "Рішення № 1: Додаткові місця в залі очікування — Виконується",
        "Рішення № 2: Запис на час у Луговому — Виконано",
    ]
    seats = next(e for e in entries if "№ 1" in e.findtext(f"{ATOM}title"))
    assert seats.find(f"{ATOM}link").get("href").endswith("/verbivka/decisions/1/")
    assert "Строк минув, рішення ще не виконано." in seats.findtext(f"{ATOM}summary")


def test_feed_entry_id_stays_the_same_when_the_decision_is_edited(client, board):
    def ids() -> list[str]:
        feed = ET.fromstring(body(get(client, "feed", board)))
        return sorted(entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry"))

    before = ids()
    decision_update(decision=board.seats, actor=None, data={"title": "Нова назва"})

    assert ids() == before


def events(client, board) -> dict[str, dict]:
    calendar = Calendar.from_ical(body(get(client, "calendar", board)))
    return {
        str(event["UID"]): {
            "date": event.decoded("DTSTART"),
            "sequence": int(event.get("SEQUENCE", 0)),
            "summary": str(event["SUMMARY"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_calendar_holds_due_dates_and_milestone_dates_of_published_decisions(client, board):
    found = events(client, board)

    due = found[f"decision-{board.centre.pk}-1@testserver"]
    assert due["date"] == dt.date(2026, 5, 29)
    assert due["summary"] == "Строк виконання: рішення № 1 «Додаткові місця в залі очікування»"
    assert sorted(e["date"] for e in found.values()) == [
        dt.date(2026, 4, 15),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 15),
        dt.date(2026, 5, 29),
    ]


def test_calendar_sequence_grows_when_a_date_moves_and_the_uid_stays(client, board):
    uid = f"decision-{board.centre.pk}-1@testserver"
    milestone = board.seats.milestones.get(title="Встановлення крісел")
    milestone_uid = f"milestone-{milestone.pk}@testserver"
    before = events(client, board)

    decision_update(decision=board.seats, actor=None, data={"due_on": dt.date(2026, 7, 31)})
    milestone_save(
        decision=board.seats,
        actor=None,
        milestone=milestone,
        title=milestone.title,
        planned_on=dt.date(2026, 7, 15),
    )
    decision_update(decision=board.seats, actor=None, data={"title": "Нова назва"})
    after = events(client, board)

    assert (before[uid]["sequence"], after[uid]["sequence"]) == (0, 1)
    assert after[uid]["date"] == dt.date(2026, 7, 31)
    assert (before[milestone_uid]["sequence"], after[milestone_uid]["sequence"]) == (0, 1)
    assert after[milestone_uid]["date"] == dt.date(2026, 7, 15)


def test_csv_has_a_row_per_published_decision_in_words_a_person_reads(client, board):
    text = body(get(client, "board_csv", board)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert [row["Номер рішення"] for row in rows] == ["2", "1"]
    seats = rows[1]
    assert seats["Номер документа"] == "45-од"
    assert seats["Відповідальний підрозділ"] == "Відділ господарського забезпечення"
    assert seats["Прострочено"] == "так"
    assert seats["Виконано, %"] == "50"
    assert seats["Етапів із запізненням"] == "2"
    assert seats["Ви сказали (висновки)"].startswith("№ 1. У березні 14 мешканців")


def test_csv_keeps_the_boards_filters(client, board):
    text = body(get(client, "board_csv", board, state="done")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert [row["Назва"] for row in rows] == ["Запис на час у Луговому"]


def test_json_lists_decisions_with_milestones_and_findings(client, board):
    data = json.loads(body(get(client, "board_json", board)))

    seats = next(d for d in data["decisions"] if d["number"] == 1)
    assert seats["order_number"] == "45-од"
    assert seats["is_overdue"] is True
    assert seats["progress_percent"] == 50
    assert [m["is_slipped"] for m in seats["milestones"]] == [True, True]
    assert [f["number"] for f in seats["findings"]] == [board.waiting.number]
    assert "owner" not in seats


def test_poster_is_a_printable_a4_with_the_decision_and_a_qr_code_to_its_page(client, board):
    pdf = body(get(client, "poster", board, 1))

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    (link,) = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(reader.pages) == 1
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]
    assert "Ви сказали — ми зробили" in text
    assert "Додаткові місця в залі очікування" in text
    assert "Відділ господарського забезпечення" in text
    assert link == "http://testserver/verbivka/decisions/1/"
