"""Reads of publications: the staff list (scoped to the member's centre) and the public
news (published, past any embargo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vidhuk.core.models import Centre

from ..models import Publication, PublicationState


@dataclass(frozen=True)
class PublicationFilters:
    state: str = ""
    kind: str = ""
    topic_slug: str = ""


def publication_list_for_staff(
    *, centre: Centre, filters: PublicationFilters | None = None
) -> QuerySet[Publication]:
    filters = filters or PublicationFilters()
    found = Publication.objects.filter(centre=centre)
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.topic_slug:
        found = found.filter(topics__slug=filters.topic_slug)
    return found.select_related("author").prefetch_related("topics").order_by("-updated_at", "-pk")


def publication_get_for_staff(*, centre: Centre, pk: int) -> Publication:
    """Another centre's publication is not found (404), never shown."""
    return Publication.objects.get(centre=centre, pk=pk)


def visible_q(*, now: dt.datetime) -> Q:
    """Published and past its embargo: what residents, feeds and mail may see."""
    return Q(state=PublicationState.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )
