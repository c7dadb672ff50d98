"""Writes of responses and visit tokens: anonymous, all or nothing, one visit one answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.sqlinsert import atomic_unless_alone

from ..choices import NO, NUMBER_RANGES, YES, Channel, Moderation, QuestionType, VersionStatus
from ..models import (
    QUESTION_ORDER,
    Answer,
    Question,
    QuestionnaireVersion,
    Response,
    ResponseBatch,
    SpentVisitCode,
    VisitToken,
)
from ..tokens import new_visit_code, spent_code_digest, visit_code_hash
from .freshness import results_version_bump
from .response_store import response_store

# A visitor may answer from home in the days after the visit, not months later.
VISIT_TOKEN_VALID_DAYS = 7
# How long past its validity a spent code is still recognised as «already used».
SPENT_CODE_MARGIN_DAYS = 7
MAX_TOKENS_PER_BATCH = 2000
MAX_TEXT_LENGTH = 4000

AnswerValue = Any


def response_submit(
    *,
    version: QuestionnaireVersion,
    channel: str,
    answers: dict[str, AnswerValue],
    submission_key: str,
    office: Office | None = None,
    service: Service | None = None,
    visit_token: str | None = None,
    actor: Any = None,
    batch: ResponseBatch | None = None,
    submitted_on: dt.date | None = None,
    questions: list[Question] | None = None,
) -> Response:
    """Store one anonymous response to a published version (in a batch, also a retired one),
    all or nothing.

    Every answer is checked against its question; the errors come back together, keyed by
    question code. A repeated ``submission_key`` returns the response already stored (a double
    submit stores one). A visit token is used once, within ``VISIT_TOKEN_VALID_DAYS`` of the
    visit, and only at the centre that issued it; it sets the office and service. Only the day
    is stored, never the time, the account, the IP address or the token (issue 4, anonymity).
    The used token is deleted, not updated: an updated row would carry this transaction's id
    (PostgreSQL's ``xmin``) like the response, and pair the answer with the token and with the
    queue ticket issued with it. A ``SpentVisitCode`` (another HMAC of the code) remembers that
    the code was used, so a second try is told so.
    Paper forms and imported submissions come in a ``batch`` and may carry the day they were
    filled (``submitted_on``, not in the future); otherwise the day is today. ``questions``: the
    version's questions in order, when the caller (the web form) has loaded them already.
    Nothing is looked up before the insert (`_response_store`). With neither a visit token nor
    an actor, the response, its answers and the results version are one statement
    (`response_store`) and no transaction is opened for it; otherwise all of it is one
    transaction and the results version is bumped last.
    """
    channel = Channel(channel)
    needs_transaction = channel == Channel.VISIT_TOKEN or bool(visit_token) or actor is not None
    with atomic_unless_alone(alone=not needs_transaction):
        return _submit(
            version=version,
            channel=channel,
            answers=answers,
            submission_key=submission_key,
            office=office,
            service=service,
            visit_token=visit_token,
            actor=actor,
            batch=batch,
            submitted_on=submitted_on,
            questions=questions,
        )


def _submit(
    *,
    version: QuestionnaireVersion,
    channel: Channel,
    answers: dict[str, AnswerValue],
    submission_key: str,
    office: Office | None,
    service: Service | None,
    visit_token: str | None,
    actor: Any,
    batch: ResponseBatch | None,
    submitted_on: dt.date | None,
    questions: list[Question] | None,
) -> Response:
    centre_id = version.questionnaire.centre_id
    _submission_check(version=version, submission_key=submission_key, in_batch=batch is not None)
    token = None
    if channel == Channel.VISIT_TOKEN or visit_token:
        token = _visit_token_lock(code=visit_token or "", centre_id=centre_id)
        # Waiting for the lock, a double submit of this very form may have stored the answer
        # (and deleted the token): that one is the answer.
        existing = _existing(version=version, submission_key=submission_key)
        if existing is not None:
            return existing
        token = _visit_token_check(token=token, code=visit_token or "", centre_id=centre_id)
        office, service = token.office, token.service
    _check_place(centre_id=centre_id, office=office, service=service)
    day = _batch_and_day_check(version=version, batch=batch, submitted_on=submitted_on)
    # A paper form was filled in by hand: its empty boxes stay empty. (Kobo and ODK enforce
    # `required` on the device, so an imported row without a required answer is an error.)
    rows = answers_validate(
        version=version,
        answers=answers,
        enforce_required=channel != Channel.PAPER,
        questions=questions,
    )
    response = _response_store(
        version=version,
        office=office,
        service=service,
        channel=channel,
        submitted_on=day,
        submission_key=submission_key,
        batch=batch,
        rows=rows,
        counted=token is None and actor is None,
    )
    if response is None:
        # A double submit of the same form stored it first (maybe concurrently): that one.
        return Response.objects.get(version=version, submission_key=submission_key)
    if token is None and actor is None:
        return response  # counted in the results version by the same statement
    if token is not None:
        _visit_token_spend(token=token, code=visit_token or "")
    if actor is not None:
        _response_audit(actor=actor, version=version, channel=channel)
    # Last, so the counter's row is locked for as short a time as possible.
    results_version_bump(questionnaire_id=version.questionnaire_id)
    return response


def _response_audit(*, actor: Any, version: QuestionnaireVersion, channel: Channel) -> None:
    """The entry is audited without the response's id, so the log cannot date a response."""
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.CREATE,
        object_type=Response._meta.label_lower,
        object_repr=str(version),
        changes={"channel": channel},
    )


def _submission_check(
    *, version: QuestionnaireVersion, submission_key: str, in_batch: bool
) -> None:
    # Paper forms and offline devices lag: a form filled on a version since replaced still
    # comes in, in a batch, and belongs to the version it was filled on. The web takes only
    # the published version; nothing ever takes a draft.
    accepted = (
        (VersionStatus.PUBLISHED, VersionStatus.RETIRED) if in_batch else (VersionStatus.PUBLISHED,)
    )
    if version.status not in accepted:
        raise ValidationError(_("Ця версія анкети не приймає відповідей: вона не опублікована."))
    if not submission_key or len(submission_key) > 64:
        raise ValidationError(_("Форма пошкоджена: оновіть сторінку й надішліть ще раз."))


def _batch_and_day_check(
    *, version: QuestionnaireVersion, batch: ResponseBatch | None, submitted_on: dt.date | None
) -> dt.date:
    """The batch belongs to this version; the day the form was filled (today unless given) is
    not in the future."""
    if batch is not None and (
        batch.centre_id != version.questionnaire.centre_id or batch.version_id != version.pk
    ):
        raise ValidationError(_("Пакет відповідей належить іншій анкеті."))
    today = timezone.localdate()
    if submitted_on is not None and submitted_on > today:
        raise ValidationError({"submitted_on": _("Дата заповнення не може бути в майбутньому.")})
    return submitted_on or today


def _response_store(
    *,
    version: QuestionnaireVersion,
    office: Office | None,
    service: Service | None,
    channel: Channel,
    submitted_on: dt.date,
    submission_key: str,
    batch: ResponseBatch | None,
    rows: list[Answer],
    counted: bool,
) -> Response | None:
    """The response with its answers, or None when a double submit stored it first (the insert
    meets its row in the unique key of version and submission key, and inserts nothing).
    `counted`: with the results version's bump, all in one statement."""
    response = Response(
        centre_id=version.questionnaire.centre_id,
        version=version,
        office=office,
        service=service,
        channel=channel,
        submitted_on=submitted_on,
        submission_key=submission_key,
        batch=batch,
    )
    counted_in = version.questionnaire_id if counted else None
    stored = response_store(response=response, rows=rows, counted_in=counted_in)
    return response if stored else None


def _existing(*, version: QuestionnaireVersion, submission_key: str) -> Response | None:
    return Response.objects.filter(version=version, submission_key=submission_key).first()


def _visit_token_lock(*, code: str, centre_id: int) -> VisitToken | None:
    """The token of the code, locked until the answer is stored: a second tab waits here and
    then finds no token (it was deleted) — and the spent code."""
    if not code.strip():
        return None
    return (
        VisitToken.objects.select_for_update(of=("self",))
        .select_related("office", "service")
        .filter(centre_id=centre_id, code_hash=visit_code_hash(code))
        .first()
    )


def _visit_token_check(*, token: VisitToken | None, code: str, centre_id: int) -> VisitToken:
    """The token if it may be answered now; else the refusal: already used, expired, unknown.

    The messages differ on purpose (issue 4): a visitor who answered already, or too late, is
    told so instead of being made to retype a code that was right."""
    invalid = ValidationError(_("Код візиту недійсний. Перевірте, чи правильно його введено."))
    if token is None:
        if code.strip() and visit_code_is_spent(code=code, centre=centre_id):
            raise ValidationError(_("За цим кодом уже відповіли: один візит — одна відповідь."))
        raise invalid
    today = timezone.localdate()
    if today < token.valid_on:
        raise invalid
    if today > token.valid_on + dt.timedelta(days=VISIT_TOKEN_VALID_DAYS):
        raise ValidationError(
            ngettext(
                "Строк дії коду візиту минув: відповісти можна протягом %(days)s дня після візиту.",
                "Строк дії коду візиту минув: відповісти можна протягом %(days)s днів "
                "після візиту.",
                VISIT_TOKEN_VALID_DAYS,
            )
            % {"days": VISIT_TOKEN_VALID_DAYS}
        )
    return token


def _visit_token_spend(*, token: VisitToken, code: str) -> None:
    """Delete the answered token and remember its code under another HMAC (see the model)."""
    SpentVisitCode.objects.create(
        centre_id=token.centre_id, digest=spent_code_digest(code), spent_on=timezone.localdate()
    )
    token.delete()


def visit_code_is_spent(*, code: str, centre: Centre | int) -> bool:
    """Whether the code was answered with at this centre (while its spent row is kept)."""
    return SpentVisitCode.objects.filter(centre=centre, digest=spent_code_digest(code)).exists()


@transaction.atomic
def spent_visit_codes_tidy(*, today: dt.date) -> int:
    """The daily care of spent codes; returns how many were forgotten.

    A code is valid for ``VISIT_TOKEN_VALID_DAYS`` after its visit, so it is spent at most that
    long after; past that and a margin its row is deleted (a second try then gets «expired» or
    «unknown» — still true enough). The rows kept are rewritten: a spent row is written in the
    transaction that stored the answer, and rewriting it gives it this transaction's ``xmin``
    instead, so that whoever knows a code cannot find its answer through the spent row."""
    keep_from = today - dt.timedelta(days=VISIT_TOKEN_VALID_DAYS + SPENT_CODE_MARGIN_DAYS)
    deleted, _per_model = SpentVisitCode.objects.filter(spent_on__lt=keep_from).delete()
    SpentVisitCode.objects.update(spent_on=F("spent_on"))
    return deleted


def _check_place(*, centre_id: int, office: Office | None, service: Service | None) -> None:
    if office is not None and office.centre_id != centre_id:
        raise ValidationError({"office": _("Цей офіс не належить центру анкети.")})
    if service is not None and service.centre_id != centre_id:
        raise ValidationError({"service": _("Ця послуга не належить центру анкети.")})


def answers_validate(
    *,
    version: QuestionnaireVersion,
    answers: dict[str, AnswerValue],
    enforce_required: bool = True,
    questions: list[Question] | None = None,
) -> list[Answer]:
    """Check every answer against its question; unsaved Answer rows, or all errors at once.

    A question hidden by its skip logic is neither required nor stored. ``enforce_required``
    is off for a paper form a person filled in by hand: a box left empty stays empty (staff
    cannot make up an answer), but a wrong answer is still refused. ``questions`` — the
    version's questions in order, when the caller checks many answers at once (an import) and
    has loaded them already.
    """
    if questions is None:
        questions = list(version.questions.order_by(*QUESTION_ORDER))
    known = {question.code for question in questions}
    errors: dict[str, str] = {
        code: _("Питання «%(code)s» немає в цій анкеті.") % {"code": code}
        for code in answers
        if code not in known
    }
    rows: list[Answer] = []
    shown_answers: dict[str, AnswerValue] = {}
    for question in questions:
        # Skip logic reads only answers to questions that were shown themselves (chains).
        if not is_shown(question, shown_answers):
            continue
        shown_answers[question.code] = answers.get(question.code)
        value = answers.get(question.code)
        if _is_empty(value):
            if question.is_required and enforce_required:
                errors[question.code] = _("Дайте відповідь на це питання.")
            continue
        try:
            parsed = PARSERS[question.type](question, value)
        except ValidationError as error:
            errors[question.code] = error.messages[0]
            continue
        if (
            question.type == QuestionType.MATRIX
            and question.is_required
            and enforce_required
            and {answer.row for answer in parsed} != set(question.row_values())
        ):
            errors[question.code] = _("Оберіть варіант для кожного рядка таблиці.")
            continue
        rows.extend(parsed)
    if errors:
        raise ValidationError(errors)
    return rows


def is_shown(question: Question, answers: dict[str, AnswerValue]) -> bool:
    if not question.show_if:
        return True
    given = answers.get(str(question.show_if.get("question")))
    given_values = {str(v) for v in given} if isinstance(given, list) else {_as_text(given)}
    return bool(given_values & {str(v) for v in question.show_if.get("equals", [])})


def _as_text(value: AnswerValue) -> str:
    if value is True:
        return YES
    if value is False:
        return NO
    return "" if value is None else str(value)


def _is_empty(value: AnswerValue) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | dict) and not value)


def _choice(question: Question, value: AnswerValue) -> list[Answer]:
    text = _as_text(value)
    if isinstance(value, list | dict) or text not in question.option_values():
        raise ValidationError(_("Оберіть один із запропонованих варіантів."))
    return [Answer(question=question, choice=text)]


def _multiple(question: Question, value: AnswerValue) -> list[Answer]:
    values = value if isinstance(value, list) else [value]
    chosen = [_as_text(v) for v in values]
    allowed = set(question.option_values())
    if len(set(chosen)) != len(chosen) or not set(chosen) <= allowed:
        raise ValidationError(
            _("Оберіть лише запропоновані варіанти, кожен не більше одного разу.")
        )
    return [Answer(question=question, choice=choice) for choice in chosen]


def _number(question: Question, value: AnswerValue) -> list[Answer]:
    low, high = NUMBER_RANGES[question.type]
    message = _("Вкажіть ціле число від %(low)s до %(high)s.") % {"low": low, "high": high}
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(message)
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise ValidationError(message)
    return [Answer(question=question, number=int(text))]


def _yes_no(question: Question, value: AnswerValue) -> list[Answer]:
    text = _as_text(value)
    if text not in (YES, NO):
        raise ValidationError(_("Відповідайте «так» або «ні»."))
    return [Answer(question=question, choice=text)]


def _text(question: Question, value: AnswerValue) -> list[Answer]:
    if not isinstance(value, str):
        raise ValidationError(_("Відповідь має бути текстом."))
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Відповідь задовга: не більше %(limit)s символів.") % {"limit": MAX_TEXT_LENGTH}
        )
    # Free text waits for a moderator before anything of it can be shown publicly.
    return [Answer(question=question, text=value.strip(), moderation=Moderation.PENDING)]


def _matrix(question: Question, value: AnswerValue) -> list[Answer]:
    if not isinstance(value, dict):
        raise ValidationError(_("Оберіть варіант для кожного рядка таблиці."))
    rows, options = set(question.row_values()), set(question.option_values())
    given = {str(row): _as_text(choice) for row, choice in value.items() if not _is_empty(choice)}
    if not set(given) <= rows or not set(given.values()) <= options:
        raise ValidationError(_("Оберіть лише запропоновані варіанти в рядках таблиці."))
    return [Answer(question=question, row=row, choice=choice) for row, choice in given.items()]


PARSERS: dict[str, Callable[[Question, AnswerValue], list[Answer]]] = {
    QuestionType.SINGLE_CHOICE: _choice,
    QuestionType.MULTIPLE_CHOICE: _multiple,
    QuestionType.RATING: _number,
    QuestionType.SCALE: _number,
    QuestionType.YES_NO: _yes_no,
    QuestionType.TEXT: _text,
    QuestionType.MATRIX: _matrix,
}


@transaction.atomic
def visit_tokens_issue(
    *,
    centre: Centre,
    office: Office,
    service: Service | None,
    valid_on: dt.date,
    count: int,
    actor: Any,
) -> list[str]:
    """Issue ``count`` single-use visit codes for receipts or queue tickets of one office and day.

    The plain codes are returned once, to be printed; only their HMAC is stored. The codes are
    tied to the place and day of the visit, never to a person.
    """
    if not 1 <= count <= MAX_TOKENS_PER_BATCH:
        raise ValidationError(
            _("Кількість кодів має бути від 1 до %(limit)s.") % {"limit": MAX_TOKENS_PER_BATCH}
        )
    _check_place(centre_id=centre.pk, office=office, service=service)
    codes = [new_visit_code() for _index in range(count)]
    VisitToken.objects.bulk_create(
        VisitToken(
            centre=centre,
            office=office,
            service=service,
            valid_on=valid_on,
            code_hash=visit_code_hash(code),
        )
        for code in codes
    )
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        object_type=VisitToken._meta.label_lower,
        object_repr=f"{office} — {valid_on:%d.%m.%Y}",
        changes={"count": count, "service": str(service) if service else None},
    )
    return codes
