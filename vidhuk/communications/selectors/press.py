"""Reads of the media and partner register and of a release's distribution, scoped to the
centre (issue 13, point 6)."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from vidhuk.core.models import Centre

from ..models import (
    MediaContact,
    MediaOutlet,
    Partner,
    PressDistribution,
    Publication,
    SocialPost,
)


def outlet_list_for_staff(*, centre: Centre) -> QuerySet[MediaOutlet]:
    """The register, archived outlets (and contacts) last."""
    contacts = MediaContact.objects.order_by(F("archived_at").asc(nulls_first=True), "name")
    return (
        MediaOutlet.objects.filter(centre=centre)
        .order_by(F("archived_at").asc(nulls_first=True), "name")
        .prefetch_related(Prefetch("contacts", queryset=contacts))
    )


def outlet_get_for_staff(*, centre: Centre, pk: int) -> MediaOutlet:
    return get_object_or_404(MediaOutlet, centre=centre, pk=pk)


def partner_list_for_staff(*, centre: Centre) -> QuerySet[Partner]:
    return Partner.objects.filter(centre=centre)


def press_publication_get_for_staff(*, centre: Centre, pk: int) -> Publication:
    return get_object_or_404(Publication, centre=centre, pk=pk)


def distribution_list(*, publication: Publication) -> QuerySet[PressDistribution]:
    return (
        PressDistribution.objects.filter(publication=publication)
        .select_related("contact__outlet", "mail")
        .order_by("contact__outlet__name", "contact__name")
    )


def social_post_list(*, publication: Publication) -> QuerySet[SocialPost]:
    return SocialPost.objects.filter(publication=publication).order_by("network")
