"""The resident's survey form for the public view tests: its address, complete and minimal
answers, the anti-abuse stamp, a post as the browser sends it, the answers as stored and a
visit code."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.forms.public import issue_form_stamp
from vidhuk.surveys.models import (
    QuestionnaireVersion,
    Response,
)
from vidhuk.surveys.services import (
    visit_tokens_issue,
)

CLIENT_ADDRESS = "203.0.113.77"
SURVEY_URL = "/verbivka/survey/visitor-survey/"
THANKS_URL = "/verbivka/survey/visitor-survey/thanks/"

COMPLETE = {
    "q_purpose": "submit_documents",
    "q_wait_time": "5_15",
    "q_resolved": "fully",
    "q_rate_information": "5",
    "q_rate_politeness": "5",
    "q_rate_competence": "4",
    "q_rate_speed": "3",
    "q_rate_comfort": "4",
    "q_rate_accessibility": "2",
    "q_rate_hours": "1",
    "q_overall": "good",
    "q_recommend": "9",
    "q_learned_from": ["community_website", "family_friends"],
    "q_improve": "Більше місць для сидіння.",
    "q_sex": "female",
    "q_age_group": "36_59",
    "q_idp": "yes",
    "q_disability": "no",
    "q_pensioner": "prefer_not_to_say",
    "q_veteran": "no",
    "q_parent_under_6": "yes",
    "q_residence": "starosta_village",
}
MINIMAL = {"q_purpose": "consultation", "q_overall": "acceptable"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def stamp(seconds_ago: float = 10, client: str = CLIENT_ADDRESS) -> str:
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=seconds_ago), tick=False):
        return issue_form_stamp(client=client)


def form_data(answers: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {"submission_key": str(uuid.uuid4()), "form_stamp": stamp(), "website": "", **answers}
    data.update(overrides)
    return data


def shown_version(url: str) -> str:
    """The version a page at ``url`` shows now (the form carries it; see ``SurveyForm``)."""
    centre_slug, _survey, slug, *_rest = url.strip("/").split("/")
    version = QuestionnaireVersion.objects.filter(
        questionnaire__centre__slug=centre_slug,
        questionnaire__slug="visitor-survey" if slug == "v" else slug,
        status=VersionStatus.PUBLISHED,
    ).first()
    return str(version.pk) if version else ""


def send(client, data: dict[str, Any], url: str = SURVEY_URL):
    data = {"shown_version": shown_version(url), **data}
    return client.post(url, data, REMOTE_ADDR=CLIENT_ADDRESS)


def stored(response: Response) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for answer in response.answers.select_related("question").order_by("id"):
        code = answer.question.code
        value = answer.choice or answer.number if answer.number is None else answer.number
        value = answer.text or value
        if answer.row:
            result.setdefault(code, {})[answer.row] = answer.choice
        elif code in result:
            result[code] = (
                [*result[code], value]
                if isinstance(result[code], list)
                else [
                    result[code],
                    value,
                ]
            )
        else:
            result[code] = value
    return result


@pytest.fixture
def visit_code(centre, standard, frozen):
    office = OfficeFactory(centre=centre, name="Головний офіс ЦНАП")
    service = ServiceFactory(centre=centre, name="Оформлення паспорта для виїзду за кордон")
    (code,) = visit_tokens_issue(
        centre=centre,
        office=office,
        service=service,
        valid_on=dt.date(2026, 3, 2),
        count=1,
        actor=None,
    )
    return code
