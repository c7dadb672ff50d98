"""The kiosk in the hall: a registered device (``devices.py``), not the website.

Only a browser set up as a kiosk of the office issues tickets here; any other sees a page that
says so and points to the resident's web ticket. Two taps give a ticket: the purpose, then the
service (large buttons grouped by the catalogue's categories) or «не знаю». The ticket is shown
large with a QR code of its public page, printed with one tap where the browser allows it, and
the kiosk goes back to the start by itself after ``QUEUE_KIOSK_RESET_SECONDS`` (JavaScript, or a
meta refresh without it). A kiosk has its own rate limit, per device.
"""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre, Office
from vidhuk.core.opening import office_opening_state
from vidhuk.core.qr import qr_data_uri
from vidhuk.core.selectors import centre_get_public

from ..choices import DeviceKind, Purpose
from ..devices import queue_device_activate, queue_device_for_token
from ..forms import CheckInForm, DeviceSetupForm, KioskForm
from ..models import QueueDevice
from ..references import ticket_reference
from ..selectors.figures import ticket_status
from ..selectors.tickets import (
    kiosk_services_kept,
    place_get_public,
    ticket_from_reference,
    tickets_ahead,
)
from ..selectors.waits import wait_estimate, wait_estimates_by_purpose
from ..services import ticket_check_in, ticket_issue

DEVICE_COOKIE = "vidhuk_queue_device"
DEVICE_COOKIE_SALT = "vidhuk.queue.device-cookie"
DEVICE_COOKIE_AGE = 5 * 365 * 24 * 3600


def _place(centre_slug: str, office_slug: str) -> tuple[Centre, Office]:
    return place_get_public(centre_slug=centre_slug, office_slug=office_slug)


def device_of(request: HttpRequest, *, office: Office | None = None) -> QueueDevice | None:
    """The working device whose signed cookie this browser holds (of the office, when given)."""
    token = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_COOKIE_SALT)
    return queue_device_for_token(token=token or "", office=office)


def _kiosk_of(request: HttpRequest, office: Office) -> QueueDevice | None:
    device = device_of(request, office=office)
    return device if device is not None and device.kind == DeviceKind.KIOSK else None


def _not_a_kiosk(request: HttpRequest, centre: Centre, office: Office) -> HttpResponse:
    return render(
        request, "queue/public/not_a_kiosk.html", {"centre": centre, "office": office}, status=403
    )


def _rate_take(request: HttpRequest, device: QueueDevice) -> bool:
    """Within the kiosk's limit: checked and counted in one statement (`_rate_give_back` when
    no ticket came of it); False past the limit."""
    return antiabuse.client_rate_take(
        request,
        scope=f"queue-kiosk-{device.pk}",
        limit=getattr(settings, "QUEUE_KIOSK_RATE_LIMIT", 120),
        window=getattr(settings, "QUEUE_KIOSK_RATE_WINDOW", 600),
    )


def _rate_give_back(request: HttpRequest, device: QueueDevice) -> None:
    antiabuse.client_rate_give_back(request, scope=f"queue-kiosk-{device.pk}")


def _too_many(request: HttpRequest, centre: Centre, office: Office) -> HttpResponse:
    context = {"centre": centre, "office": office, "http_status": 429}
    return _device_page(request, "queue/kiosk/rate_limited.html", context)


def _refuse(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _service_groups(office: Office) -> list[dict[str, Any]]:
    """The kiosk's services under their catalogue categories, in the catalogue's order."""
    services = kiosk_services_kept(office=office)
    ordered = sorted(
        services,
        key=lambda s: (
            s.category is None,
            s.category.position if s.category else 0,
            s.category.name if s.category else "",
            s.name,
        ),
    )
    return [
        {"category": category, "services": list(items)}
        for category, items in groupby(ordered, key=lambda s: s.category)
    ]


def _device_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context, status=context.pop("http_status", 200))
    response["Cache-Control"] = "no-store"  # every visit gets a fresh one-time key
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """Tap the purpose, then the service: the ticket is issued and shown."""
    centre, office = _place(centre_slug, office_slug)
    device = _kiosk_of(request, office)
    if device is None:
        return _not_a_kiosk(request, centre, office)
    form = KioskForm(request.POST or None, services=kiosk_services_kept(office=office))
    purpose = request.POST.get("purpose") or request.GET.get("purpose", "")
    if request.method == "POST" and form.is_valid():
        if not _rate_take(request, device):
            return _too_many(request, centre, office)
        try:
            ticket = ticket_issue(
                office=office,
                purpose=form.cleaned_data["purpose"],
                service=form.cleaned_data["service"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            _rate_give_back(request, device)
            _refuse(form, error)
        else:
            url = reverse("queue:kiosk_ticket", args=[centre.slug, office.slug])
            return redirect(f"{url}?t={ticket_reference(ticket.public_id)}")
    now = timezone.now()
    context: dict[str, Any] = {
        "centre": centre,
        "office": office,
        "device": device,
        "form": form,
        "submission_key": uuid.uuid4(),
        "open_state": office_opening_state(office=office, at=now),
        "http_status": 400 if form.errors else 200,
    }
    if purpose in Purpose.values:
        context["purpose"] = Purpose(purpose)
        context["groups"] = _service_groups(office)
        return _device_page(request, "queue/kiosk/services.html", context)
    estimates = wait_estimates_by_purpose(office=office, now=now)
    context["purposes"] = [
        {"value": p.value, "label": p.label, "estimate": estimates[p.value]} for p in Purpose
    ]
    return _device_page(request, "queue/kiosk/start.html", context)


@require_GET
def kiosk_ticket(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """The ticket just issued, large, with the QR code of its public page; back to the start
    by itself after a few seconds."""
    centre, office = _place(centre_slug, office_slug)
    if _kiosk_of(request, office) is None:
        return _not_a_kiosk(request, centre, office)
    reference = request.GET.get("t", "")
    issued = ticket_from_reference(office=office, reference=reference)
    public_url = request.build_absolute_uri(
        reverse("queue:ticket", args=[centre.slug, office.slug]) + f"?t={reference}"
    )
    context = {
        "centre": centre,
        "office": office,
        "ticket": issued,
        "status": ticket_status(issued),
        "ahead": tickets_ahead(ticket=issued),
        "estimate": wait_estimate(office=office, purpose=issued.purpose, service=issued.service),
        "qr": qr_data_uri(public_url),
        "public_url": public_url,
        "reset_seconds": getattr(settings, "QUEUE_KIOSK_RESET_SECONDS", 20),
    }
    return _device_page(request, "queue/kiosk/ticket.html", context)


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, centre_slug: str, office_slug: str) -> HttpResponse:
    """A booked visitor types the code from their confirmation and gets a ticket."""
    centre, office = _place(centre_slug, office_slug)
    device = _kiosk_of(request, office)
    if device is None:
        return _not_a_kiosk(request, centre, office)
    form = CheckInForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        if not _rate_take(request, device):
            return _too_many(request, centre, office)
        try:
            ticket = ticket_check_in(
                office=office,
                code=form.cleaned_data["code"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            _rate_give_back(request, device)
            _refuse(form, error)
        else:
            url = reverse("queue:kiosk_ticket", args=[centre.slug, office.slug])
            return redirect(f"{url}?t={ticket_reference(ticket.public_id)}")
    context = {
        "centre": centre,
        "office": office,
        "form": form,
        "http_status": 400 if form.errors else 200,
    }
    return _device_page(request, "queue/kiosk/check_in.html", context)


@require_http_methods(["GET", "POST"])
def device_setup(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """Open the set-up link (or type the code) on the kiosk or board: the browser becomes that
    device. A GET only fills in the form, so a link preview never spends the code."""
    centre = centre_get_public(slug=centre_slug)
    form = DeviceSetupForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            device, token = queue_device_activate(centre=centre, code=form.cleaned_data["code"])
        except ValidationError as error:
            _refuse(form, error)
        else:
            name = "queue:kiosk" if device.kind == DeviceKind.KIOSK else "queue:board"
            response = redirect(name, centre_slug=centre.slug, office_slug=device.office.slug)
            response.set_signed_cookie(
                DEVICE_COOKIE,
                token,
                salt=DEVICE_COOKIE_SALT,
                max_age=DEVICE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    context = {"centre": centre, "form": form, "http_status": 400 if form.errors else 200}
    return _device_page(request, "queue/kiosk/setup.html", context)
