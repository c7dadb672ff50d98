"""Bidirectional control characters never reach a stored name (issue 10, §8): U+202E RIGHT-TO-LEFT
OVERRIDE in a name would print its tail backwards in the answer letter and in mail."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.appeals import services
from vidhuk.appeals.choices import AnswerDelivery, Kind, ReceiptForm
from vidhuk.appeals.forms.public_antiabuse import issue_form_stamp
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import factories
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.core.text import BIDI_CONTROLS, strip_bidi_controls

frozen = factories.frozen

CLIENT_ADDRESS = "203.0.113.77"
# Typed as «Шевченко Марія» with the second word reversed under an override: shown, it would
# read «Шевченко ярам…» turned around — the letter would print what nobody typed.
SPOOFED = "Шевченко \u202eяіраМ\u202c \u2066Петрівна\u2069\u200f"
CLEAN = "Шевченко яіраМ Петрівна"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_bidi_control_is_dropped_and_nothing_else():
    text = "Ab Юя عربي 123" + "".join(sorted(BIDI_CONTROLS))

    assert strip_bidi_controls(text) == "Ab Юя عربي 123"
    assert {f"U+{ord(c):04X}" for c in BIDI_CONTROLS} == {
        "U+202A", "U+202B", "U+202C", "U+202D", "U+202E",
        "U+2066", "U+2067", "U+2068", "U+2069", "U+200E", "U+200F", "U+061C",
    }  # fmt: skip


def test_a_name_sent_on_the_public_form_is_stored_without_controls(client, centre):
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=10), tick=False):
        stamp = issue_form_stamp(client=CLIENT_ADDRESS)

    client.post(
        "/verbivka/appeals/new/complaint/",
        {
            "submission_key": str(uuid.uuid4()),
            "form_stamp": stamp,
            "website": "",
            "text": "Прошу облаштувати пандус.",
            "full_name": SPOOFED,
            "address": "м. Вербівка,\u202e вул. Садова, 5",
            "email": "maria@example.com",
            "consent": "on",
        },
        REMOTE_ADDR=CLIENT_ADDRESS,
    )

    appeal = Appeal.objects.get()
    assert appeal.full_name == CLEAN
    assert appeal.address == "м. Вербівка, вул. Садова, 5"


def test_a_name_typed_by_staff_is_stored_and_printed_without_controls(staff_client, centre, frozen):
    client, membership = staff_client(Role.ADMINISTRATOR)
    OfficeFactory(centre=centre)
    client.post(
        "/staff/verbivka/appeals/new/reception/",
        {
            "kind": Kind.COMPLAINT,
            "received_at": "2026-03-02T11:40",
            "text": "Прошу облаштувати пандус біля входу.",
            "receipt_form": ReceiptForm.PERSONAL_RECEPTION,
            "sign": "primary",
            "document_type": "oral",
            "signatories_count": "1",
            "full_name": SPOOFED,
            "address": "м. Вербівка, вул. Садова, 5",
            "phone": "067 123 45 67",
        },
    )
    appeal = Appeal.objects.get()
    services.appeal_take_into_work(appeal=appeal, actor=membership.user)
    services.appeal_answer(
        appeal=appeal,
        actor=membership.user,
        answer_text="Пандус облаштують до 1 травня.",
        delivery=AnswerDelivery.LETTER,
    )

    case_page = client.get(f"/staff/verbivka/appeals/{appeal.pk}/").content.decode()
    letter = client.get(f"/staff/verbivka/appeals/{appeal.pk}/letter.pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter)).pages)

    assert appeal.full_name == CLEAN
    assert CLEAN in case_page
    assert not BIDI_CONTROLS & set(case_page)
    assert CLEAN in " ".join(text.split())
    assert not BIDI_CONTROLS & set(text)
