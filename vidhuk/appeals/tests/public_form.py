"""The resident's appeal form for the public view tests: files to attach, the anti-abuse
stamp, the form's data and address, a post as the browser sends it and the errors shown."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.forms.public_antiabuse import issue_form_stamp
from vidhuk.testing.images import png_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = png_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
CLIENT_ADDRESS = "203.0.113.77"

NAMED = {
    "full_name": "Шевченко Марія Петрівна",
    "address": "м. Вербівка, вул. Садова, 5, кв. 2",
    "email": "maria@example.com",
    "phone": "067 123 45 67",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def stamp(seconds_ago: float = 10, client: str = CLIENT_ADDRESS) -> str:
    """A form stamp issued `seconds_ago` seconds ago, as the form page would have issued it."""
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=seconds_ago), tick=False):
        return issue_form_stamp(client=client)


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "form_stamp": stamp(),
        "website": "",
        "text": "Прошу облаштувати пандус біля входу до ЦНАП.",
        **NAMED,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_url(kind: str, *, anonymous: bool = False) -> str:
    return f"/verbivka/appeals/new/{kind}/" + ("anonymous/" if anonymous else "")


def send(client, kind: str = Kind.COMPLAINT, *, anonymous: bool = False, **data: Any):
    return client.post(
        form_url(kind, anonymous=anonymous), form_data(**data), REMOTE_ADDR=CLIENT_ADDRESS
    )


def errors_of(response) -> list[str]:
    return [item for errors in response.context["form"].errors.values() for item in errors]
