"""A web answer in one statement (services/response_store.py): the same rows as writing them one
by one, counted once in the results version, and a repeated key that writes nothing and breaks
no caller's transaction."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.results.cache import data_version
from vidhuk.surveys.services.response_store import response_store
from vidhuk.surveys.services.responses import answers_validate
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.answering import VALID

every_type = factories.every_type
frozen = factories.frozen

ANSWERS = {**VALID, "resolved": "no", "why_not": "Довго чекали, O'Brien; 100 % \\ «так»"}
COLUMNS = ("question__code", "row", "choice", "number", "text", "moderation", "public_text")


def _store(version, key: str, *, counted: bool) -> bool:
    response = Response(
        centre_id=version.questionnaire.centre_id,
        version=version,
        channel=Channel.WEB,
        submitted_on=timezone.localdate(),
        submission_key=key,
    )
    rows = answers_validate(version=version, answers=ANSWERS, enforce_required=True)
    counted_in = version.questionnaire_id if counted else None
    return response_store(response=response, rows=rows, counted_in=counted_in)


def _stored(key: str) -> list[tuple]:
    return sorted(
        Answer.objects.filter(response__submission_key=key).values_list(*COLUMNS),
        key=repr,
    )


def _version_of(version) -> int:
    questionnaire = version.questionnaire
    return data_version(centre=questionnaire.centre, questionnaire=questionnaire)


@pytest.mark.django_db
def test_one_statement_stores_the_rows_that_one_by_one_stores(every_type, frozen):
    before = _version_of(every_type)

    assert _store(every_type, "one-statement", counted=True)
    assert _version_of(every_type) == before + 1
    assert _store(every_type, "one-by-one", counted=False)

    assert _stored("one-statement") == _stored("one-by-one")
    assert len(_stored("one-statement")) == 9
    assert ("why_not", "", "", None, ANSWERS["why_not"], "pending", "") in _stored("one-statement")
    assert _version_of(every_type) == before + 1  # the caller bumps the second one


@pytest.mark.django_db(transaction=True)
def test_a_repeated_key_writes_and_counts_nothing_and_the_transaction_goes_on(every_type, frozen):
    with transaction.atomic():  # as a batch of paper forms holds one
        assert _store(every_type, "form-1", counted=True)
        counted = _version_of(every_type)
        assert not _store(every_type, "form-1", counted=True)
        assert _store(every_type, "form-2", counted=True)

    assert Response.objects.filter(submission_key="form-1").count() == 1
    assert len(_stored("form-1")) == len(_stored("form-2")) == 9
    assert _version_of(every_type) == counted + 1
