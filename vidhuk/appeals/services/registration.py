"""Registering an item, whatever its channel: check the intake, then write the case.

The web form and staff entry of offline channels are here; hotline calls and suggestion boxes,
which register through the same intake, are in `channels.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_event_build
from vidhuk.core.sqlinsert import atomic_unless_alone
from vidhuk.core.text import strip_bidi_controls

from .. import tasks
from ..choices import (
    CHANNEL_DOCUMENT_TYPE,
    CHANNEL_RECEIPT_FORM,
    TOPIC_CLASSIFIER_CODE,
    Channel,
    EventStage,
    Kind,
    KindGroup,
)
from ..deadlines import appeal_deadline, end_of_day, info_request_deadline
from ..models import Appeal
from ..tokens import new_tracker_token, tracker_token_for
from ._common import (
    after_commit,
    default_subject,
    ensure_member,
    event_build,
    index_prefix,
    normalise_phone,
)
from .attachments import attachments_store
from .intake import (
    AppealIntake,
    Applicant,
    ChannelDetails,
    Demographics,
    Registered,
    RegistrationCard,
)
from .numbering import INDEX_MARK, appeal_id_reserve, register_numbered


@dataclass(frozen=True)
class CheckedAppeal:
    """A validated, unsaved case and the tracker token the resident will be given (only its
    digest is on the case)."""

    appeal: Appeal
    tracker_token: str
    now: dt.datetime


def appeal_intake_register(*, intake: AppealIntake) -> Registered:
    """Register one item: all of it or nothing (callers hold the transaction, which one without
    files does not need: `_register_once`). A second submit
    of the same form meets the first one's row: IntegrityError, which `_register_once` turns
    into the case the first one made."""
    checked = check_appeal_intake(intake=intake)
    return do_appeal_register(intake=intake, checked=checked)


def check_appeal_intake(*, intake: AppealIntake) -> CheckedAppeal:
    """Validate the intake. Nothing is written, nothing is locked, and a refusal uses no
    registration number.

    Only what the database cannot say is checked here, in Python (issue 15: no savepoint
    re-checks): the model's `clean()` (which holds the rules of the check constraints, with
    their messages), the fields, and that the office, service and executor belong to the centre.
    Uniqueness is the database's: a repeated submission key fails the insert."""
    if timezone.is_naive(intake.received_at):
        raise ValueError("received_at must be timezone-aware")
    year = timezone.localtime(intake.received_at).year
    for related, name in ((intake.office, "office"), (intake.service, "service")):
        if related is not None and related.centre_id != intake.centre.pk:
            raise ValidationError({name: _("Оберіть зі списку цього центру.")}, code="other_centre")
    if intake.executor is not None:
        ensure_member(centre=intake.centre, user=intake.executor)
    salt, token, token_digest = new_tracker_token()
    now = timezone.now()
    appeal = _appeal_from_intake(intake, now=now)
    appeal.tracker_salt = salt
    appeal.tracker_token_hash = token_digest
    appeal.registration_year = year
    appeal.registration_number = 0  # set when written, so a refusal uses no number
    appeal.registration_index = "-"
    appeal.initial_due_at = appeal.due_at = _initial_due_at(
        appeal=appeal, needs_study=intake.needs_study
    )
    # The foreign keys were given as objects and checked above; the database checks the rest.
    appeal.full_clean(exclude=UNCHECKED_FIELDS, validate_unique=False, validate_constraints=False)
    return CheckedAppeal(appeal=appeal, tracker_token=token, now=now)


# Set when written (numbering.py), unique in the database, or given as checked objects.
UNCHECKED_FIELDS = [
    "registration_number",
    "registration_index",
    "submission_key",
    "centre",
    "office",
    "service",
    "executor",
    "box_opening",
]


def do_appeal_register(*, intake: AppealIntake, checked: CheckedAppeal) -> Registered:
    """Store the checked case's files, then number it and write it with its event and audit
    record in one statement, the last before COMMIT (numbering.py); mail the confirmation once
    the transaction commits."""
    appeal = checked.appeal
    if intake.files:
        # The files need the case's key first; they are checked and written before the centre's
        # counter is touched (their key to the case is checked at COMMIT).
        appeal.pk = appeal_id_reserve()
        attachments_store(appeal=appeal, files=intake.files)
    appeal.registration_index = INDEX_MARK
    event = event_build(
        appeal=appeal,
        stage=EventStage.REGISTERED,
        actor=intake.actor,
        at=checked.now,
        public_text=_("Зареєстровано за номером %(index)s.") % {"index": INDEX_MARK},
    )
    audit = audit_event_build(
        actor=intake.actor,
        centre=intake.centre,
        action=AuditAction.CREATE,
        obj=appeal,
        changes={"channel": [None, appeal.channel], "kind": [None, appeal.kind]},
    )
    # The confirmation is queued in the same statement (the database queue) or after COMMIT.
    confirm = tasks.appeal_send_registration_confirmation if appeal.email else None
    queued = register_numbered(
        appeal=appeal,
        prefix=index_prefix(appeal),
        event=event,
        audit=audit,
        then=confirm,
        then_args=(intake.base_url,),
    )
    if confirm is not None and not queued:
        after_commit(confirm, appeal.pk, intake.base_url)
    return Registered(appeal=appeal, tracker_token=checked.tracker_token, created=True)


def _appeal_from_intake(intake: AppealIntake, *, now: dt.datetime) -> Appeal:
    """The unsaved case; the card's blanks follow from the channel."""
    card, details, channel = intake.card, intake.details, intake.channel
    appeal = Appeal(
        centre=intake.centre,
        kind=Kind(intake.kind),
        channel=Channel(channel),
        receipt_form=card.receipt_form or CHANNEL_RECEIPT_FORM[channel],
        document_type=card.document_type or CHANNEL_DOCUMENT_TYPE[channel],
        sign=card.sign,
        subject=card.subject
        or default_subject(
            is_anonymous=intake.applicant.is_anonymous,
            signatories_count=intake.applicant.signatories_count,
        ),
        received_at=intake.received_at,
        document_date=card.document_date,
        sent_from=card.sent_from.strip(),
        sent_from_index=card.sent_from_index.strip(),
        sent_from_date=card.sent_from_date,
        submission_key=intake.submission_key,
        book_number=details.book_number.strip(),
        book_page=details.book_page,
        social_post_url=details.social_post_url.strip(),
        box_opening=intake.box_opening,
        text=intake.text.strip(),
        topic=intake.topic,
        # The main question counts under the classifier's section of the centre's topic.
        topic_code=TOPIC_CLASSIFIER_CODE.get(intake.topic, ""),
        office=intake.office,
        service=intake.service,
        staff_remark=intake.staff_remark.strip(),
        is_urgent=intake.is_urgent,
        urgency_reason=intake.urgency_reason.strip(),
        executor=intake.executor,
        **_applicant_fields(intake.applicant, now=now),
    )
    if intake.demographics is not None:
        appeal.demographics_consent_at = now
        for name, value in vars(intake.demographics).items():
            setattr(appeal, name, value)
    return appeal


def _applicant_fields(applicant: Applicant, *, now: dt.datetime) -> dict[str, Any]:
    """Nothing that names an anonymous writer is kept. Bidi controls are dropped here too (not
    only in the forms): every channel, every PDF and mail."""
    is_anonymous = applicant.is_anonymous
    return {
        "is_anonymous": is_anonymous,
        "full_name": ""
        if is_anonymous
        else " ".join(strip_bidi_controls(applicant.full_name).split()),
        "address": "" if is_anonymous else strip_bidi_controls(applicant.address).strip(),
        "email": "" if is_anonymous else applicant.email.strip(),
        "phone": "" if is_anonymous else normalise_phone(applicant.phone),
        "signatories_count": applicant.signatories_count,
        "applicant_category": applicant.applicant_category,
        "social_status": applicant.social_status,
        "is_benefit_holder": applicant.is_benefit_holder,
        "consent_text": applicant.consent_text,
        "consent_given_at": now if applicant.consent_text else None,
        "wants_decision_updates": not is_anonymous and applicant.wants_decision_updates,
    }


def _initial_due_at(*, appeal: Appeal, needs_study: bool) -> dt.datetime | None:
    """Art. 20 of the Law on Citizens' Appeals (15 days / 1 month, calendar days); Art. 20 of
    Law 2939-VI (5 working days, 48 hours when urgent). Feedback has no legal deadline."""
    if appeal.kind_group == KindGroup.APPEAL:
        day = appeal_deadline(
            received_at=appeal.received_at, needs_study=needs_study, centre=appeal.centre
        )
        return end_of_day(day)
    if appeal.kind_group == KindGroup.INFO_REQUEST:
        return info_request_deadline(
            received_at=appeal.received_at, is_urgent=appeal.is_urgent, centre=appeal.centre
        )
    return None


def _already_registered(*, centre: Centre, submission_key: uuid.UUID | None) -> Registered | None:
    """The case a form with this key already made (a double submit), with its tracker token."""
    if submission_key is None:
        return None
    existing = Appeal.objects.filter(centre=centre, submission_key=submission_key).first()
    if existing is None:
        return None
    token = tracker_token_for(salt=existing.tracker_salt) if existing.tracker_salt else ""
    return Registered(appeal=existing, tracker_token=token, created=False)


# --- the web form and staff entry ----------------------------------------------------------------


def appeal_submit(
    *,
    centre: Centre,
    kind: str,
    text: str,
    submission_key: uuid.UUID,
    applicant: Applicant,
    demographics: Demographics | None = None,
    topic: str = "",
    office: Office | None = None,
    service: Service | None = None,
    staff_remark: str = "",
    is_urgent: bool = False,
    urgency_reason: str = "",
    attachments: Sequence[UploadedFile] = (),
    base_url: str = "",
) -> Registered:
    """Register what a resident sent through the web form: all of it, or nothing.

    Submitting the same `submission_key` again returns the case already made (tracker_token "").
    A named appeal needs the consent text it was given with; an anonymous item can only be
    feedback (Art. 8 of the Law on Citizens' Appeals: anonymous appeals are not considered).
    The deadline is the 15-day one until staff mark the appeal as needing further study.
    """
    if not applicant.is_anonymous and not applicant.consent_text.strip():
        raise ValidationError(
            _("Потрібна згода на обробку персональних даних."), code="consent_required"
        )
    intake = AppealIntake(
        centre=centre,
        channel=Channel.WEB,
        kind=kind,
        text=text,
        received_at=timezone.now(),
        applicant=applicant,
        demographics=demographics,
        topic=topic,
        office=office,
        service=service,
        staff_remark=staff_remark,
        is_urgent=is_urgent,
        urgency_reason=urgency_reason,
        submission_key=submission_key,
        files=attachments,
        base_url=base_url,
    )
    return _register_once(intake)


def appeal_register(
    *,
    centre: Centre,
    actor: Any,
    channel: str,
    kind: str,
    text: str,
    applicant: Applicant,
    received_at: dt.datetime | None = None,
    card: RegistrationCard | None = None,
    details: ChannelDetails | None = None,
    demographics: Demographics | None = None,
    topic: str = "",
    office: Office | None = None,
    service: Service | None = None,
    staff_remark: str = "",
    is_urgent: bool = False,
    urgency_reason: str = "",
    needs_study: bool = False,
    executor: Any = None,
    submission_key: uuid.UUID | None = None,
    attachments: Sequence[UploadedFile] = (),
    base_url: str = "",
) -> Registered:
    """Staff register an item received offline (hotline, reception, book, post, e-mail, social
    network) with its registration card (Instruction КМУ №348). Book items need the book number,
    social network items the link to the post. For boxes use `box_opening_create`."""
    if channel == Channel.BOX:
        raise ValidationError(
            _("Записи зі скриньки вносяться через відкриття скриньки."), code="use_box_opening"
        )
    intake = AppealIntake(
        centre=centre,
        actor=actor,
        channel=channel,
        kind=kind,
        text=text,
        received_at=received_at or timezone.now(),
        applicant=applicant,
        card=card or RegistrationCard(),
        details=details or ChannelDetails(),
        demographics=demographics,
        topic=topic,
        office=office,
        service=service,
        staff_remark=staff_remark,
        is_urgent=is_urgent,
        urgency_reason=urgency_reason,
        needs_study=needs_study,
        submission_key=submission_key,
        executor=executor,
        files=attachments,
        base_url=base_url,
    )
    return _register_once(intake)


def _register_once(intake: AppealIntake) -> Registered:
    """Register in a transaction of its own. A form sent twice (a double click, a repeated POST
    with the same submission key) meets the first one's row in the database's unique index; the
    second transaction is rolled back whole (its number with it) and gets the first one's case
    (`created` False). Nothing is looked up beforehand: a double submit is rare, a submit is not.

    Without files the case, its event and audit record and its number are one statement
    (numbering.py), atomic on its own: in a web request, no BEGIN and COMMIT around it."""
    try:
        with atomic_unless_alone(alone=not intake.files):
            return appeal_intake_register(intake=intake)
    except IntegrityError:
        earlier = _already_registered(centre=intake.centre, submission_key=intake.submission_key)
        if earlier is None:
            raise
        return earlier
