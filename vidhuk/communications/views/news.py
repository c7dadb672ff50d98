"""The centre's news for residents: /<centre>/news/ (filtered by kind and topic, paginated) and
one item's page. Only what is published and past its embargo is ever shown."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vidhuk.core.selectors import centre_get_public

from ..forms.publications import NewsFilterForm
from ..models import Publication
from ..selectors.publications import (
    PublicationFilters,
    news_get_public,
    news_list_public,
    topic_list,
)

PAGE_SIZE = 10


@require_GET
def news_list(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    topics = list(topic_list(centre=centre))
    form = NewsFilterForm(request.GET or None, topics=[(t.slug, t.name) for t in topics])
    filters = PublicationFilters()
    if form.is_bound and form.is_valid():
        filters = PublicationFilters(
            kind=form.cleaned_data["kind"], topic_slug=form.cleaned_data["topic"]
        )
    publications = news_list_public(centre=centre, now=timezone.now(), filters=filters)
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "communications/news/list.html",
        {
            "centre": centre,
            "form": form,
            "page": page,
            "topics": topics,
            "is_filtered": bool(filters.kind or filters.topic_slug),
            "querystring": querystring.urlencode(),
        },
    )


@require_GET
def news_item(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    publication = news_get_public(centre=centre, slug=slug, now=timezone.now())
    return render(
        request,
        "communications/news/item.html",
        {"centre": centre, "publication": publication},
    )


def image_response(publication: Publication) -> FileResponse:
    """A publication's image: it was checked and re-encoded on the way in (JPEG or PNG, no
    EXIF); the browser is told not to guess the type nor run anything in it."""
    if not publication.image:
        raise Http404
    is_png = publication.image.name.endswith(".png")
    response = FileResponse(
        publication.image.open("rb"), content_type="image/png" if is_png else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def news_image(request: HttpRequest, centre_slug: str, slug: str) -> FileResponse:
    """The image of a visible publication only: under embargo it is not found either."""
    centre = centre_get_public(slug=centre_slug)
    response = image_response(news_get_public(centre=centre, slug=slug, now=timezone.now()))
    response["Cache-Control"] = "public, max-age=3600"
    return response
