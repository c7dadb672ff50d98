"""Changing and removing entries of the media and partner register and the centre's topics
(issue 13, point 6). What a record of sending names is archived, not deleted, so the log of who
got a press release — and the subscriptions and publications tagged with a topic — stay whole;
what nothing names is deleted. Every change is in the audit log with the fields it changed."""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..models import MediaContact, MediaOutlet, Partner, Topic
from ..selectors.media_register import (
    contact_is_referenced,
    outlet_is_referenced,
    topic_is_referenced,
)


class Removal(enum.StrEnum):
    DELETED = "deleted"
    ARCHIVED = "archived"


def _apply(obj: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """Set the given fields and return what changed as {field: [before, after]}."""
    changes: dict[str, Any] = {}
    for field, value in data.items():
        before = getattr(obj, field)
        if before != value:
            changes[field] = [before, value]
            setattr(obj, field, value)
    return changes


def _save_changes(*, obj: models.Model, centre: Any, actor: Any, data: dict[str, Any]) -> None:
    changes = _apply(obj, data)
    if not changes:
        return
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=obj, changes=changes)


def _remove(*, obj: Any, centre: Any, actor: Any, is_referenced: bool) -> Removal:
    if is_referenced:
        obj.archived_at = timezone.now()
        obj.save(update_fields=["archived_at"])
        audit_record(
            actor=actor, centre=centre, action=AuditAction.UPDATE, obj=obj,
            changes={"archived_at": [None, obj.archived_at.isoformat()]},
        )  # fmt: skip
        return Removal.ARCHIVED
    audit_record(actor=actor, centre=centre, action=AuditAction.DELETE, obj=obj)
    obj.delete()
    return Removal.DELETED


def _refuse_archived(obj: Any) -> None:
    if obj.archived_at is not None:
        raise ValidationError(_("Цей запис уже в архіві."))


@transaction.atomic
def media_outlet_update(*, outlet: MediaOutlet, actor: Any, data: dict[str, Any]) -> None:
    outlet = MediaOutlet.objects.select_for_update().get(pk=outlet.pk)
    _save_changes(obj=outlet, centre=outlet.centre, actor=actor, data=data)


@transaction.atomic
def media_outlet_remove(*, outlet: MediaOutlet, actor: Any) -> Removal:
    """Delete an outlet with its contacts; archived instead (contacts kept) when a press
    release was put on the list of any of its contacts."""
    outlet = MediaOutlet.objects.select_for_update().get(pk=outlet.pk)
    _refuse_archived(outlet)
    referenced = outlet_is_referenced(outlet)
    return _remove(obj=outlet, centre=outlet.centre, actor=actor, is_referenced=referenced)


@transaction.atomic
def media_contact_update(*, contact: MediaContact, actor: Any, data: dict[str, Any]) -> None:
    contact = MediaContact.objects.select_for_update().select_related("outlet").get(pk=contact.pk)
    _save_changes(obj=contact, centre=contact.outlet.centre, actor=actor, data=data)


@transaction.atomic
def media_contact_remove(*, contact: MediaContact, actor: Any) -> Removal:
    """Delete a contact; archived instead when a press release was put on their list."""
    contact = MediaContact.objects.select_for_update().select_related("outlet").get(pk=contact.pk)
    _refuse_archived(contact)
    referenced = contact_is_referenced(contact)
    return _remove(obj=contact, centre=contact.outlet.centre, actor=actor, is_referenced=referenced)


@transaction.atomic
def partner_update(*, partner: Partner, actor: Any, data: dict[str, Any]) -> None:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    _save_changes(obj=partner, centre=partner.centre, actor=actor, data=data)


@transaction.atomic
def partner_remove(*, partner: Partner, actor: Any) -> Removal:
    """A partner is named by no other record: it is deleted (the audit log keeps its name)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    return _remove(obj=partner, centre=partner.centre, actor=actor, is_referenced=False)


@transaction.atomic
def topic_update(*, topic: Topic, actor: Any, name: str, name_en: str = "") -> None:
    """Rename a topic; its address (slug) stays, so links and feeds by topic keep working."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    name = name.strip()
    taken = Topic.objects.filter(centre=topic.centre, name__iexact=name).exclude(pk=topic.pk)
    if taken.exists():
        raise ValidationError({"name": _("Така тема вже є.")})
    data = {"name": name, "name_en": name_en.strip()}
    _save_changes(obj=topic, centre=topic.centre, actor=actor, data=data)


@transaction.atomic
def topic_remove(*, topic: Topic, actor: Any) -> Removal:
    """Delete a topic; archived instead when a publication, an event or a subscription names
    it (it is then no longer offered, and what named it keeps it)."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    _refuse_archived(topic)
    referenced = topic_is_referenced(topic)
    return _remove(obj=topic, centre=topic.centre, actor=actor, is_referenced=referenced)
