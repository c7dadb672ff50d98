"""The resident's booking, one question per page: service → office → day → time → contacts →
the code and the private link. Then the private page to see, move or cancel the visit, and its
.ics file. Every page works without JavaScript; choices travel in the address, so the back
button and a bookmark work; nothing is stored until the last step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public

from ..choices import AppointmentStatus
from ..forms import (
    ContactForm,
    DayChoiceForm,
    OfficeChoiceForm,
    ServiceChoiceForm,
    TimeChoiceForm,
    combine_time,
    day_label,
)
from ..mail import appointment_ics
from ..models import Appointment
from ..selectors import (
    appointment_get_by_link,
    bookable_days,
    free_slots,
    office_get_for_service,
    office_list_for_service,
    service_get_bookable,
    service_list_bookable,
)
from ..services import (
    SlotTakenError,
    appointment_book,
    appointment_cancel,
    appointment_link_token,
    appointment_move,
)

RATE_LIMIT_DEFAULT = 10
RATE_WINDOW_SECONDS_DEFAULT = 10 * 60


def _private(response: HttpResponse) -> HttpResponse:
    """Pages carrying the private link or a person's data: not cached, not indexed, the address
    (the token) never sent on in a Referer header."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _over_rate_limit(request: HttpRequest) -> bool:
    limit: int = getattr(settings, "VIDHUK_BOOKING_RATE_LIMIT", RATE_LIMIT_DEFAULT)
    window: int = getattr(
        settings, "VIDHUK_BOOKING_RATE_WINDOW_SECONDS", RATE_WINDOW_SECONDS_DEFAULT
    )
    return antiabuse.client_over_rate_limit(request, scope="booking", limit=limit, window=window)


def _day_or_404(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day") from None


def _time_or_404(value: str) -> str:
    if len(value) != 4 or not value.isdigit() or int(value[:2]) > 23 or int(value[2:]) > 59:
        raise Http404("No such time")
    return value


def _url(name: str, centre: Centre, **kwargs: Any) -> str:
    return reverse(f"appointments:{name}", kwargs={"centre_slug": centre.slug, **kwargs})


# --- the steps -----------------------------------------------------------------------------------


def choose_service(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    services = service_list_bookable(centre=centre)
    form = ServiceChoiceForm(request.GET or None, services=services)
    if form.is_bound and form.is_valid():
        return redirect(_url("office", centre, service_id=form.cleaned_data["service"].pk))
    return render(
        request,
        "appointments/public/service.html",
        {"centre": centre, "form": form, "has_services": services.exists()},
    )


def choose_office(request: HttpRequest, centre_slug: str, service_id: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    form = OfficeChoiceForm(
        request.GET or None, offices=office_list_for_service(centre=centre, service=service)
    )
    if form.is_bound and form.is_valid():
        office = form.cleaned_data["office"]
        return redirect(_url("day", centre, service_id=service.pk, office_id=office.pk))
    return render(
        request,
        "appointments/public/office.html",
        {"centre": centre, "service": service, "form": form, "back_url": _url("start", centre)},
    )


def choose_day(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    office = office_get_for_service(centre=centre, service=service, pk=office_id)
    days = bookable_days(office=office, service=service)
    form = DayChoiceForm(request.GET or None, days=days)
    if form.is_bound and form.is_valid():
        return redirect(
            _url(
                "time",
                centre,
                service_id=service.pk,
                office_id=office.pk,
                day=form.cleaned_data["day"],
            )
        )
    return render(
        request,
        "appointments/public/day.html",
        {
            "centre": centre,
            "service": service,
            "office": office,
            "form": form,
            "days": days,
            "back_url": _url("office", centre, service_id=service.pk),
        },
    )


def choose_time(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int, day: str
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    office = office_get_for_service(centre=centre, service=service, pk=office_id)
    date = _day_or_404(day)
    slots = free_slots(office=office, service=service, day=date)
    form = TimeChoiceForm(request.GET or None, slots=slots)
    if form.is_bound and form.is_valid():
        return redirect(
            _url(
                "details",
                centre,
                service_id=service.pk,
                office_id=office.pk,
                day=day,
                time=form.cleaned_data["time"],
            )
        )
    return render(
        request,
        "appointments/public/time.html",
        {
            "centre": centre,
            "service": service,
            "office": office,
            "day": date,
            "day_label": day_label(date),
            "form": form,
            "has_slots": bool(slots),
            "back_url": _url("day", centre, service_id=service.pk, office_id=office.pk),
        },
    )


def details(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int, day: str, time: str
) -> HttpResponse:
    """The last step: who comes. Booking happens here, all at once or not at all."""
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    office = office_get_for_service(centre=centre, service=service, pk=office_id)
    date, time = _day_or_404(day), _time_or_404(time)
    starts_at = combine_time(date, time)
    if request.method == "POST" and _over_rate_limit(request):
        return _private(
            render(request, "appointments/public/rate_limited.html", {"centre": centre}, status=429)
        )
    form = ContactForm(request.POST if request.method == "POST" else None)
    other_slots: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = appointment_book(
                centre=centre,
                office=office,
                service=service,
                starts_at=starts_at,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                submission_key=data["submission_key"],
                base_url=request.build_absolute_uri("/"),
            )
        except SlotTakenError as error:
            form.add_service_error(error)
            other_slots = free_slots(office=office, service=service, day=date)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            token = appointment_link_token(visit)
            return _private(redirect(_url("manage", centre, token=token) + "?booked=1"))
        form.refresh_stamp()
    return _private(
        render(
            request,
            "appointments/public/details.html",
            {
                "centre": centre,
                "service": service,
                "office": office,
                "day_label": day_label(date),
                "starts_at": starts_at,
                "form": form,
                "other_slots": other_slots,
                "day": day,
                "back_url": _url(
                    "time", centre, service_id=service.pk, office_id=office.pk, day=day
                ),
            },
        )
    )


# --- the private link ----------------------------------------------------------------------------


def manage(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    visit = appointment_get_by_link(centre=centre, token=token)
    return _private(
        render(
            request,
            "appointments/public/manage.html",
            {
                "centre": centre,
                "visit": visit,
                "token": token,
                "just_booked": request.GET.get("booked") == "1",
                "link": request.build_absolute_uri(_url("manage", centre, token=token)),
                "is_changeable": _is_changeable(visit),
            },
        )
    )


def _is_changeable(visit: Appointment) -> bool:
    return visit.status == AppointmentStatus.BOOKED and visit.starts_at > timezone.now()


def ics(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    visit = appointment_get_by_link(centre=centre, token=token)
    link = request.build_absolute_uri(_url("manage", centre, token=token))
    response = HttpResponse(
        appointment_ics(appointment=visit, link=link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="vizyt-{visit.code}.ics"'
    return _private(response)


def cancel(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    """A confirmation page, then the cancellation (POST). Cancelling twice is harmless."""
    centre = centre_get_public(slug=centre_slug)
    visit = appointment_get_by_link(centre=centre, token=token)
    error = ""
    if request.method == "POST":
        try:
            appointment_cancel(appointment=visit)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            return _private(redirect(_url("manage", centre, token=token)))
    return _private(
        render(
            request,
            "appointments/public/cancel.html",
            {
                "centre": centre,
                "visit": visit,
                "token": token,
                "error": error,
                "back_url": _url("manage", centre, token=token),
            },
        )
    )


def move_day(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    visit = appointment_get_by_link(centre=centre, token=token)
    if not _is_changeable(visit):
        return _private(redirect(_url("manage", centre, token=token)))
    days = bookable_days(office=visit.office, service=visit.service)
    form = DayChoiceForm(request.GET or None, days=days)
    if form.is_bound and form.is_valid():
        return _private(
            redirect(_url("move_time", centre, token=token, day=form.cleaned_data["day"]))
        )
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
                "back_url": _url("manage", centre, token=token),
            },
        )
    )


def move_time(request: HttpRequest, centre_slug: str, token: str, day: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    visit = appointment_get_by_link(centre=centre, token=token)
    if not _is_changeable(visit):
        return _private(redirect(_url("manage", centre, token=token)))
    date = _day_or_404(day)
    slots = free_slots(
        office=visit.office, service=visit.service, day=date, exclude_appointment_id=visit.pk
    )
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
            slots = free_slots(
                office=visit.office,
                service=visit.service,
                day=date,
                exclude_appointment_id=visit.pk,
            )
            form = TimeChoiceForm(None, slots=slots)
        else:
            return _private(redirect(_url("manage", centre, token=token) + "?moved=1"))
    return _private(
        render(
            request,
            "appointments/public/time.html",
            {
                "centre": centre,
                "service": visit.service,
                "office": visit.office,
                "day": date,
                "day_label": day_label(date),
                "form": form,
                "has_slots": bool(slots),
                "is_move": True,
                "refusal": refusal,
                "back_url": _url("move_day", centre, token=token),
            },
        )
    )
