"""The resident's private link: see, move or cancel the visit, and download its .ics file.

The token never travels in the path, which servers and proxies log: the link in the mail, the
SMS and on the confirmation page is ``/<centre>/booking/manage/?t=<token>``, and the page's own
forms carry it in the query of a GET or in the body of a POST. Every response says
``Referrer-Policy: no-referrer``. Links of the old shape (``visit/<token>/…``) still work: they
redirect to the new one and are never generated again.

The POSTs here (cancel, move, the .ics) are exempt from Django's CSRF check, on purpose: under
``no-referrer`` a browser sends ``Origin: null`` with a form, which the check refuses, and the
check guards ambient credentials (a session cookie) that these pages do not use — the only
authority is the secret token in the body, which a forging site does not have.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public
from vidhuk.core.sms import sms_is_configured

from ..choices import AppointmentStatus
from ..forms import DayChoiceForm, TimeChoiceForm, combine_time, day_label
from ..mail import appointment_ics, manage_url
from ..models import Appointment
from ..selectors import appointment_get_by_link, bookable_days, booking_days, free_slots
from ..services.changes import appointment_cancel, appointment_move
from .public import _day_or_404, _url

# A token is 32 bytes of HMAC in unpadded URL-safe base64: 43 characters.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _private(response: HttpResponse) -> HttpResponse:
    """Pages of the private link: not cached, not indexed, no Referer sent on at all."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _token(request: HttpRequest) -> str:
    token = request.POST.get("t") or request.GET.get("t") or ""
    if not _TOKEN.fullmatch(token):
        raise Http404("No such appointment")
    return token


def _visit(request: HttpRequest, centre_slug: str) -> tuple[Centre, Appointment, str]:
    centre = centre_get_public(slug=centre_slug)
    token = _token(request)
    return centre, appointment_get_by_link(centre=centre, token=token), token


def _with_token(name: str, centre: Centre, token: str, **query: str) -> str:
    return _url(name, centre) + "?" + urlencode({"t": token, **query})


def _link(request: HttpRequest, visit: Appointment, token: str) -> str:
    return manage_url(base_url=request.build_absolute_uri("/"), appointment=visit, token=token)


def _is_changeable(visit: Appointment) -> bool:
    return visit.status == AppointmentStatus.BOOKED and visit.starts_at > timezone.now()


def manage(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre, visit, token = _visit(request, centre_slug)
    just_booked = request.GET.get("booked") == "1"
    return _private(
        render(
            request,
            "appointments/public/manage.html",
            {
                "centre": centre,
                "visit": visit,
                "token": token,
                "just_booked": just_booked,
                "moved": request.GET.get("moved") == "1",
                "link": _link(request, visit, token),
                "is_changeable": _is_changeable(visit),
                "sms_sent": just_booked
                and bool(visit.phone)
                and not visit.email
                and sms_is_configured(),
            },
        )
    )


@csrf_exempt
def ics(request: HttpRequest, centre_slug: str) -> HttpResponse:
    _centre, visit, token = _visit(request, centre_slug)
    response = HttpResponse(
        appointment_ics(appointment=visit, link=_link(request, visit, token)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="vizyt-{visit.code}.ics"'
    return _private(response)


@csrf_exempt
def cancel(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """A confirmation page, then the cancellation (POST). Cancelling twice is harmless."""
    centre, visit, token = _visit(request, centre_slug)
    error = ""
    if request.method == "POST":
        try:
            appointment_cancel(appointment=visit)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            return _private(redirect(_with_token("manage", centre, token)))
    return _private(
        render(
            request,
            "appointments/public/cancel.html",
            {
                "centre": centre,
                "visit": visit,
                "token": token,
                "error": error,
                "back_url": _with_token("manage", centre, token),
            },
        )
    )


def move_day(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre, visit, token = _visit(request, centre_slug)
    if not _is_changeable(visit):
        return _private(redirect(_with_token("manage", centre, token)))
    days = bookable_days(office=visit.office, service=visit.service)
    data = request.GET if "day" in request.GET else None
    form = DayChoiceForm(data, days=days, bounds=booking_days(centre=centre))
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"]
        return _private(redirect(_with_token("move_time", centre, token, day=day)))
    return _private(
        render(
            request,
            "appointments/public/day.html",
            {
                "centre": centre,
                "service": visit.service,
                "office": visit.office,
                "form": form,
                "days": days,
                "is_move": True,
                "token": token,
                "back_url": _with_token("manage", centre, token),
            },
        )
    )


@csrf_exempt
def move_time(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre, visit, token = _visit(request, centre_slug)
    if not _is_changeable(visit):
        return _private(redirect(_with_token("manage", centre, token)))
    day = request.POST.get("day") or request.GET.get("day") or ""
    date = _day_or_404(day)
    first, last = booking_days(centre=centre)
    if not first <= date <= last:
        return _private(redirect(_with_token("move_day", centre, token, day=day, go="1")))
    slots = _slots(visit, date)
    form = TimeChoiceForm(request.POST if request.method == "POST" else None, slots=slots)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            appointment_move(
                appointment=visit,
                starts_at=combine_time(date, form.cleaned_data["time"]),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            refusal = error.messages[0]
            slots = _slots(visit, date)
            form = TimeChoiceForm(None, slots=slots)
        else:
            return _private(redirect(_with_token("manage", centre, token, moved="1")))
    return _private(
        render(
            request,
            "appointments/public/time.html",
            {
                "centre": centre,
                "service": visit.service,
                "office": visit.office,
                "day": date,
                "day_iso": date.isoformat(),
                "day_label": day_label(date),
                "form": form,
                "has_slots": bool(slots),
                "is_move": True,
                "token": token,
                "refusal": refusal,
                "back_url": _with_token("move_day", centre, token),
            },
        )
    )


def _slots(visit: Appointment, date: dt.date) -> list:  # type: ignore[type-arg]
    return free_slots(
        office=visit.office, service=visit.service, day=date, exclude_appointment_id=visit.pk
    )


# --- links of the old shape ----------------------------------------------------------------------


def legacy(request: HttpRequest, centre_slug: str, token: str, to: str = "manage") -> HttpResponse:
    """``visit/<token>/…`` from mail sent before the token left the path: the same page."""
    centre = centre_get_public(slug=centre_slug)
    appointment_get_by_link(centre=centre, token=token)
    return _private(redirect(_with_token(to, centre, token)))


def legacy_move_time(request: HttpRequest, centre_slug: str, token: str, day: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    appointment_get_by_link(centre=centre, token=token)
    return _private(redirect(_with_token("move_time", centre, token, day=day)))
