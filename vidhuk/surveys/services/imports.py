"""Importing submissions collected offline in KoboToolbox or ODK Collect (issue 4, point 4).

The file is read and its rows prepared by ``vidhuk.surveys.xlsform``; here each prepared row is
checked against the version exactly as a web answer is (``answers_validate``) and the valid ones
are stored (channel ``xlsform_import``) in one ``ResponseBatch``, with the same rules as
``response_submit`` for a batch: a published version or a retired one (devices still running the
XLSForm of a version since replaced send their forms late, and each response belongs to the version
actually filled in), never a draft; a day not in the future, the day only. A file holds up
to 2,000 rows, so the rows are inserted in bulk (two INSERTs per 500 rows) rather than one
``response_submit`` call (six round trips) per row.

Anonymity: the tools' submission id is never stored. The response's ``submission_key`` is a keyed
hash (HMAC with the site's secret) of the form id and that id, so importing the same file again
adds nothing, and nobody holding the Kobo or ODK data can find a response by it. A file without
submission ids is keyed by its checksum and the row number instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record
from vidhuk.core.tokens import token_digest

from ..choices import BatchKind, Channel, VersionStatus
from ..models import QUESTION_ORDER, Answer, Question, QuestionnaireVersion, Response, ResponseBatch
from ..xlsform.answers import PreparedRow
from ..xlsform.naming import form_id
from .freshness import results_version_bump
from .responses import answers_validate

VALID = "valid"
INVALID = "invalid"
DUPLICATE = "duplicate"  # imported before
REPEATED = "repeated"  # the same submission twice in this file
BULK_SIZE = 500
# Forms collected on these versions may be imported (a draft was never handed out).
IMPORT_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


@dataclass
class CheckedRow:
    row: PreparedRow
    submission_key: str
    status: str
    errors: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)  # unsaved, for a valid row


@dataclass
class ImportCheck:
    rows: list[CheckedRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def valid(self) -> int:
        return self.count(VALID)

    @property
    def invalid(self) -> int:
        return self.count(INVALID)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def repeated(self) -> int:
        return self.count(REPEATED)

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]


@dataclass(frozen=True)
class ImportResult:
    batch: ResponseBatch | None
    imported: int
    skipped: int
    duplicates: int
    repeated: int


class ImportRowsInvalid(Exception):
    """All-or-none import refused: some rows have errors; nothing was stored."""

    def __init__(self, check: ImportCheck) -> None:
        super().__init__(f"{check.invalid} invalid rows")
        self.check = check


def submission_key_for(*, version: QuestionnaireVersion, source_key: str, fallback: str) -> str:
    """The stored key: a keyed hash, never the tool's own submission id (64 hex characters)."""
    material = (
        f"{form_id(version)}|{source_key}" if source_key else f"{form_id(version)}|{fallback}"
    )
    return token_digest("vidhuk.surveys.xlsform-import", material)


def submissions_check(
    *, version: QuestionnaireVersion, rows: list[PreparedRow], checksum: str
) -> ImportCheck:
    """What importing ``rows`` would do, row by row; writes nothing.

    A row is refused when a cell could not be read, its day is in the future, or its answers
    fail the checks every channel passes (``answers_validate``). A submission already stored
    (same key) or repeated in the file is counted, not imported again.
    """
    today = timezone.localdate()
    keyed = [
        (
            row,
            submission_key_for(
                version=version, source_key=row.source_key, fallback=f"{checksum}|{row.line}"
            ),
        )
        for row in rows
    ]
    stored = set(
        Response.objects.filter(
            version=version, submission_key__in=[key for _row, key in keyed]
        ).values_list("submission_key", flat=True)
    )
    seen: set[str] = set()
    checked: list[CheckedRow] = []
    # Loaded once: checking a file of 2,000 rows costs one query for the questions, not 2,000.
    questions = list(Question.objects.filter(version=version).order_by(*QUESTION_ORDER))
    for row, key in keyed:
        if key in stored:
            checked.append(CheckedRow(row=row, submission_key=key, status=DUPLICATE))
            continue
        if key in seen:
            checked.append(CheckedRow(row=row, submission_key=key, status=REPEATED))
            continue
        seen.add(key)
        errors = list(row.errors)
        if row.submitted_on is not None and row.submitted_on > today:
            errors.append(
                _("Рядок %(line)s: дата заповнення %(date)s ще не настала.")
                % {"line": row.line, "date": f"{row.submitted_on:%d.%m.%Y}"}
            )
        answers, answer_errors = _answers(version=version, questions=questions, row=row)
        errors += answer_errors
        status = INVALID if errors else VALID
        checked.append(
            CheckedRow(row=row, submission_key=key, status=status, errors=errors, answers=answers)
        )
    return ImportCheck(rows=checked)


def _answers(
    *, version: QuestionnaireVersion, questions: list[Question], row: PreparedRow
) -> tuple[list[Answer], list[str]]:
    # A question whose cell could not be read already has its message; validate the rest.
    answers = {code: value for code, value in row.answers.items() if code not in row.error_codes}
    try:
        return answers_validate(version=version, answers=answers, questions=questions), []
    except ValidationError as error:
        messages: list[str] = []
        for code, problems in error.message_dict.items():
            if code in row.error_codes:
                continue
            for problem in problems:
                messages.append(
                    _("Рядок %(line)s, питання «%(code)s»: %(message)s")
                    % {"line": row.line, "code": code, "message": problem}
                )
        return [], messages


@transaction.atomic
def submissions_import(
    *,
    version: QuestionnaireVersion,
    rows: list[PreparedRow],
    checksum: str,
    skip_invalid: bool,
    source_name: str,
    actor: Any,
) -> ImportResult:
    """Store the valid rows of an export as responses of ``version`` in one batch.

    All or none unless ``skip_invalid``: with any wrong row ``ImportRowsInvalid`` is raised and
    nothing is stored. The whole import is one transaction, and the version row is locked for it,
    so two imports of one file cannot both store it. The published version and retired ones
    take responses (forms filled in on an older XLSForm arrive late), a draft never; a batch is
    made only when at least one row is new.
    """
    version, check = _import_check(
        version=version, rows=rows, checksum=checksum, skip_invalid=skip_invalid
    )
    batch = None
    valid = [row for row in check.rows if row.status == VALID]
    if valid:
        batch = _batch_store(
            version=version, check=check, valid=valid, source_name=source_name, actor=actor
        )
    return ImportResult(
        batch=batch,
        imported=len(valid),
        skipped=check.invalid,
        duplicates=check.duplicates,
        repeated=check.repeated,
    )


def _import_check(
    *,
    version: QuestionnaireVersion,
    rows: list[PreparedRow],
    checksum: str,
    skip_invalid: bool,
) -> tuple[QuestionnaireVersion, ImportCheck]:
    """The version, locked for the import, and its rows checked; refuses a draft, and any wrong
    row unless ``skip_invalid``."""
    version = (
        QuestionnaireVersion.objects.select_for_update()
        .select_related("questionnaire__centre")
        .get(pk=version.pk)
    )
    if version.status not in IMPORT_STATUSES:
        raise ValidationError(
            _(
                "Ця версія анкети — чернетка: імпортувати відповіді можна в опубліковану версію "
                "або в зняту з використання."
            )
        )
    check = submissions_check(version=version, rows=rows, checksum=checksum)
    if check.invalid and not skip_invalid:
        raise ImportRowsInvalid(check)
    return version, check


def _batch_store(
    *,
    version: QuestionnaireVersion,
    check: ImportCheck,
    valid: list[CheckedRow],
    source_name: str,
    actor: Any,
) -> ResponseBatch:
    """The import's batch with the valid rows as its responses, audited."""
    batch = ResponseBatch(
        centre=version.questionnaire.centre,
        kind=BatchKind.IMPORT,
        version=version,
        label=_batch_label(check),
        received_on=timezone.localdate(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        source_name=source_name[:255],
    )
    batch.full_clean()
    batch.save()
    _store(version=version, batch=batch, rows=valid)
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.CREATE,
        obj=batch,
        changes={
            "file": source_name[:255],
            "imported": len(valid),
            "skipped": check.invalid,
            "duplicates": check.duplicates + check.repeated,
        },
    )
    return batch


def _store(*, version: QuestionnaireVersion, batch: ResponseBatch, rows: list[CheckedRow]) -> None:
    """Insert the checked rows: the day only, no account, device or submission id (anonymity)."""
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        [
            Response(
                centre=version.questionnaire.centre,
                version=version,
                channel=Channel.XLSFORM_IMPORT,
                submitted_on=checked.row.submitted_on or today,
                submission_key=checked.submission_key,
                batch=batch,
            )
            for checked in rows
        ],
        batch_size=BULK_SIZE,
    )
    answers: list[Answer] = []
    for response, checked in zip(responses, rows, strict=True):
        for answer in checked.answers:
            answer.response = response
            answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=BULK_SIZE)
    # One change for the whole batch, however many rows it stored.
    results_version_bump(questionnaire_id=version.questionnaire_id)


def _batch_label(check: ImportCheck) -> str:
    return _(
        "Пропущено рядків з помилками: %(skipped)s; уже імпортованих раніше: %(duplicates)s"
    ) % {"skipped": check.invalid, "duplicates": check.duplicates + check.repeated}
