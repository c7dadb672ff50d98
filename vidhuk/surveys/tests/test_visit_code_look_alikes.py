"""A visit code typed from a paper slip on a Ukrainian keyboard: the Cyrillic letters that look
like the printed Latin ones («АВС» for "ABC") open the survey, as they do for a booking code."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.models import Response
from vidhuk.surveys.services import questionnaire_install_defaults, visit_tokens_issue
from vidhuk.surveys.services import responses as response_services
from vidhuk.surveys.tests import factories

frozen = factories.frozen

# Every letter of this code has a Cyrillic twin on a Ukrainian keyboard.
PRINTED = "ABCEHKMPTXY7"
TYPED_IN_CYRILLIC = "АВСЕ-НКМР-ТХУ7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def code(centre, frozen, monkeypatch) -> str:
    questionnaire_install_defaults(centre=centre, actor=None)
    office = OfficeFactory(centre=centre, name="Головний офіс ЦНАП")
    monkeypatch.setattr(response_services, "new_visit_code", lambda: PRINTED)
    (issued,) = visit_tokens_issue(
        centre=centre,
        office=office,
        service=None,
        valid_on=dt.date(2026, 3, 2),
        count=1,
        actor=None,
    )
    return issued


def _answer(client: Client, page: str):
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    assert action is not None
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    answers = {"q_purpose": "consultation", "q_overall": "good", "website": ""}
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        return client.post(action.group(1), {**hidden, **answers}, follow=True)


@pytest.mark.parametrize("typed", [TYPED_IN_CYRILLIC, TYPED_IN_CYRILLIC.lower()])
def test_a_code_typed_with_cyrillic_look_alikes_opens_the_survey_and_is_answered(code, typed):
    assert code == PRINTED
    client = Client()

    page = client.post("/verbivka/survey/v/", {"code": typed})
    html = page.content.decode()
    thanks = _answer(client, html)

    assert page.status_code == 200
    assert "Ваш візит:" in html
    assert "Головний офіс ЦНАП" in html
    assert thanks.redirect_chain[-1][0] == "/verbivka/survey/visitor-survey/thanks/"
    assert Response.objects.count() == 1


def test_the_code_in_the_address_reads_the_same(code):
    page = Client().get("/verbivka/survey/v/", {"code": TYPED_IN_CYRILLIC})

    assert page.status_code == 200
    assert "Ваш візит:" in page.content.decode()


def test_a_letter_that_is_not_a_look_alike_is_still_refused_in_plain_words(code):
    page = Client().post("/verbivka/survey/v/", {"code": "ДЖЩЮ-НКМР-ТХУ7"})

    assert "Код складається лише з латинських літер і цифр" in page.content.decode()
    assert Response.objects.count() == 0
