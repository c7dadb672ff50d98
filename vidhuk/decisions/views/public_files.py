"""The board's files: iCalendar of due dates, CSV and JSON of the board (with the board's
filters), and one decision's printable poster."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from vidhuk.core.selectors import centre_get_public
from vidhuk.core.tabular import csv_response

from .. import calendar, exports, poster
from ..selectors.public import decision_get_public, decision_list_public
from .public_filters import BoardFilterForm


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_GET
def calendar_ics(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    decisions = decision_list_public(centre=centre, today=timezone.localdate())
    body = calendar.board_calendar(
        centre=centre,
        decisions=decisions.iterator(chunk_size=exports.CHUNK),
        base_url=_base_url(request),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{centre.slug}-decisions.ics"'
    return response


def _records(request: HttpRequest, centre_slug: str):  # type: ignore[no-untyped-def]
    centre = centre_get_public(slug=centre_slug)
    today = timezone.localdate()
    filters = BoardFilterForm(request.GET or None, centre=centre).filters()
    decisions = decision_list_public(centre=centre, filters=filters, today=today)
    return centre, exports.board_records(
        decisions.iterator(chunk_size=exports.CHUNK),
        centre=centre,
        base_url=_base_url(request),
        today=today,
    )


@require_GET
def board_csv(request: HttpRequest, centre_slug: str) -> StreamingHttpResponse:
    centre, records = _records(request, centre_slug)
    response = csv_response(
        header=exports.csv_header(),
        rows=(exports.csv_row(record) for record in records),
        filename=f"{centre.slug}-decisions.csv",
    )
    # Published data: unlike staff exports, a shared cache may keep it for a while.
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def board_json(request: HttpRequest, centre_slug: str) -> JsonResponse:
    centre, records = _records(request, centre_slug)
    response = JsonResponse(
        {"centre": centre.name, "decisions": list(records)},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def poster_pdf(request: HttpRequest, centre_slug: str, number: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    decision = decision_get_public(centre=centre, number=number)
    page_url = request.build_absolute_uri(
        reverse("decisions:decision", args=[centre.slug, decision.number])
    )
    pdf = poster.poster_pdf(centre=centre, decision=decision, page_url=page_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{decision.number}.pdf"'
    return response
