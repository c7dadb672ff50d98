"""Writes of checklists that a signed-in person files and may change later — the mystery
shopper's reports (vidhuk.mystery writes surveys' rows through these only).

A report's answers are an ordinary ``Response`` (channel ``mystery_shopper``) of a checklist
version, kept for the report's whole life: saving again replaces its answers in the caller's
transaction, so a reader never sees half of the old answers and half of the new. A draft may
be incomplete; a submitted report is checked like any response.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office

from ..choices import Channel
from ..models import QUESTION_ORDER, Answer, QuestionnaireVersion, Response
from .freshness import results_version_bump
from .responses import PARSERS, AnswerValue, _is_empty, answers_validate, is_shown


def checklist_answers_check(
    *, version: QuestionnaireVersion, answers: dict[str, AnswerValue], complete: bool
) -> list[Answer]:
    """Checked answer rows, not yet stored. A complete report is checked like any response
    (every required answer given); a draft only has what was given checked, so it can be saved
    half-done."""
    if complete:
        return answers_validate(version=version, answers=answers)
    questions = list(version.questions.order_by(*QUESTION_ORDER))
    known = {question.code for question in questions}
    errors: dict[str, str] = {
        code: _("Питання «%(code)s» немає в цій анкеті.") % {"code": code}
        for code in answers
        if code not in known
    }
    rows: list[Answer] = []
    shown: dict[str, AnswerValue] = {}
    for question in questions:
        if not is_shown(question, shown):
            continue
        value = shown[question.code] = answers.get(question.code)
        if _is_empty(value):
            continue
        lenient = copy.copy(question)
        lenient.is_required = False  # a matrix of a draft may have rows still empty
        try:
            rows.extend(PARSERS[question.type](lenient, value))
        except ValidationError as error:
            errors[question.code] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def checklist_response_create(
    *,
    centre: Centre,
    version: QuestionnaireVersion,
    office: Office,
    service: Service | None,
    submitted_on: dt.date,
    submission_key: str,
    rows: list[Answer],
) -> Response | None:
    """Store a new report's answers (``rows`` from `checklist_answers_check`). None when a
    response with this ``submission_key`` is already stored: a concurrent double submit of the
    same form won the race, and the caller keeps the report it made."""
    try:
        with transaction.atomic():
            response = Response.objects.create(
                centre=centre,
                version=version,
                office=office,
                service=service,
                channel=Channel.MYSTERY_SHOPPER,
                submitted_on=submitted_on,
                submission_key=submission_key,
            )
    except IntegrityError:
        return None
    _store_answers(response, rows)
    return response


@transaction.atomic
def checklist_response_update(
    *,
    response: Response | None,
    centre: Centre,
    version: QuestionnaireVersion,
    office: Office,
    service: Service | None,
    submitted_on: dt.date,
    rows: list[Answer],
) -> Response:
    """Replace a report's answers as a whole and its visit facts; a report without a response
    (not made by these services) gets one now. Returns the response."""
    if response is None:
        response = Response.objects.create(
            centre=centre,
            version=version,
            channel=Channel.MYSTERY_SHOPPER,
            submitted_on=submitted_on,
            submission_key=uuid.uuid4().hex,
        )
    response.office = office
    response.service = service
    response.submitted_on = submitted_on
    response.save(update_fields=["office", "service", "submitted_on"])
    response.answers.all().delete()
    _store_answers(response, rows)
    return response


def _store_answers(response: Response, rows: list[Answer]) -> None:
    for row in rows:
        row.response = response
        # Not shown to the public: the evaluator's comments are part of a report, not feedback.
        row.moderation = ""
    Answer.objects.bulk_create(rows)
    results_version_bump(questionnaire_id=response.version.questionnaire_id)
