"""A visit code never stands in a request path (issue 10, §7): the proxy's access log keeps paths,
and a path with the code pairs an anonymous answer with the ticket it was printed on.

The QR code holds ``/survey/v/?code=…`` (the query is dropped by the documented log formats);
from there the code travels in POST bodies. Old ``/survey/v/<code>/`` slips still open the page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
import zxingcpp
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from PIL import Image

from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Response
from vidhuk.surveys.qr import display_code, visit_code_qr
from vidhuk.surveys.services import questionnaire_install_defaults, visit_tokens_issue
from vidhuk.surveys.tests import factories

frozen = factories.frozen

ANSWERS = {"q_purpose": "consultation", "q_overall": "good", "website": ""}


class RecordingClient(Client):
    """A test client that notes the path of every request it makes, redirects included."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.paths: list[str] = []

    def request(self, **request: Any) -> Any:
        self.paths.append(request["PATH_INFO"])
        return super().request(**request)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def code(centre, frozen) -> str:
    questionnaire_install_defaults(centre=centre, actor=None)
    office = OfficeFactory(centre=centre, name="Головний офіс ЦНАП")
    (issued,) = visit_tokens_issue(
        centre=centre,
        office=office,
        service=None,
        valid_on=dt.date(2026, 3, 2),
        count=1,
        actor=None,
    )
    return issued


def _send_the_form(client: Client, page: str) -> Any:
    """Post the survey form on ``page`` as a browser would ten seconds later: to its action,
    with its hidden fields (version, stamp, submission key and the visit code)."""
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    assert action is not None, "the survey form names where it posts"
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        return client.post(action.group(1), {**hidden, **ANSWERS}, follow=True)


def _no_code_in(paths: list[str], code: str) -> bool:
    plain = code.replace("-", "").upper()
    return all(plain not in path.replace("-", "").upper() for path in paths)


def test_answering_from_the_qr_code_never_puts_the_code_in_a_path(code):
    png = visit_code_qr(
        base_url="https://cnap.example", centre_slug="verbivka", code=code, kind="png"
    )
    (scanned,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    address = urlsplit(scanned.text)
    client = RecordingClient()

    page = client.get(address.path, {"code": address.query.removeprefix("code=")})
    thanks = _send_the_form(client, page.content.decode())

    assert _no_code_in([address.path], code)
    assert page.status_code == 200
    assert "Головний офіс ЦНАП" in page.content.decode()
    assert page["Referrer-Policy"] == "strict-origin"
    assert thanks.status_code == 200
    assert "Дякуємо" in thanks.content.decode()
    assert client.paths == [
        "/verbivka/survey/v/",
        "/verbivka/survey/v/",
        "/verbivka/survey/visitor-survey/thanks/",
    ]
    assert _no_code_in(client.paths, code)
    assert Response.objects.get().channel == Channel.VISIT_TOKEN


def test_a_typed_code_opens_the_survey_and_is_answered_without_a_path_holding_it(code):
    client = RecordingClient()

    page = client.post("/verbivka/survey/v/", {"code": display_code(code).lower()})
    thanks = _send_the_form(client, page.content.decode())

    assert page.status_code == 200
    assert "Ваш візит:" in page.content.decode()
    assert thanks.redirect_chain[-1][0] == "/verbivka/survey/visitor-survey/thanks/"
    assert _no_code_in(client.paths, code)
    assert Response.objects.count() == 1


def test_a_mistyped_code_can_be_typed_again_on_the_same_page(code):
    client = RecordingClient()
    wrong = display_code(code)[:-1] + ("A" if not code.endswith("A") else "B")

    refused = client.post("/verbivka/survey/v/", {"code": wrong})
    html = refused.content.decode()
    again = client.post("/verbivka/survey/v/", {"code": code})

    assert refused.status_code == 404
    assert "Код візиту недійсний" in html
    assert "Введіть код ще раз" in html
    assert f'value="{wrong}"' in html  # what was typed, to correct one character
    assert '<form method="post" action="/verbivka/survey/v/"' in html
    assert again.status_code == 200
    assert "Ваш візит:" in again.content.decode()
    assert _no_code_in(client.paths, code)


def test_an_old_slip_with_the_code_in_its_path_still_opens_the_survey(code):
    client = Client()

    page = client.get(f"/verbivka/survey/v/{display_code(code)}/")
    html = page.content.decode()
    thanks = _send_the_form(client, html)

    assert page.status_code == 200
    assert "Ваш візит:" in html
    # The form posts the code in its body to the address without it.
    assert '<form method="post" action="/verbivka/survey/v/"' in html
    assert thanks.redirect_chain[-1][0] == "/verbivka/survey/visitor-survey/thanks/"
    assert Response.objects.count() == 1


def test_a_used_code_sent_again_is_refused_in_the_body_too(code):
    client = Client()
    page = client.get("/verbivka/survey/v/", {"code": code}).content.decode()
    _send_the_form(client, page)

    repeated = client.get("/verbivka/survey/v/", {"code": code})

    assert repeated.status_code == 410
    assert "За цим кодом уже відповіли" in repeated.content.decode()
    assert Response.objects.count() == 1
