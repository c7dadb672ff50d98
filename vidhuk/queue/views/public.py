"""The resident's side of the queue: the kiosk, the check-in of booked visitors, the ticket and
the display board. Every page works without JavaScript; the board reloads itself every two
seconds with a plain `<meta http-equiv="refresh">` and, where JavaScript runs, htmx refreshes
only its list instead.

The kiosk is a device in the hall, so the rate limit per client (an HMAC of its address in the
cache, nothing stored) is generous: `QUEUE_KIOSK_RATE_LIMIT` tickets per
`QUEUE_KIOSK_RATE_WINDOW` seconds (120 per 10 minutes unless the settings say otherwise).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre, Office
from vidhuk.core.selectors import centre_get_public

from ..choices import Purpose
from ..forms import CheckInForm, KioskForm
from ..selectors import (
    board_calls,
    board_waiting_count,
    kiosk_services,
    office_get_public,
    offices_with_queue,
    queue_open_state,
    ticket_get_public,
    ticket_status,
    tickets_ahead,
    wait_estimate,
)
from ..services import ticket_check_in, ticket_issue

RATE_SCOPE = "queue-kiosk"


def _rate_limited(request: HttpRequest) -> bool:
    return antiabuse.client_over_rate_limit(
        request,
        scope=RATE_SCOPE,
        limit=getattr(settings, "QUEUE_KIOSK_RATE_LIMIT", 120),
        window=getattr(settings, "QUEUE_KIOSK_RATE_WINDOW", 600),
    )


def _place(centre_slug: str, office_slug: str) -> tuple[Centre, Office]:
    centre = centre_get_public(slug=centre_slug)
    return centre, office_get_public(centre=centre, slug=office_slug)


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
    return {
        "centre": centre,
        "office": office,
        "form": form,
        "open_state": queue_open_state(office=office, at=now),
        "purposes": [
            {
                "value": purpose.value,
                "label": purpose.label,
                "estimate": wait_estimate(office=office, purpose=purpose.value, now=now),
            }
            for purpose in Purpose
        ],
    }


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """Choose the purpose (and, if known, the service) and take a numbered ticket."""
    centre, office = _place(centre_slug, office_slug)
    services = kiosk_services(office=office)
    if request.method == "POST":
        form = KioskForm(request.POST, services=services)
        if form.is_valid():
            if _rate_limited(request):
                return _too_many(request, centre, office)
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
                return redirect(
                    "queue:ticket",
                    centre_slug=centre.slug,
                    office_slug=office.slug,
                    public_id=ticket.public_id,
                )
    else:
        form = KioskForm(initial={"submission_key": uuid.uuid4()}, services=services)
    response = render(request, "queue/public/kiosk.html", _kiosk_context(centre, office, form))
    response["Cache-Control"] = "no-store"  # every visit gets a fresh one-time key
    return response


def _too_many(request: HttpRequest, centre: Centre, office: Office) -> HttpResponse:
    return render(
        request,
        "queue/public/rate_limited.html",
        {"centre": centre, "office": office},
        status=429,
    )


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """A booked visitor types the code from their confirmation and gets a ticket."""
    centre, office = _place(centre_slug, office_slug)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            if _rate_limited(request):
                return _too_many(request, centre, office)
            try:
                ticket = ticket_check_in(
                    office=office,
                    code=form.cleaned_data["code"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                _refuse(form, error)
            else:
                return redirect(
                    "queue:ticket",
                    centre_slug=centre.slug,
                    office_slug=office.slug,
                    public_id=ticket.public_id,
                )
    else:
        form = CheckInForm(initial={"submission_key": uuid.uuid4()})
    response = render(
        request, "queue/public/check_in.html", {"centre": centre, "office": office, "form": form}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def ticket(
    request: HttpRequest, centre_slug: str, office_slug: str, public_id: uuid.UUID
) -> HttpResponse:
    """The ticket in large type, printable on a narrow receipt printer."""
    centre, office = _place(centre_slug, office_slug)
    issued = ticket_get_public(office=office, public_id=public_id)
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
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _board_context(centre: Centre, office: Office) -> dict[str, Any]:
    calls = board_calls(office=office)
    waiting = board_waiting_count(office=office)
    # What the board shows, in short: htmx sends it back and gets "204 No Content" while
    # nothing changed, so the live region announces only new calls.
    shown = repr([(t.pk, t.last_called_at, t.window_id) for t in calls] + [waiting])
    return {
        "centre": centre,
        "office": office,
        "calls": calls,
        "newest": calls[0] if calls else None,
        "waiting": waiting,
        "state_key": hashlib.sha256(shown.encode()).hexdigest()[:16],
    }


@require_GET
def board(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The display board of the hall: who is called to which window."""
    centre, office = _place(centre_slug, office_slug)
    response = render(request, "queue/public/board.html", _board_context(centre, office))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def board_calls_fragment(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The board's list alone, for htmx polling; 204 while nothing has changed."""
    centre, office = _place(centre_slug, office_slug)
    context = _board_context(centre, office)
    if request.GET.get("v") == context["state_key"]:
        return HttpResponse(status=204)
    response = render(request, "queue/public/_board_fragment.html", context)
    response["Cache-Control"] = "no-store"
    return response
