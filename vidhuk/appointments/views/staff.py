"""The back office of booking: a day's visits per office and window, booking for a phone caller,
one visit (audited: it shows a person's name and contacts), cancelling and moving it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.choices import AuditAction
from vidhuk.core.selectors import main_office, office_list_for_centre
from vidhuk.core.services import audit_record

from ..choices import BookingChannel
from ..fields import is_ascii_number
from ..forms import DayForm, StaffBookingForm, StaffFindForm, StaffMoveDayForm, combine_time
from ..permissions import BOOK_CAPABILITY
from ..selectors import (
    appointment_day_for_staff,
    appointment_get_for_staff,
    free_slots,
    service_list_bookable,
)
from ..services.booking import appointment_book
from ..services.changes import appointment_cancel, appointment_move
from ..services.slots import SlotTakenError

PAGE_SIZE = 100


def _offices(request: CentreRequest):  # type: ignore[no-untyped-def]
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def _base_url(request: CentreRequest) -> str:
    return f"{request.scheme}://{request.get_host()}/"


@centre_staff_view(BOOK_CAPABILITY)
def day(request: CentreRequest) -> HttpResponse:
    """A day's visits at one office, every window, earliest first; the names are audited."""
    offices = _offices(request)
    today = timezone.localdate()
    first = main_office(offices=list(offices))
    form = DayForm(
        request.GET or None,
        offices=offices,
        initial={"office": first, "day": today},
    )
    office, date = first, today
    if form.is_bound and form.is_valid():
        office, date = form.cleaned_data["office"], form.cleaned_data["day"]
    visits = (
        appointment_day_for_staff(centre=request.centre, office=office, day=date)
        if office is not None
        else None
    )
    number = request.GET.get("page", "")
    number = number if is_ascii_number(number) else "1"
    page = Paginator(visits, PAGE_SIZE).get_page(number) if visits else None
    if office is not None and page is not None and page.object_list:
        audit_record(
            actor=request.user,
            centre=request.centre,
            action=AuditAction.VIEW,
            object_type="appointments.day",
            object_id=f"{office.pk}:{date.isoformat()}",
            object_repr=f"{office.name} — {date:%d.%m.%Y}",
        )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "appointments/staff/day.html",
        {
            "centre": request.centre,
            "form": form,
            "office": office,
            "day": date,
            "page": page,
            "querystring": querystring.urlencode(),
            "previous_day": date - dt.timedelta(days=1),
            "next_day": date + dt.timedelta(days=1),
        },
    )


@centre_staff_view(BOOK_CAPABILITY)
def book(request: CentreRequest) -> HttpResponse:
    """Book for a caller: choose service, office and day (GET), then the time and who (POST)."""
    services = service_list_bookable(centre=request.centre, online=False)
    find = StaffFindForm(request.GET or None, services=services, offices=_offices(request))
    slots = []
    booking_form = None
    if find.is_bound and find.is_valid():
        data = find.cleaned_data
        slots = free_slots(
            office=data["office"], service=data["service"], day=data["day"], online=False
        )
        booking_form = StaffBookingForm(
            request.POST if request.method == "POST" else None, slots=slots
        )
        if request.method == "POST" and booking_form.is_valid():
            contact = booking_form.cleaned_data
            try:
                visit = appointment_book(
                    centre=request.centre,
                    office=data["office"],
                    service=data["service"],
                    starts_at=combine_time(data["day"], contact["time"]),
                    name=contact["name"],
                    phone=contact["phone"],
                    email=contact["email"],
                    channel=BookingChannel.STAFF,
                    booked_by=request.user,
                    submission_key=contact["submission_key"],
                    base_url=_base_url(request),
                )
            except SlotTakenError as error:
                slots = free_slots(
                    office=data["office"], service=data["service"], day=data["day"], online=False
                )
                booking_form = _refused(request, slots, error)
            except ValidationError as error:
                booking_form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Записано. Код підтвердження %(code)s — продиктуйте його відвідувачу.")
                    % {"code": visit.code},
                )
                return redirect("appointments_staff:detail", request.centre.slug, visit.pk)
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "appointments/staff/book.html",
        {
            "centre": request.centre,
            "find": find,
            "form": booking_form,
            "has_slots": bool(slots),
        },
    )


def _refused(request: CentreRequest, slots: list, error: ValidationError) -> StaffBookingForm:  # type: ignore[type-arg]
    """The contacts stay as typed; the times are the ones free now; the refusal on top."""
    form = StaffBookingForm(request.POST, slots=slots)
    form.is_valid()
    form.add_error("time", error.messages[0])
    return form


@centre_staff_view(BOOK_CAPABILITY)
def detail(request: CentreRequest, pk: int) -> HttpResponse:
    visit = appointment_get_for_staff(centre=request.centre, pk=pk)
    audit_record(actor=request.user, centre=request.centre, action=AuditAction.VIEW, obj=visit)
    return render(
        request,
        "appointments/staff/detail.html",
        {
            "centre": request.centre,
            "visit": visit,
            "is_changeable": visit.status == "booked" and visit.starts_at > timezone.now(),
            "move_form": StaffMoveDayForm(initial={"day": timezone.localdate(visit.starts_at)}),
        },
    )


@centre_staff_view(BOOK_CAPABILITY)
def cancel(request: CentreRequest, pk: int) -> HttpResponse:
    visit = appointment_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        appointment_cancel(appointment=visit, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Візит скасовано, час звільнено."))
    return redirect("appointments_staff:detail", request.centre.slug, visit.pk)


@centre_staff_view(BOOK_CAPABILITY)
def move(request: CentreRequest, pk: int) -> HttpResponse:
    """Another day (GET) and time (POST) for a booked visit; same service and office."""
    visit = appointment_get_for_staff(centre=request.centre, pk=pk)
    day_form = StaffMoveDayForm(request.GET or None)
    date = (
        day_form.cleaned_data["day"]
        if day_form.is_bound and day_form.is_valid()
        else timezone.localdate(visit.starts_at)
    )
    slots = free_slots(
        office=visit.office,
        service=visit.service,
        day=date,
        online=False,
        exclude_appointment_id=visit.pk,
    )
    choices = [(f"{s.local_start:%H%M}", f"{s.local_start:%H:%M}") for s in slots]
    time_value = request.POST.get("time", "") if request.method == "POST" else ""
    error = ""
    if request.method == "POST":
        if time_value not in dict(choices):
            error = _("Оберіть час візиту зі списку.")
        else:
            try:
                appointment_move(
                    appointment=visit,
                    starts_at=combine_time(date, time_value),
                    actor=request.user,
                    base_url=_base_url(request),
                )
            except ValidationError as refusal:
                error = refusal.messages[0]
            else:
                messages.success(request, _("Візит перенесено."))
                return redirect("appointments_staff:detail", request.centre.slug, visit.pk)
        slots = free_slots(
            office=visit.office,
            service=visit.service,
            day=date,
            online=False,
            exclude_appointment_id=visit.pk,
        )
        choices = [(f"{s.local_start:%H%M}", f"{s.local_start:%H:%M}") for s in slots]
    return render(
        request,
        "appointments/staff/move.html",
        {
            "centre": request.centre,
            "visit": visit,
            "day_form": day_form,
            "day": date,
            "choices": choices,
            "error": error,
        },
    )
