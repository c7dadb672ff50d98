"""The appeal form as a browser fills it in, and the SQL of one submission (in-process)."""

from __future__ import annotations

import http.client
import random
import time
import uuid
from html.parser import HTMLParser

CENTRE = "verbivka"
SETTINGS = "benchmarks.appeals_settings"
FORM_PATH = f"/{CENTRE}/appeals/new/statement/"
# (kind, anonymous, weight)
MIX = [
    ("statement", False, 35),
    ("complaint", False, 10),
    ("proposal", False, 10),
    ("info_request", False, 10),
    ("question", False, 15),
    ("thanks", True, 20),
]
TEXTS = [
    "Прошу облаштувати пандус біля входу до ЦНАП.",
    "Прошу надати копію рішення сесії щодо тарифів на вивезення сміття.",
    "Дякую адміністраторці за ввічливість і швидке оформлення документів.",
    "Довелося дві години стояти в черзі по паспорт, прошу навести лад.",
    "Які документи потрібні для реєстрації місця проживання дитини?",
]


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "input" and data.get("type") == "hidden" and data.get("name"):
            self.values[str(data["name"])] = data.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.values


def cookies_from(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def payload(rng: random.Random, kind: str, anonymous: bool, n: int) -> dict[str, str]:
    text = f"{rng.choice(TEXTS)} (бенчмарк №{n})"
    if anonymous:
        return {"text": text}
    data = {
        "full_name": f"{rng.choice(['Шевченко', 'Коваленко', 'Бойко', 'Мельник'])} "
        f"{rng.choice(['Марія', 'Олег', 'Ірина', 'Андрій'])} Петрівна",
        "address": f"м. Вербівка, вул. Садова, {rng.randint(1, 99)}",
        "text": text,
        "consent": "on",
    }
    if rng.random() < 0.6 or kind == "info_request":
        data["email"] = f"resident{n}@example.com"
    else:
        data["phone"] = f"067 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    if rng.random() < 0.3:
        data.update(
            demographics_consent="on",
            sex="female",
            age_group="36_59",
            is_idp="no",
            has_disability="no",
            is_pensioner="no",
            is_veteran="undisclosed",
        )
    return data


def form_path(kind: str, anonymous: bool) -> str:
    return f"/{CENTRE}/appeals/new/{kind}/" + ("anonymous/" if anonymous else "")


# --------------------------------------------------------------------------------------------
# In-process: the SQL of one submission
# --------------------------------------------------------------------------------------------


def queries_of_one_submission() -> tuple[int, list[str]]:
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vidhuk.appeals.forms.public_antiabuse import FORM_STAMP_SALT
    from vidhuk.core import antiabuse
    from vidhuk.core.formguard import FORM_MIN_SECONDS

    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(FORM_PATH)
    if page.status_code != 200:
        raise RuntimeError(f"GET {FORM_PATH}: {page.status_code}")
    fields = hidden_inputs(page.content.decode())
    # The same stamp the form would carry had it been shown FORM_MIN_SECONDS + 1 s ago.
    # (issued for this client, 127.0.0.1, with the clock set back: the stamp names its client)
    shown_at = time.time() - FORM_MIN_SECONDS - 1
    with mock.patch.object(antiabuse.time, "time", return_value=shown_at):
        fields["form_stamp"] = antiabuse.issue_form_stamp(salt=FORM_STAMP_SALT, client="127.0.0.1")
    fields.update(payload(random.Random(1), "statement", False, 0), website="")
    fields["submission_key"] = str(uuid.uuid4())
    with CaptureQueriesContext(connection) as captured:
        response = client.post(FORM_PATH, fields)
    if response.status_code != 302:
        raise RuntimeError(f"in-process POST: {response.status_code} {response.content[:3000]!r}")
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]
