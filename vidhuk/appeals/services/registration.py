"""Receiving items: the web form, staff entry for every offline channel, hotline calls, boxes."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core import uploads
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.text import strip_bidi_controls

from .. import tasks
from ..choices import (
    CHANNEL_DOCUMENT_TYPE,
    CHANNEL_RECEIPT_FORM,
    Channel,
    EventStage,
    Kind,
    KindGroup,
    Sign,
)
from ..deadlines import appeal_deadline, end_of_day, info_request_deadline
from ..models import Appeal, AppealAttachment, HotlineCall, SuggestionBoxOpening
from ..tokens import new_tracker_token, tracker_token_for
from ._common import (
    add_event,
    after_commit,
    default_subject,
    ensure_member,
    index_prefix,
    lock_counter,
    next_number,
    normalise_phone,
    registration_index,
)

ATTACHMENT_MAX_BYTES_DEFAULT = 10 * 1024 * 1024
ATTACHMENTS_MAX_COUNT_DEFAULT = 5
ATTACHMENT_KINDS = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.TEXT})


@dataclass(frozen=True)
class Applicant:
    """Who wrote. Art. 5 of the Law on Citizens' Appeals; only feedback may be anonymous."""

    full_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    is_anonymous: bool = False
    signatories_count: int = 1
    is_benefit_holder: bool = False
    applicant_category: str = ""
    social_status: str = ""
    consent_text: str = ""


@dataclass(frozen=True)
class Demographics:
    """Voluntary answers, each may be "undisclosed"; stored as given on the day."""

    sex: str = ""
    age_group: str = ""
    is_idp: str = ""
    has_disability: str = ""
    is_pensioner: str = ""
    is_veteran: str = ""


@dataclass(frozen=True)
class RegistrationCard:
    """Card fields of Instruction КМУ №348 that staff may set; blanks follow from the channel."""

    sign: str = Sign.PRIMARY
    subject: str = ""
    receipt_form: str = ""
    document_type: str = ""
    document_date: dt.date | None = None
    sent_from: str = ""
    sent_from_index: str = ""
    sent_from_date: dt.date | None = None


@dataclass(frozen=True)
class ChannelDetails:
    book_number: str = ""
    book_page: int | None = None
    social_post_url: str = ""


@dataclass(frozen=True)
class BoxEntry:
    """One item taken out of a suggestion box, as typed by staff."""

    kind: str
    text: str
    applicant: Applicant = field(default_factory=Applicant)
    topic: str = ""
    staff_remark: str = ""
    service: Service | None = None
    demographics: Demographics | None = None


@dataclass(frozen=True)
class Registered:
    """The item and its tracker token. The token is never stored in the clear (tokens.py); a
    repeated submit of the same form gets the same token back, `created` False."""

    appeal: Appeal
    tracker_token: str
    created: bool


# --- attachments ---------------------------------------------------------------------------------


def attachment_check(*, file: UploadedFile) -> str:
    """The content type of a safe attachment, judged by its content; ValidationError otherwise."""
    return uploads.upload_check(
        file, kinds=ATTACHMENT_KINDS, max_bytes=_attachment_max_bytes()
    ).content_type


def attachments_check(*, files: Sequence[UploadedFile]) -> list[uploads.CheckedUpload]:
    """The attachments checked and cleaned by vidhuk.core.uploads, or ValidationError with a
    message for each refused file.

    Accepted: PDF, JPEG, PNG and UTF-8 plain text, judged by their content; the name's extension
    must agree with it. Each at most settings.VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES (10 MiB), at
    most settings.VIDHUK_APPEAL_ATTACHMENTS_MAX (5) files. A photo is stored re-encoded without
    its EXIF, so a resident's GPS position never reaches the case file.
    """
    max_count = getattr(settings, "VIDHUK_APPEAL_ATTACHMENTS_MAX", ATTACHMENTS_MAX_COUNT_DEFAULT)
    return uploads.uploads_check(
        files, kinds=ATTACHMENT_KINDS, max_bytes=_attachment_max_bytes(), max_count=max_count
    )


def _attachment_max_bytes() -> int:
    return int(
        getattr(settings, "VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES_DEFAULT)
    )


def _attach(*, appeal: Appeal, files: Sequence[UploadedFile]) -> None:
    for checked in attachments_check(files=files):
        content = checked.content
        attachment = AppealAttachment(
            appeal=appeal,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save("upload", ContentFile(content), save=False)
        attachment.full_clean(exclude=["appeal"])
        attachment.save()


# --- registration ------------------------------------------------------------------------------


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


def _register(
    *,
    centre: Centre,
    actor: Any,
    channel: str,
    kind: str,
    text: str,
    received_at: dt.datetime,
    applicant: Applicant,
    card: RegistrationCard,
    details: ChannelDetails,
    demographics: Demographics | None,
    topic: str,
    office: Office | None,
    service: Service | None,
    staff_remark: str,
    is_urgent: bool,
    urgency_reason: str,
    needs_study: bool,
    submission_key: uuid.UUID | None,
    box_opening: SuggestionBoxOpening | None,
    executor: Any,
    files: Sequence[UploadedFile],
    base_url: str,
) -> Registered:
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware")
    year = timezone.localtime(received_at).year
    earlier = _already_registered(centre=centre, submission_key=submission_key)
    if earlier is not None:
        return earlier
    for related, name in ((office, "office"), (service, "service")):
        if related is not None and related.centre_id != centre.pk:
            raise ValidationError({name: _("Оберіть зі списку цього центру.")}, code="other_centre")
    if executor is not None:
        ensure_member(centre=centre, user=executor)
    salt, token, token_digest = new_tracker_token()
    now = timezone.now()
    appeal = Appeal(
        centre=centre,
        kind=Kind(kind),
        channel=Channel(channel),
        receipt_form=card.receipt_form or CHANNEL_RECEIPT_FORM[channel],
        document_type=card.document_type or CHANNEL_DOCUMENT_TYPE[channel],
        sign=card.sign,
        subject=card.subject
        or default_subject(
            is_anonymous=applicant.is_anonymous, signatories_count=applicant.signatories_count
        ),
        received_at=received_at,
        document_date=card.document_date,
        sent_from=card.sent_from.strip(),
        sent_from_index=card.sent_from_index.strip(),
        sent_from_date=card.sent_from_date,
        submission_key=submission_key,
        tracker_salt=salt,
        tracker_token_hash=token_digest,
        book_number=details.book_number.strip(),
        book_page=details.book_page,
        social_post_url=details.social_post_url.strip(),
        box_opening=box_opening,
        is_anonymous=applicant.is_anonymous,
        # Bidi controls dropped here too (not only in the forms): every channel, every PDF and mail.
        full_name=""
        if applicant.is_anonymous
        else " ".join(strip_bidi_controls(applicant.full_name).split()),
        address="" if applicant.is_anonymous else strip_bidi_controls(applicant.address).strip(),
        email="" if applicant.is_anonymous else applicant.email.strip(),
        phone="" if applicant.is_anonymous else normalise_phone(applicant.phone),
        signatories_count=applicant.signatories_count,
        applicant_category=applicant.applicant_category,
        social_status=applicant.social_status,
        is_benefit_holder=applicant.is_benefit_holder,
        consent_text=applicant.consent_text,
        consent_given_at=now if applicant.consent_text else None,
        text=text.strip(),
        topic=topic,
        office=office,
        service=service,
        staff_remark=staff_remark.strip(),
        is_urgent=is_urgent,
        urgency_reason=urgency_reason.strip(),
        executor=executor,
    )
    if demographics is not None:
        appeal.demographics_consent_at = now
        for name, value in vars(demographics).items():
            setattr(appeal, name, value)
    appeal.registration_year = year
    appeal.registration_number = 0  # set below, after validation, so a refusal uses no number
    appeal.registration_index = "-"
    appeal.initial_due_at = appeal.due_at = _initial_due_at(appeal=appeal, needs_study=needs_study)
    # submission_key is left to the check under the lock below (a double submit is not an error).
    appeal.full_clean(exclude=["registration_number", "registration_index", "submission_key"])
    # Everything that can be checked is checked before the centre's counter is locked: the lock
    # is held until the transaction commits, and every registration of the centre waits on it.
    counter = lock_counter(centre=centre, year=year)
    # Checked again under the lock: a second click waits for the first and finds its case.
    earlier = _already_registered(centre=centre, submission_key=submission_key)
    if earlier is not None:
        return earlier
    appeal.registration_number = next_number(counter)
    appeal.registration_index = registration_index(
        prefix=index_prefix(appeal), number=appeal.registration_number, year=year
    )
    appeal.save()
    _attach(appeal=appeal, files=files)
    add_event(
        appeal=appeal,
        stage=EventStage.REGISTERED,
        actor=actor,
        at=now,
        public_text=_("Зареєстровано за номером %(index)s.") % {"index": appeal.registration_index},
    )
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=appeal,
        changes={"channel": [None, appeal.channel], "kind": [None, appeal.kind]},
    )
    if appeal.email:
        after_commit(
            tasks.appeal_send_registration_confirmation,
            appeal.pk,
            base_url,
        )
    return Registered(appeal=appeal, tracker_token=token, created=True)


@transaction.atomic
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
    return _register(
        centre=centre,
        actor=None,
        channel=Channel.WEB,
        kind=kind,
        text=text,
        received_at=timezone.now(),
        applicant=applicant,
        card=RegistrationCard(),
        details=ChannelDetails(),
        demographics=demographics,
        topic=topic,
        office=office,
        service=service,
        staff_remark=staff_remark,
        is_urgent=is_urgent,
        urgency_reason=urgency_reason,
        needs_study=False,
        submission_key=submission_key,
        box_opening=None,
        executor=None,
        files=attachments,
        base_url=base_url,
    )


@transaction.atomic
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
    return _register(
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
        box_opening=None,
        executor=executor,
        files=attachments,
        base_url=base_url,
    )


# --- hotline ---------------------------------------------------------------------------------


@transaction.atomic
def hotline_call_log(
    *,
    centre: Centre,
    actor: Any,
    started_at: dt.datetime,
    duration_seconds: int,
    question: str,
    consultation: str = "",
    topic: str = "",
    staff_remark: str = "",
    office: Office | None = None,
    service: Service | None = None,
) -> HotlineCall:
    """Record a hotline call. A consultation with no follow-up is a complete record."""
    call = HotlineCall(
        centre=centre,
        started_at=started_at,
        duration_seconds=duration_seconds,
        question=question.strip(),
        consultation=consultation.strip(),
        topic=topic,
        staff_remark=staff_remark.strip(),
        office=office,
        service=service,
        operator=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for related, name in ((office, "office"), (service, "service")):
        if related is not None and related.centre_id != centre.pk:
            raise ValidationError({name: _("Оберіть зі списку цього центру.")}, code="other_centre")
    call.full_clean()
    call.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=call)
    return call


@transaction.atomic
def hotline_call_make_case(
    *,
    call: HotlineCall,
    actor: Any,
    kind: str,
    applicant: Applicant,
    text: str = "",
    needs_study: bool = False,
    demographics: Demographics | None = None,
    card: RegistrationCard | None = None,
    executor: Any = None,
    base_url: str = "",
) -> Registered:
    """Open a case from a call that needs follow-up ("make it a case"). Received when the call
    started; the text defaults to the question asked. A call becomes at most one case."""
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    if call.appeal_id is not None:
        raise ValidationError(_("За цим дзвінком уже відкрито звернення."), code="already_case")
    registered = _register(
        centre=call.centre,
        actor=actor,
        channel=Channel.HOTLINE,
        kind=kind,
        text=text or call.question,
        received_at=call.started_at,
        applicant=applicant,
        card=card or RegistrationCard(document_date=timezone.localtime(call.started_at).date()),
        details=ChannelDetails(),
        demographics=demographics,
        topic=call.topic,
        office=call.office,
        service=call.service,
        staff_remark=call.staff_remark,
        is_urgent=False,
        urgency_reason="",
        needs_study=needs_study,
        submission_key=None,
        box_opening=None,
        executor=executor,
        files=(),
        base_url=base_url,
    )
    call.appeal = registered.appeal
    call.save(update_fields=["appeal", "updated_at"])
    audit_record(
        actor=actor,
        centre=call.centre,
        action=AuditAction.UPDATE,
        obj=call,
        changes={"appeal": [None, registered.appeal.registration_index]},
    )
    return registered


# --- suggestion box --------------------------------------------------------------------------


@transaction.atomic
def box_opening_create(
    *,
    centre: Centre,
    actor: Any,
    office: Office,
    opened_on: dt.date,
    opened_by: str,
    entries: Sequence[BoxEntry],
    note: str = "",
    base_url: str = "",
) -> SuggestionBoxOpening:
    """Record one opening of a suggestion box with all its entries: every entry or none.

    Entries are received on the day of opening. A note without a name can only be feedback.
    """
    if office.centre_id != centre.pk:
        raise ValidationError({"office": _("Оберіть офіс цього центру.")}, code="other_centre")
    opening = SuggestionBoxOpening(
        centre=centre,
        office=office,
        opened_on=opened_on,
        opened_by=opened_by.strip(),
        note=note.strip(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    opening.full_clean()
    opening.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=opening)
    now = timezone.localtime()
    received_at = (
        now
        if opened_on == now.date()
        else timezone.make_aware(dt.datetime.combine(opened_on, dt.time(12, 0)))
    )
    problems: list[ValidationError] = []
    for number, entry in enumerate(entries, start=1):
        try:
            _register(
                centre=centre,
                actor=actor,
                channel=Channel.BOX,
                kind=entry.kind,
                text=entry.text,
                received_at=received_at,
                applicant=entry.applicant,
                card=RegistrationCard(),
                details=ChannelDetails(),
                demographics=entry.demographics,
                topic=entry.topic,
                office=office,
                service=entry.service,
                staff_remark=entry.staff_remark,
                is_urgent=False,
                urgency_reason="",
                needs_study=False,
                submission_key=None,
                box_opening=opening,
                executor=None,
                files=(),
                base_url=base_url,
            )
        except ValidationError as error:
            # Every bad entry is told at once, its number in `params` for the form to place it.
            problems.append(
                ValidationError(
                    _("Запис №%(number)s: %(errors)s"),
                    code="entry_invalid",
                    params={"number": number, "errors": "; ".join(error.messages)},
                )
            )
    if problems:
        raise ValidationError(problems)
    return opening
