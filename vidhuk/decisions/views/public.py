"""The public board «Ви сказали — ми зробили»: what residents said (findings, as the centre
summarised them), what the centre decided, who answers for it, by when, how far it got and what
changed — overdue shown as overdue. No resident's name, contact or words reach these pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vidhuk.core.selectors import centre_get_public

from ..selectors.public import (
    board_counts,
    decision_get_public,
    decision_list_public,
    decision_photo_get_public,
    finding_list_awaiting_public,
)
from .public_effect import decision_effect
from .public_filters import BoardFilterForm

DECISIONS_PAGE_SIZE = 20
FINDINGS_PAGE_SIZE = 10
# What a photo may be served as; anything else goes out as a download, never rendered.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


@require_GET
def board(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, centre=centre)
    filters = form.filters()
    decisions = Paginator(
        decision_list_public(centre=centre, filters=filters, today=today), DECISIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    awaiting = None
    if not filters.state:
        awaiting = Paginator(
            finding_list_awaiting_public(centre=centre, filters=filters), FINDINGS_PAGE_SIZE
        ).get_page(request.GET.get("findings_page"))
    query = request.GET.copy()
    for name in ("page", "findings_page"):
        query.pop(name, None)
    return render(
        request,
        "decisions/public/board.html",
        {
            "centre": centre,
            "form": form,
            "filters": filters,
            "decisions": decisions,
            "awaiting": awaiting,
            "counts": board_counts(centre=centre, today=today),
            "query": query.urlencode(),
            "today": today,
        },
    )


@require_GET
def decision_page(request: HttpRequest, centre_slug: str, number: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    decision = decision_get_public(centre=centre, number=number)
    return render(
        request,
        "decisions/public/decision.html",
        {
            "centre": centre,
            "decision": decision,
            "effect": decision_effect(decision=decision),
            "today": timezone.localdate(),
        },
    )


@require_GET
def photo(request: HttpRequest, centre_slug: str, number: int, pk: int) -> FileResponse:
    """A photo of a public progress update. Uploads were checked and stripped of EXIF on the
    way in; here the type is one of a few image types or the file is a download, and the
    browser is told not to guess (nosniff) nor run anything in it (sandbox)."""
    centre = centre_get_public(slug=centre_slug)
    item = decision_photo_get_public(centre=centre, number=number, pk=pk)
    is_image = item.content_type in IMAGE_TYPES
    response = FileResponse(
        item.image.open("rb"),
        content_type=item.content_type if is_image else "application/octet-stream",
        as_attachment=not is_image,
        filename=f"photo-{item.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
