"""Paper batches for the batch tests: an office, an operator, a started batch, an entry as the
form posts it and the answers as stored."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.models import Response
from vidhuk.surveys.services.batches import (
    paper_batch_start,
)

BASE = "/staff/verbivka/surveys/batches/"


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre, name="Головний офіс")


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.HOTLINE_OPERATOR)


@pytest.fixture
def batch(every_type, office, operator, frozen):
    _client, membership = operator
    return paper_batch_start(
        centre=every_type.questionnaire.centre,
        version=every_type,
        received_on=dt.date(2026, 2, 27),
        office=office,
        label="Скринька, виїмка 27.02",
        actor=membership.user,
    )


def entry(**answers):
    return {"submission_key": str(uuid.uuid4()), **answers}


def stored(response: Response) -> dict:
    result: dict = {}
    for answer in response.answers.select_related("question").order_by("id"):
        code = answer.question.code
        if answer.row:
            result.setdefault(code, {})[answer.row] = answer.choice
        elif answer.number is not None:
            result[code] = answer.number
        elif answer.text:
            result[code] = answer.text
        else:
            result.setdefault(code, []).append(answer.choice)
    return {code: v[0] if isinstance(v, list) and len(v) == 1 else v for code, v in result.items()}
