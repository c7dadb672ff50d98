"""The press release to the media list (issue 13, point 6): staff choose outlets, which gives one
``PressDistribution`` row per contact (unique per release and contact; nobody marked "do not
contact", nobody without an address); when the release goes out — at the end of its embargo —
the firing action "press" mails each pending row once through the mail ledger (a key per
release and contact) and logs it on the row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.services import audit_record

from ..models import (
    DistributionState,
    MediaContact,
    MediaOutlet,
    Partner,
    PressDistribution,
    Publication,
    PublicationKind,
)

PRESS_KINDS = (PublicationKind.PRESS_RELEASE, PublicationKind.PRESS_ANNOUNCEMENT)
MAIL_TEMPLATE = "communications/press/email/release"


@transaction.atomic
def press_distribution_choose(
    *, publication: Publication, outlets: list[MediaOutlet], actor: Any
) -> int:
    """Add the chosen outlets' reachable contacts to a press release's list; a contact already
    on it is not added twice. Returns how many were added."""
    if publication.kind not in PRESS_KINDS:
        raise ValidationError(_("Медіа надсилають лише пресрелізи та пресанонси."))
    if any(outlet.centre_id != publication.centre_id for outlet in outlets):
        raise ValidationError(_("Виберіть медіа свого центру."))
    contacts = MediaContact.objects.filter(
        outlet__in=outlets,
        outlet__do_not_contact=False,
        outlet__archived_at=None,
        do_not_contact=False,
        archived_at=None,
    ).exclude(email="")
    listed = PressDistribution.objects.filter(publication=publication)
    before = listed.count()
    PressDistribution.objects.bulk_create(
        [PressDistribution(publication=publication, contact=contact) for contact in contacts],
        ignore_conflicts=True,  # unique per release and contact: a second choice adds nothing
    )
    audit_record(actor=actor, centre=publication.centre, action=AuditAction.UPDATE, obj=publication)
    return listed.count() - before


@transaction.atomic
def press_distribute(publication: Publication) -> None:
    """The firing action "press": runs once the release is visible (its embargo over). Each
    pending row is mailed once — the ledger's key makes a retry of this action a no-op for rows
    already queued; a contact marked "do not contact" since being chosen is skipped."""
    rows = (
        PressDistribution.objects.select_for_update()
        .filter(publication=publication, state=DistributionState.PENDING)
        .select_related("contact__outlet")
    )
    now = timezone.now()
    for row in rows:
        contact = row.contact
        if not _reachable(contact):
            row.state = DistributionState.FAILED
            row.save(update_fields=["state"])
            continue
        row.mail = mail_enqueue(
            key=f"comms-press:{publication.pk}:{contact.pk}",
            to=contact.email,
            template=MAIL_TEMPLATE,
            context={
                "publication": publication,
                "contact": contact,
                "centre": publication.centre,
                "body_text": strip_tags(publication.body),
            },
            centre=publication.centre,
            about=f"press:{publication.pk}",
        )
        row.state = DistributionState.SENT
        row.sent_at = now
        row.save(update_fields=["mail", "state", "sent_at"])


def _reachable(contact: MediaContact) -> bool:
    """Still to be mailed: not marked "do not contact", not archived, with an address."""
    outlet = contact.outlet
    return bool(
        contact.email
        and not (contact.do_not_contact or outlet.do_not_contact)
        and contact.archived_at is None
        and outlet.archived_at is None
    )


@transaction.atomic
def media_outlet_create(*, centre: Any, actor: Any, data: dict[str, Any]) -> MediaOutlet:
    outlet = MediaOutlet(centre=centre, **data)
    outlet.full_clean()
    outlet.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=outlet)
    return outlet


@transaction.atomic
def media_contact_add(*, outlet: MediaOutlet, actor: Any, data: dict[str, Any]) -> MediaContact:
    contact = MediaContact(outlet=outlet, **data)
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, centre=outlet.centre, action=AuditAction.CREATE, obj=contact)
    return contact


@transaction.atomic
def partner_create(*, centre: Any, actor: Any, data: dict[str, Any]) -> Partner:
    partner = Partner(centre=centre, **data)
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=partner)
    return partner
