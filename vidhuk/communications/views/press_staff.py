"""Posters in the back office: …/posters/<publication|event|decision|service>/<pk>.pdf, with
``?size=A3`` and ``?place=<where it hangs>`` (the QR code's tracking parameter)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.catalog.selectors import service_get_for_staff
from vidhuk.decisions.choices import DecisionState
from vidhuk.decisions.selectors.staff import decision_get_for_staff

from ..posters import (
    PosterContent,
    poster_for_decision,
    poster_for_event,
    poster_for_publication,
    poster_for_service,
    poster_pdf,
)
from ..selectors.events import event_get_for_staff
from ..selectors.press import press_publication_get_for_staff
from ..signature import signature_for

READ = "communications.read"


def _poster_content(request: CentreRequest, kind: str, pk: int) -> PosterContent:
    """What the poster shows; a decision still a draft or an unpublished service has no public
    page for the QR code to open, so it has no poster (404)."""
    if kind == "publication":
        return poster_for_publication(press_publication_get_for_staff(centre=request.centre, pk=pk))
    if kind == "event":
        return poster_for_event(event_get_for_staff(centre=request.centre, pk=pk))
    if kind == "decision":
        decision = decision_get_for_staff(centre=request.centre, pk=pk)
        if decision.state == DecisionState.DRAFT:
            raise Http404("A draft decision has no public page")
        return poster_for_decision(decision)
    if kind == "service":
        service = service_get_for_staff(centre=request.centre, pk=pk)
        if not service.is_published:
            raise Http404("An unpublished service has no public card")
        return poster_for_service(service)
    raise Http404


@centre_staff_view(READ)
def poster(request: CentreRequest, kind: str, pk: int) -> HttpResponse:
    content = _poster_content(request, kind, pk)
    if request.method != "GET":  # after the look-up: another centre's record is a 404
        return HttpResponseNotAllowed(["GET"])
    pdf = poster_pdf(
        centre=request.centre,
        content=content,
        base_url=f"{request.scheme}://{request.get_host()}",
        place=request.GET.get("place", "")[:60],
        size=request.GET.get("size", "A4"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{kind}-{pk}.pdf"'
    return response


@centre_staff_view(READ)
@require_GET
def signature(request: CentreRequest) -> HttpResponse:
    return render(
        request,
        "communications/press/staff/signature.html",
        {"centre": request.centre, "signature": signature_for(membership=request.membership)},
    )
