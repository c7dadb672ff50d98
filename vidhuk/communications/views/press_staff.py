"""Posters in the back office: …/posters/publication/<pk>.pdf and …/posters/event/<pk>.pdf, with
``?size=A3`` and ``?place=<where it hangs>`` (the QR code's tracking parameter)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..posters import poster_for_event, poster_for_publication, poster_pdf
from ..selectors.events import event_get_for_staff
from ..selectors.press import press_publication_get_for_staff
from ..signature import signature_for

READ = "communications.read"


@centre_staff_view(READ)
def poster(request: CentreRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "publication":
        content = poster_for_publication(
            press_publication_get_for_staff(centre=request.centre, pk=pk)
        )
    elif kind == "event":
        content = poster_for_event(event_get_for_staff(centre=request.centre, pk=pk))
    else:
        raise Http404
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
