"""Reads of the service catalog, always scoped to one centre."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from vidhuk.core.models import Centre, Office

from .models import Category, LifeSituation, Service
from .search import lemma, name_rank, query_lemmas, words


def _search(services: QuerySet[Service], query: str) -> QuerySet[Service]:
    """Each query word must start a token of the card, in its dictionary form or as typed."""
    for word in words(query)[:10]:
        raw = word.lower()
        services = services.filter(
            Q(search_document__contains=" " + lemma(word)) | Q(search_document__contains=" " + raw)
        )
    return services


def service_list_public(
    *,
    centre: Centre,
    query: str = "",
    category_id: int | None = None,
    life_situation_id: int | None = None,
) -> QuerySet[Service]:
    services = Service.objects.filter(centre=centre, is_published=True).select_related("category")
    if query.strip():
        services = _search(services, query)
    if category_id:
        services = services.filter(category_id=category_id)
    if life_situation_id:
        services = services.filter(life_situations__id=life_situation_id)
    if query.strip():
        return _ranked(services, query)
    return services.order_by("name")


def _ranked(services: QuerySet[Service], query: str) -> QuerySet[Service]:
    """Matches in the service's name first (``search.name_rank``), then by name. The ranks are
    computed from the matches' names (one query) and applied in the database's ORDER BY."""
    ranked: dict[int, list[int]] = {0: [], 1: []}
    for pk, name in services.values_list("pk", "name"):
        rank = name_rank(query, name)
        if rank in ranked:
            ranked[rank].append(pk)
    whens = [When(pk__in=pks, then=Value(rank)) for rank, pks in ranked.items() if pks]
    if not whens:
        return services.order_by("name")
    return services.order_by(Case(*whens, default=Value(2)), "name")


def service_get_public(*, centre: Centre, slug: str) -> Service:
    try:
        return (
            Service.objects.select_related("category")
            .prefetch_related(
                "life_situations",
                Prefetch("offices", queryset=Office.objects.filter(is_active=True)),
            )
            .get(centre=centre, slug=slug, is_published=True)
        )
    except Service.DoesNotExist:
        raise Http404("No such service") from None


def service_list_for_staff(
    *, centre: Centre, query: str = "", category_id: int | None = None, status: str = ""
) -> QuerySet[Service]:
    services = Service.objects.filter(centre=centre).select_related("category")
    if query.strip():
        services = _search(services, query) | Service.objects.filter(
            centre=centre, code__iexact=query.strip()
        )
    if category_id:
        services = services.filter(category_id=category_id)
    if status == "published":
        services = services.filter(is_published=True)
    elif status == "draft":
        services = services.filter(is_published=False)
    return services.order_by("name")


def service_get_for_staff(*, centre: Centre, pk: int) -> Service:
    try:
        return (
            Service.objects.select_related("category")
            .prefetch_related("life_situations", "offices")
            .get(centre=centre, pk=pk)
        )
    except Service.DoesNotExist:
        raise Http404("No such service") from None


def service_count_published(*, centre: Centre) -> int:
    return Service.objects.filter(centre=centre, is_published=True).count()


def service_queryset(*, centre: Centre | int) -> QuerySet[Service]:
    """Every service of the centre (or the centre's id), published or not, for another app to
    narrow with its own tables (the windows that handle a service, its booking settings) or to
    offer as a form's choices. Other apps read services through here, never `Service.objects`."""
    return Service.objects.filter(centre=centre)


def service_queryset_published(*, centre: Centre) -> QuerySet[Service]:
    """The services residents see: published ones only."""
    return Service.objects.filter(centre=centre, is_published=True)


def service_prefetch_queryset() -> QuerySet[Service]:
    """Services by name, for ``Prefetch("services", queryset=...)`` on records already scoped
    to one centre (a service is linked only to records of its own centre)."""
    return Service.objects.order_by("name")


def service_ids_offered_at(*, office: Office) -> QuerySet[Any]:
    """The ids of the services the catalogue offers at this office, as a subquery."""
    return Service.offices.through.objects.filter(office_id=office.pk).values("service_id")


def service_names(*, centre: Centre, pks: Iterable[int]) -> dict[int, str]:
    """The names of the centre's services with these ids, in one query."""
    return dict(Service.objects.filter(centre=centre, pk__in=list(pks)).values_list("pk", "name"))


def category_list(*, centre: Centre) -> QuerySet[Category]:
    return Category.objects.filter(centre=centre).order_by("position", "name")


def life_situation_list(*, centre: Centre) -> QuerySet[LifeSituation]:
    return LifeSituation.objects.filter(centre=centre).order_by("position", "name")


def service_export_rows(*, centre: Centre) -> QuerySet[Service]:
    """Every service of the centre for CSV export, in a bounded number of queries."""
    return (
        Service.objects.filter(centre=centre)
        .select_related("category")
        .prefetch_related("life_situations", "offices")
        .order_by("code")
    )


__all__ = ["query_lemmas"]
