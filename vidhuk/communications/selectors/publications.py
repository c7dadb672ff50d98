"""Reads of publications: the staff list (scoped to the member's centre) and the public news —
published and past any embargo, nothing else, wherever residents look (the list, an item's
page, the feed, the portal's block, a service's card)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vidhuk.core.models import Centre

from ..models import Publication, PublicationFiring, PublicationKind, PublicationState, Topic


@dataclass(frozen=True)
class PublicationFilters:
    state: str = ""
    kind: str = ""
    topic_slug: str = ""


def visible_q(*, now: dt.datetime) -> Q:
    """Published and past its embargo: what residents, feeds and mail may see."""
    return Q(state=PublicationState.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )


def _with_shown_at(found: QuerySet[Publication]) -> QuerySet[Publication]:
    """``shown_at``: when residents first could see it — the end of its embargo, if later than
    its publishing. Lists and the feed are ordered by it."""
    return found.annotate(
        shown_at=Greatest("published_at", Coalesce("embargo_until", "published_at"))
    )


def _filtered(found: QuerySet[Publication], filters: PublicationFilters) -> QuerySet[Publication]:
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.topic_slug:
        found = found.filter(topics__slug=filters.topic_slug)
    return found


def publication_list_for_staff(
    *, centre: Centre, filters: PublicationFilters | None = None
) -> QuerySet[Publication]:
    found = _filtered(Publication.objects.filter(centre=centre), filters or PublicationFilters())
    return found.select_related("author").prefetch_related("topics").order_by("-updated_at", "-pk")


def publication_get_for_staff(*, centre: Centre, pk: int) -> Publication:
    """Another centre's publication is not found (404), never shown."""
    return get_object_or_404(
        Publication.objects.filter(centre=centre)
        .select_related("author", "centre")
        .prefetch_related(
            "topics",
            "services",
            "offices",
            Prefetch("firings", queryset=PublicationFiring.objects.order_by("fired_at")),
        ),
        pk=pk,
    )


def news_list_public(
    *, centre: Centre, now: dt.datetime, filters: PublicationFilters | None = None
) -> QuerySet[Publication]:
    filters = filters or PublicationFilters()
    found = Publication.objects.filter(visible_q(now=now), centre=centre)
    found = _filtered(found, PublicationFilters(kind=filters.kind, topic_slug=filters.topic_slug))
    return _with_shown_at(found).prefetch_related("topics").order_by("-shown_at", "-pk")


def news_get_public(*, centre: Centre, slug: str, now: dt.datetime) -> Publication:
    """404 before publishing, under embargo, or after it was taken off."""
    return get_object_or_404(
        _with_shown_at(Publication.objects.filter(visible_q(now=now), centre=centre))
        .select_related("centre")
        .prefetch_related("topics", "services", "offices"),
        slug=slug,
    )


def news_latest(*, centre: Centre, now: dt.datetime, limit: int) -> list[Publication]:
    return list(news_latest_queryset(centre=centre, now=now, limit=limit))


def news_latest_queryset(*, centre: Centre, now: dt.datetime, limit: int) -> QuerySet[Publication]:
    """``news_latest`` unevaluated (the portal's home sends it with its other reads)."""
    found = Publication.objects.filter(visible_q(now=now), centre=centre)
    return _with_shown_at(found).order_by("-shown_at", "-pk")[:limit]


def legislation_notices_for_service(*, service: Any, now: dt.datetime) -> list[Publication]:
    """Changes in legislation that affect a service, for its card: visible ones whose effective
    date is ahead or within the last 90 days (an old change is the card's normal text)."""
    since = timezone.localdate(now) - dt.timedelta(days=90)
    return list(
        Publication.objects.filter(
            visible_q(now=now),
            centre_id=service.centre_id,
            kind=PublicationKind.LEGISLATION,
            services=service,
            effective_on__gte=since,
        )
        .select_related("centre")
        .order_by("effective_on", "pk")
    )


def topic_list(*, centre: Centre, keeping: Publication | None = None) -> QuerySet[Topic]:
    """The topics offered (to tag, to filter, to subscribe to): archived ones are not — except
    those ``keeping`` already carries, so that saving it again keeps its tags."""
    condition = Q(archived_at=None)
    if keeping is not None and keeping.pk:
        condition |= Q(publications=keeping)
    return Topic.objects.filter(condition, centre=centre).distinct().order_by("position", "name")
