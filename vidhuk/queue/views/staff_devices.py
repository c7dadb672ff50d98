"""Kiosks and boards of the hall: register one for an office, see when each was last seen,
revoke it. `offices.edit` (head, administrator) opens this: whoever sets up the offices sets up
their devices.

Registering shows a one-time set-up code and link once (kept in the session only until the
page after the redirect reads it); opening the link on the device turns that browser into the
device (``kiosk.device_setup``). Registering and revoking are written to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.capabilities import CoreCapability
from vidhuk.core.selectors import office_list_for_centre

from ..devices import (
    display_setup_code,
    queue_device_get_for_staff,
    queue_device_list_for_staff,
    queue_device_register,
    queue_device_revoke,
)
from ..forms import DeviceRegisterForm

SETUP_SESSION_KEY = "queue.device-setup"


@centre_staff_view(CoreCapability.OFFICES_EDIT)
@require_GET
def devices(request: CentreRequest) -> HttpResponse:
    """The centre's kiosks and boards, working ones first."""
    return render(
        request,
        "queue/staff/devices.html",
        {
            "centre": request.centre,
            "devices": list(queue_device_list_for_staff(centre=request.centre)),
        },
    )


@centre_staff_view(CoreCapability.OFFICES_EDIT)
@require_http_methods(["GET", "POST"])
def device_register(request: CentreRequest) -> HttpResponse:
    offices = office_list_for_centre(centre=request.centre).prefetch_related(None)
    form = DeviceRegisterForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        device, code = queue_device_register(
            office=form.cleaned_data["office"],
            kind=form.cleaned_data["kind"],
            label=form.cleaned_data["label"],
            actor=request.user,
        )
        request.session[SETUP_SESSION_KEY] = {"pk": device.pk, "code": code}
        return redirect("queue_staff:device", centre_slug=request.centre.slug, pk=device.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "queue/staff/device_register.html",
        {"centre": request.centre, "form": form},
        status=status,
    )


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def device(request: CentreRequest, pk: int) -> HttpResponse:
    """The device; right after registering, its set-up code and link, shown this once."""
    item = queue_device_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])  # after the lookup: another centre's is 404
    pending = request.session.get(SETUP_SESSION_KEY) or {}
    code = ""
    if pending.get("pk") == item.pk:
        code = pending["code"]
        del request.session[SETUP_SESSION_KEY]
    setup_url = ""
    if code:
        base = reverse("queue:device_setup", args=[request.centre.slug])
        setup_url = request.build_absolute_uri(f"{base}?code={display_setup_code(code)}")
    response = render(
        request,
        "queue/staff/device.html",
        {
            "centre": request.centre,
            "device": item,
            "code": display_setup_code(code) if code else "",
            "setup_url": setup_url,
            "setup_page": request.build_absolute_uri(
                reverse("queue:device_setup", args=[request.centre.slug])
            ),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def device_revoke(request: CentreRequest, pk: int) -> HttpResponse:
    item = queue_device_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    queue_device_revoke(device=item, actor=request.user)
    messages.success(
        request, _("Пристрій «%(label)s» відкликано: він більше не працює.") % {"label": item.label}
    )
    return redirect("queue_staff:devices", centre_slug=request.centre.slug)
