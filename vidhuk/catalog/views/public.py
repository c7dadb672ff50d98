"""The public catalog: search, information cards, print view."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vidhuk.core.pagecache import public_page
from vidhuk.core.portal import service_actions
from vidhuk.core.selectors import centre_get_public

from ..forms import CatalogSearchForm
from ..selectors import category_list, life_situation_list, service_get_public, service_list_public

PAGE_SIZE = 20


@public_page()
def service_list(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    form = CatalogSearchForm(request.GET or None, centre=centre)
    query, category, situation = "", None, None
    if form.is_valid():
        query = form.cleaned_data["q"]
        category = form.cleaned_data["category"]
        situation = form.cleaned_data["situation"]
    services = service_list_public(
        centre=centre,
        query=query,
        category_id=category.pk if category else None,
        life_situation_id=situation.pk if situation else None,
    )
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "catalog/public/list.html",
        {
            "centre": centre,
            "form": form,
            "page": page,
            "query": query,
            "is_filtered": bool(query or category or situation),
            "categories": category_list(centre=centre),
            "situations": life_situation_list(centre=centre),
            "querystring": querystring.urlencode(),
        },
    )


@public_page()
def service_detail(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_public(centre=centre, slug=slug)
    return render(
        request,
        "catalog/public/detail.html",
        {"centre": centre, "service": service, "actions": service_actions(service=service)},
    )


@public_page()
def service_print(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_public(centre=centre, slug=slug)
    return render(request, "catalog/public/print.html", {"centre": centre, "service": service})
