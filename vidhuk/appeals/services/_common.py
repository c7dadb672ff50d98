"""Helpers shared by the appeals services: numbering, tokens, events, transitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.accounts.models import Membership
from vidhuk.core.models import Centre

from ..choices import KindGroup, Status, Subject
from ..models import Appeal, AppealEvent, AppealsSettings


def index_prefix(appeal: Appeal) -> str:
    """The letter part of the registration index (Instruction КМУ №348).

    The first letter of the applicant's surname (the first word of the name); «Кол» for a
    collective appeal, «Ан» for an anonymous item and «ЗІ» for a request for public information.
    """
    if appeal.is_anonymous:
        return "Ан"
    if appeal.kind_group == KindGroup.INFO_REQUEST:
        return "ЗІ"
    if appeal.is_collective:
        return "Кол"
    first = appeal.full_name.strip()[:1].upper()
    return first if first.isalpha() else "Б"


def registration_index(*, prefix: str, number: int, year: int) -> str:
    """Format: «<prefix>-<number>/<year>», e.g. «Ж-17/2026», «Кол-5/2026», «Ан-203/2026»."""
    return f"{prefix}-{number}/{year}"


def normalise_phone(phone: str) -> str:
    """E.164 form of a phone number; numbers without a country code are taken as Ukrainian."""
    phone = phone.strip()
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, "UA")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            {"phone": _("Вкажіть номер телефону, наприклад 067 123 45 67.")}, code="invalid"
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def ensure_member(*, centre: Centre, user: Any, field: str = "executor") -> None:
    """Only an active member of the same centre can work on its cases."""
    user_pk = getattr(user, "pk", None)
    is_member = (
        user_pk is not None
        and Membership.objects.filter(user_id=user_pk, centre=centre, is_active=True).exists()
    )
    if not is_member:
        raise ValidationError(
            {field: _("Виконавцем може бути лише працівник цього центру.")}, code="not_member"
        )


def ensure_status(appeal: Appeal, allowed: Collection[str], action: str) -> None:
    if appeal.status not in allowed:
        raise ValidationError(
            _("Дія «%(action)s» неможлива для звернення у стані «%(status)s».")
            % {"action": action, "status": appeal.get_status_display()},
            code="invalid_transition",
        )


def ensure_group(appeal: Appeal, groups: Collection[str], action: str) -> None:
    if appeal.kind_group not in groups:
        raise ValidationError(
            _("Дія «%(action)s» не застосовується до виду «%(kind)s».")
            % {"action": action, "kind": appeal.get_kind_display()},
            code="invalid_kind",
        )


def lock(appeal: Appeal) -> Appeal:
    """Re-read the case under a row lock so two members cannot change it at once."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    for field in locked._meta.concrete_fields:
        setattr(appeal, field.attname, getattr(locked, field.attname))
    return appeal


def add_event(
    *,
    appeal: Appeal,
    stage: str,
    actor: Any,
    public_text: str = "",
    internal_note: str = "",
    is_public: bool = True,
    at: dt.datetime | None = None,
) -> AppealEvent:
    event = event_build(
        appeal=appeal,
        stage=stage,
        actor=actor,
        public_text=public_text,
        internal_note=internal_note,
        is_public=is_public,
        at=at,
    )
    event.full_clean(exclude=["appeal"])
    event.save()
    return event


def event_build(
    *,
    appeal: Appeal,
    stage: str,
    actor: Any,
    public_text: str = "",
    internal_note: str = "",
    is_public: bool = True,
    at: dt.datetime | None = None,
) -> AppealEvent:
    """The unsaved event `add_event` would write (registration writes it with the case)."""
    return AppealEvent(
        appeal=appeal,
        stage=stage,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        public_text=public_text,
        internal_note=internal_note,
        is_public=is_public,
    )


def settings_for(centre: Centre) -> AppealsSettings:
    found = AppealsSettings.objects.filter(centre=centre).first()
    return found if found is not None else AppealsSettings(centre=centre)


def default_subject(*, is_anonymous: bool, signatories_count: int) -> str:
    if is_anonymous:
        return Subject.ANONYMOUS
    return Subject.COLLECTIVE if signatories_count > 1 else Subject.INDIVIDUAL


def after_commit(func: Any, *args: Any) -> None:
    """Queue a background task once the transaction commits (nothing is sent for a rollback)."""
    transaction.on_commit(lambda: func.enqueue(*args))


OPEN = frozenset({Status.REGISTERED, Status.IN_PROGRESS})
