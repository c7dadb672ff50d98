"""Personal data of applicants: audited viewing, anonymisation on schedule, export on request.

Law «Про захист персональних даних» (2297-VI): keep data only as long as needed; a person may
learn what is held about them (within 30 calendar days, free of charge).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vidhuk.core.choices import AuditAction
from vidhuk.core.mail import mail_forget_about
from vidhuk.core.models import Centre
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record

from ..choices import OPEN_STATUSES, EventStage, Status
from ..models import Appeal, AppealsSettings, HotlineCall
from ._common import add_event, lock, normalise_phone

# Fields that identify or may identify the applicant; cleared by anonymisation. Kind, channel,
# topic, office, service, status, dates, sex, age group and the other demographics stay for
# statistics (they were given without a name attached to them in any report).
PERSONAL_FIELDS: dict[str, Any] = {
    "full_name": "",
    "address": "",
    "email": "",
    "phone": "",
    "text": "",
    "staff_remark": "",
    "answer_text": "",
    "consent_text": "",
    "return_reason": "",
    "forward_reason": "",
    "extension_reason": "",
    "urgency_reason": "",
    "social_post_url": "",
    "sent_from_index": "",
}
ANONYMISED_TEXT = "—"


@transaction.atomic
def appeal_personal_data_viewed(*, actor: Any, appeal: Appeal) -> None:
    """Record that a member opened the personal data of a case (every view is audited)."""
    audit_record(actor=actor, centre=appeal.centre, action=AuditAction.VIEW, obj=appeal)


@transaction.atomic
def appeal_anonymise(*, appeal: Appeal, actor: Any) -> Appeal:
    """Clear the applicant's personal data from a case, its events and attachments; keep what
    statistics need. Doing it again changes nothing."""
    lock(appeal)
    if appeal.anonymised_at is not None:
        return appeal
    if appeal.status in OPEN_STATUSES:
        raise ValidationError(
            _("Звернення ще розглядається: знеособити можна лише після завершення розгляду."),
            code="invalid_transition",
        )
    now = timezone.now()
    for name, value in PERSONAL_FIELDS.items():
        setattr(appeal, name, value)
    appeal.text = ANONYMISED_TEXT
    appeal.anonymised_at = now
    appeal.save()
    appeal.events.update(public_text="", internal_note="")
    for attachment in appeal.attachments.all():
        attachment.file.delete(save=False)
    appeal.attachments.all().delete()
    HotlineCall.objects.filter(appeal=appeal).update(
        question=ANONYMISED_TEXT, consultation="", staff_remark=""
    )
    mail_forget_about(about=f"appeal:{appeal.pk}")  # the address and answer in the mail ledger
    add_event(appeal=appeal, stage=EventStage.ANONYMISED, actor=actor, at=now, is_public=False)
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.UPDATE,
        obj=appeal,
        changes={"anonymised_at": [None, now.isoformat()]},
    )
    return appeal


def appeals_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    """Anonymise every case closed — or answered and never formally closed — longer ago than its
    centre's retention period. Each case in its own transaction, so one failure does not hold
    back the rest. Returns how many were done."""
    now = now or timezone.now()
    done = 0
    for centre in Centre.objects.order_by("pk"):
        settings = AppealsSettings.objects.filter(centre=centre).first()
        days = settings.retention_days if settings else AppealsSettings().retention_days
        cutoff = now - dt.timedelta(days=days)
        expired = (
            Appeal.objects.filter(centre=centre, anonymised_at__isnull=True)
            .filter(
                Q(closed_at__lt=cutoff)
                | Q(closed_at__isnull=True, status=Status.ANSWERED, answered_at__lt=cutoff)
            )
            .select_related("centre")
        )
        for appeal in expired.iterator(chunk_size=500):
            appeal_anonymise(appeal=appeal, actor=None)
            done += 1
    return done


@transaction.atomic
def applicant_data_export(
    *, centre: Centre, actor: Any, email: str = "", phone: str = ""
) -> dict[str, Any]:
    """Everything the centre holds about one applicant, found by e-mail or phone, as a
    JSON-serialisable dict (Art. 8 of Law 2297-VI: the right to know what is held)."""
    email, phone = email.strip(), normalise_phone(phone) if phone.strip() else ""
    match = Q(pk__in=[])
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    appeals = list(
        Appeal.objects.filter(match, centre=centre)
        .select_related("office", "service")
        .prefetch_related("events", "attachments")
        .order_by("received_at", "pk")
    )
    export = {
        "centre": centre.name,
        "generated_at": timezone.now().isoformat(),
        "query": {"email": email, "phone": phone},
        "items": [_appeal_export(appeal) for appeal in appeals],
    }
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.EXPORT,
        object_type="appeals.applicant",
        object_repr=ngettext(
            "Дані заявника: %(count)s запис",
            "Дані заявника: %(count)s записів",
            len(appeals),
        )
        % {"count": len(appeals)},
        changes={"items": [a.registration_index for a in appeals]},
    )
    return export


def _appeal_export(appeal: Appeal) -> dict[str, Any]:
    def iso(value: dt.date | dt.datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "registration_index": appeal.registration_index,
        "kind": appeal.get_kind_display(),
        "channel": appeal.get_channel_display(),
        "status": appeal.get_status_display(),
        "received_at": iso(appeal.received_at),
        "full_name": appeal.full_name,
        "address": appeal.address,
        "email": appeal.email,
        "phone": appeal.phone,
        "signatories_count": appeal.signatories_count,
        "applicant_category": appeal.get_applicant_category_display(),
        "social_status": appeal.get_social_status_display(),
        "is_benefit_holder": appeal.is_benefit_holder,
        "consent_text": appeal.consent_text,
        "consent_given_at": iso(appeal.consent_given_at),
        "demographics": {
            "consent_given_at": iso(appeal.demographics_consent_at),
            "sex": appeal.get_sex_display(),
            "age_group": appeal.get_age_group_display(),
            "is_idp": appeal.get_is_idp_display(),
            "has_disability": appeal.get_has_disability_display(),
            "is_pensioner": appeal.get_is_pensioner_display(),
            "is_veteran": appeal.get_is_veteran_display(),
        },
        "text": appeal.text,
        "topic": appeal.get_topic_display(),
        "office": str(appeal.office) if appeal.office else None,
        "service": str(appeal.service) if appeal.service else None,
        "due_at": iso(appeal.due_at),
        "answer_text": appeal.answer_text,
        "answered_at": iso(appeal.answered_at),
        "closed_at": iso(appeal.closed_at),
        "forwarded_to": appeal.forwarded_to,
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in appeal.attachments.all()
        ],
        "events": [
            {"stage": e.get_stage_display(), "at": iso(e.at), "text": e.public_text}
            for e in appeal.events.all()
            if e.is_public
        ],
    }


@transaction.atomic
def appeals_settings_update(
    *, centre: Centre, actor: Any, retention_days: int, digest_enabled: bool
) -> AppealsSettings:
    settings, _created = AppealsSettings.objects.get_or_create(centre=centre)
    before = {"retention_days": settings.retention_days, "digest_enabled": settings.digest_enabled}
    settings.retention_days, settings.digest_enabled = retention_days, digest_enabled
    settings.full_clean()
    settings.save()
    public_pages_changed(centre)  # read with the centre on the public form (SETTINGS_RELATION)
    changes = {
        name: [old, getattr(settings, name)]
        for name, old in before.items()
        if old != getattr(settings, name)
    }
    if changes:
        audit_record(
            actor=actor, centre=centre, action=AuditAction.UPDATE, obj=settings, changes=changes
        )
    return settings
