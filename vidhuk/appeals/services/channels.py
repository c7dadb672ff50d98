"""Hotline calls and suggestion boxes: logs that staff keep, from which cases are registered
through the same intake as every other channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record

from ..choices import Channel
from ..models import HotlineCall, SuggestionBoxOpening
from .intake import AppealIntake, Applicant, BoxEntry, Demographics, Registered, RegistrationCard
from .registration import appeal_intake_register

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
    intake = AppealIntake(
        centre=call.centre,
        actor=actor,
        channel=Channel.HOTLINE,
        kind=kind,
        text=text or call.question,
        received_at=call.started_at,
        applicant=applicant,
        card=card or RegistrationCard(document_date=timezone.localtime(call.started_at).date()),
        demographics=demographics,
        topic=call.topic,
        office=call.office,
        service=call.service,
        staff_remark=call.staff_remark,
        needs_study=needs_study,
        executor=executor,
        base_url=base_url,
    )
    registered = appeal_intake_register(intake=intake)
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
    received_at = _box_received_at(opened_on)
    problems: list[ValidationError] = []
    for number, entry in enumerate(entries, start=1):
        try:
            appeal_intake_register(
                intake=AppealIntake(
                    centre=centre,
                    actor=actor,
                    channel=Channel.BOX,
                    kind=entry.kind,
                    text=entry.text,
                    received_at=received_at,
                    applicant=entry.applicant,
                    demographics=entry.demographics,
                    topic=entry.topic,
                    office=office,
                    service=entry.service,
                    staff_remark=entry.staff_remark,
                    box_opening=opening,
                    base_url=base_url,
                )
            )
        except ValidationError as error:
            # Every bad entry is told at once, its number in `params` for the form to place it.
            problems.append(_entry_problem(number=number, error=error))
    if problems:
        raise ValidationError(problems)
    return opening


def _box_received_at(opened_on: dt.date) -> dt.datetime:
    """Entries are received when the box is opened: now if today, else noon of that day."""
    now = timezone.localtime()
    if opened_on == now.date():
        return now
    return timezone.make_aware(dt.datetime.combine(opened_on, dt.time(12, 0)))


def _entry_problem(*, number: int, error: ValidationError) -> ValidationError:
    return ValidationError(
        _("Запис №%(number)s: %(errors)s"),
        code="entry_invalid",
        params={"number": number, "errors": "; ".join(error.messages)},
    )
