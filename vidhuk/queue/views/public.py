"""The resident's side of the queue: the web ticket, the public ticket page and the display
board (the kiosk in the hall is a registered device: ``kiosk.py``). Every page works without
JavaScript; the board reloads itself every two seconds with a plain `<meta http-equiv="refresh">`
and, where JavaScript runs, htmx refreshes only its list instead.

The web ticket is for a resident on their own phone, so its rate limit per client (an HMAC of the
address in the cache, nothing stored) is tight: `QUEUE_WEB_TICKET_RATE_LIMIT` tickets per
`QUEUE_WEB_TICKET_RATE_WINDOW` seconds (3 per hour unless the settings say otherwise). The ticket
page is found by a short reference in the query string (``?t=…``), never a secret in the path.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre, Office
from vidhuk.core.opening import office_opening_state
from vidhuk.core.pagecache import store_live_page
from vidhuk.core.pageholes import hole
from vidhuk.core.selectors import centre_get_public

from ..boardcache import (
    Kept,
    board_version_key,
    keep,
    kept_page,
    unchanged,
    versions_before_reading,
)
from ..choices import Purpose
from ..forms import KioskForm
from ..references import ticket_reference
from ..selectors.console import board_read
from ..selectors.figures import ticket_status
from ..selectors.tickets import (
    kiosk_services_kept,
    office_get_public_with_centre,
    offices_with_queue,
    place_get_public,
    ticket_from_reference,
    tickets_ahead,
)
from ..selectors.waits import wait_estimate, wait_estimates_by_purpose
from ..services import ticket_issue
from .kiosk import DEVICE_COOKIE, device_of

RATE_SCOPE = "queue-web-ticket"
# The public ticket page reloads itself this often, so a phone follows the line.
TICKET_REFRESH_SECONDS = 30


def _rate_limited(request: HttpRequest, centre: Centre) -> bool:
    """Only issued tickets count (`_count_ticket`), per client and centre."""
    return antiabuse.client_over_rate_limit(
        request,
        scope=RATE_SCOPE,
        limit=getattr(settings, "QUEUE_WEB_TICKET_RATE_LIMIT", 3),
        window=getattr(settings, "QUEUE_WEB_TICKET_RATE_WINDOW", 3600),
        centre=centre,
    )


def _count_ticket(request: HttpRequest, centre: Centre) -> None:
    antiabuse.client_count_submission(
        request,
        scope=RATE_SCOPE,
        window=getattr(settings, "QUEUE_WEB_TICKET_RATE_WINDOW", 3600),
        centre=centre,
    )


def _ticket_redirect(centre: Centre, office: Office, ticket: Any) -> HttpResponse:
    url = reverse("queue:ticket", args=[centre.slug, office.slug])
    return redirect(f"{url}?t={ticket_reference(ticket.public_id)}")


def _place(centre_slug: str, office_slug: str) -> tuple[Centre, Office]:
    return place_get_public(centre_slug=centre_slug, office_slug=office_slug)


def _refuse(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_GET
def index(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """The offices with an electronic queue: the kiosk and the board of each."""
    centre = centre_get_public(slug=centre_slug)
    return render(
        request,
        "queue/public/index.html",
        {"centre": centre, "offices": list(offices_with_queue(centre=centre))},
    )


def _kiosk_context(centre: Centre, office: Office, form: Any) -> dict[str, Any]:
    now = timezone.now()
    estimates = wait_estimates_by_purpose(office=office, now=now)
    return {
        "centre": centre,
        "office": office,
        "form": form,
        "open_state": office_opening_state(office=office, at=now),
        "purposes": [
            {"value": p.value, "label": p.label, "estimate": estimates[p.value]} for p in Purpose
        ],
    }


@require_http_methods(["GET", "POST"])
def web_ticket(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """A resident takes a ticket on the website: the purpose and, if known, the service."""
    centre, office = _place(centre_slug, office_slug)
    services = kiosk_services_kept(office=office)
    if request.method == "POST":
        form = KioskForm(request.POST, services=services)
        if form.is_valid():
            if _rate_limited(request, centre):
                return _too_many(request, centre, office, services)
            try:
                ticket = ticket_issue(
                    office=office,
                    purpose=form.cleaned_data["purpose"],
                    service=form.cleaned_data["service"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                _refuse(form, error)
            else:
                _count_ticket(request, centre)
                return _ticket_redirect(centre, office, ticket)
    else:
        form = KioskForm(initial={"submission_key": uuid.uuid4()}, services=services)
    response = render(request, "queue/public/web_ticket.html", _kiosk_context(centre, office, form))
    response["Cache-Control"] = "no-store"  # every visit gets a fresh one-time key
    return response


def _too_many(
    request: HttpRequest, centre: Centre, office: Office, services: list[Any]
) -> HttpResponse:
    """The web ticket page again, under the rate limit's message; nothing issued."""
    typed = KioskForm(initial=antiabuse.typed_initial(request.POST), services=services)
    return antiabuse.rate_limited_response(
        request,
        template="queue/public/web_ticket.html",
        context=_kiosk_context(centre, office, typed),
    )


@require_GET
def ticket(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The ticket's public page, followed on a phone from the kiosk's QR code: the place in the
    line, the estimated wait, or the window the visitor is called to."""
    centre, office = _place(centre_slug, office_slug)
    issued = ticket_from_reference(office=office, reference=request.GET.get("t", ""))
    estimate = wait_estimate(office=office, purpose=issued.purpose, service=issued.service)
    response = render(
        request,
        "queue/public/ticket.html",
        {
            "centre": centre,
            "office": office,
            "ticket": issued,
            # A ticket of a past day is closed, even before the daily job marks it so.
            "status": ticket_status(issued),
            "ahead": tickets_ahead(ticket=issued),
            "estimate": estimate,
            "refresh_seconds": TICKET_REFRESH_SECONDS,
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _board_place(centre_slug: str, office_slug: str) -> tuple[Centre, Office]:
    office = office_get_public_with_centre(centre_slug=centre_slug, office_slug=office_slug)
    return office.centre, office


def _board_context(centre: Centre, office: Office) -> dict[str, Any]:
    """Two statements: the office with its centre (``_board_place``) and ``board_read``."""
    now = timezone.now()
    board = board_read(office=office, now=now)
    calls, waiting, open_state = board.calls, board.waiting, board.open_state
    # What the board shows, in short: htmx sends it back and gets "204 No Content" while
    # nothing changed, so the live region announces only new calls.
    shown = repr(
        [(t.pk, t.last_called_at, t.window_id) for t in calls]
        + [waiting, open_state.is_open, open_state.next_opening]
    )
    return {
        "centre": centre,
        "office": office,
        "calls": calls,
        "newest": calls[0] if calls else None,
        "waiting": waiting,
        "open_state": open_state,
        "now": now,
        "now_ms": int(now.timestamp() * 1000),
        "state_key": hashlib.sha256(shown.encode()).hexdigest()[:16],
    }


@require_GET
def board(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The display board of the hall: who is called to which window. Anyone may look; a board
    set up as a registered device is noted as seen. Without JavaScript a screen reloads the
    whole page every 2 seconds: it is kept like the poll's state (``boardcache``), with its
    clock filled in for each answer."""
    place = None
    if DEVICE_COOKIE in request.COOKIES:
        place = _board_place(centre_slug, office_slug)
        device_of(request, office=place[1])
    language = translation.get_language()
    kept = kept_page(centre_slug=centre_slug, office_slug=office_slug, language=language)
    if kept is None:
        centre, office = place or _board_place(centre_slug, office_slug)
        versions = versions_before_reading(centre_slug=centre.slug, office_id=office.pk)
        context = _board_context(centre, office)
        clock = {"clock": hole("clock"), "now_ms": hole("now-ms")}
        kept = keep(
            centre_slug=centre.slug,
            office_slug=office.slug,
            office_id=office.pk,
            versions=versions,
            state=render_to_string("queue/public/board.html", {**context, **clock}, request),
            open_state=context["open_state"],
            now=context["now"],
            page_language=language,
        )
    response = HttpResponse(kept.state)
    response["Cache-Control"] = "no-store"
    # A registered board (its device cookie) still comes here, to be noted as seen.
    return _live(request, response, centre_slug, kept, unless_cookies=(DEVICE_COOKIE,))


def _live(
    request: HttpRequest, response: HttpResponse, slug: str, kept: Kept, **options: Any
) -> HttpResponse:
    """Answered before the URL is resolved until something the board shows changes."""
    return store_live_page(
        request,
        response,
        centre_slug=slug,
        centre_version=kept.centre_version,
        guards=((board_version_key(kept.office_id), kept.board_version),),
        until=kept.until,
        **options,
    )


def _nothing_new(request: HttpRequest, slug: str, kept: Kept) -> HttpResponse:
    return _live(request, HttpResponse(status=204), slug, kept, holes=False)


@require_GET
def board_calls_fragment(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The board's list alone, for htmx polling; 204 while nothing has changed — known from
    the cache without reading the database when it can be (``boardcache``)."""
    shown = request.GET.get("v", "")
    kept = unchanged(centre_slug=centre_slug, office_slug=office_slug, shown=shown)
    if shown and kept is not None:
        return _nothing_new(request, centre_slug, kept)
    centre, office = _board_place(centre_slug, office_slug)
    versions = versions_before_reading(centre_slug=centre.slug, office_id=office.pk)
    context = _board_context(centre, office)
    kept = keep(
        centre_slug=centre.slug,
        office_slug=office.slug,
        office_id=office.pk,
        versions=versions,
        state=context["state_key"],
        open_state=context["open_state"],
        now=context["now"],
    )
    if shown == context["state_key"]:
        return _nothing_new(request, centre_slug, kept)
    response = render(request, "queue/public/_board_fragment.html", context)
    response["Cache-Control"] = "no-store"
    return response
