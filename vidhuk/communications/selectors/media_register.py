"""Reads behind changing and removing register entries and topics, scoped to the centre: a
record of another centre is not found (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vidhuk.core.models import Centre

from ..models import MediaContact, MediaOutlet, Partner, PressDistribution, Subscription, Topic


def contact_get_for_staff(*, centre: Centre, pk: int) -> MediaContact:
    return get_object_or_404(
        MediaContact.objects.select_related("outlet"), outlet__centre=centre, pk=pk
    )


def partner_get_for_staff(*, centre: Centre, pk: int) -> Partner:
    return get_object_or_404(Partner, centre=centre, pk=pk)


def topic_get_for_staff(*, centre: Centre, pk: int) -> Topic:
    return get_object_or_404(Topic, centre=centre, pk=pk)


def topic_list_for_staff(*, centre: Centre) -> QuerySet[Topic]:
    """Every topic, the archived ones last (they are shown, no longer offered)."""
    return Topic.objects.filter(centre=centre).order_by("archived_at", "position", "name")


def outlet_is_referenced(outlet: MediaOutlet) -> bool:
    """A press release was put on the list of one of its contacts."""
    return PressDistribution.objects.filter(contact__outlet=outlet).exists()


def contact_is_referenced(contact: MediaContact) -> bool:
    return PressDistribution.objects.filter(contact=contact).exists()


def topic_is_referenced(topic: Topic) -> bool:
    """A publication, an event or a subscription names the topic."""
    return (
        topic.publications.exists()  # type: ignore[attr-defined]
        or topic.events.exists()  # type: ignore[attr-defined]
        or Subscription.objects.filter(topic=topic).exists()
    )
