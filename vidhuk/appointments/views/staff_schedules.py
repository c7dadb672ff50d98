"""Schedules: each office's windows and the services they handle, the weekly booking templates
of an office and of a window, each service's slot length and online booking, and the centre's
booking rules. Closures, shortened days and the centre's calendar are core's, linked from here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.catalog.selectors import service_queryset
from vidhuk.catalog.services import window_services_set
from vidhuk.core.models import Window
from vidhuk.core.selectors import (
    office_get_for_centre,
    office_list_for_centre,
    window_get_for_centre,
    window_list_for_centre,
)
from vidhuk.core.services import window_save

from ..forms import PolicyForm, ServiceBookingForm, WeekTemplateForm, WindowForm
from ..models import ServiceBooking
from ..permissions import SCHEDULE_CAPABILITY
from ..schedule import DEFAULT_SLOT_MINUTES
from ..selectors import (
    booking_policy_for,
    office_intervals,
    service_booking_list,
    window_list_with_intervals,
)
from ..services.schedules import (
    booking_policy_set,
    service_booking_set,
    working_intervals_set,
)


def _centre_services(request: CentreRequest):  # type: ignore[no-untyped-def]
    return service_queryset(centre=request.centre).order_by("name")


def _week(rows) -> dict[int, list]:  # type: ignore[no-untyped-def,type-arg]
    week: dict[int, list] = {}  # type: ignore[type-arg]
    for row in rows:
        week.setdefault(row.weekday, []).append((row.starts, row.ends))
    return week


def _add_error(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


@centre_staff_view(SCHEDULE_CAPABILITY)
def overview(request: CentreRequest) -> HttpResponse:
    offices = office_list_for_centre(centre=request.centre, only_active=False).prefetch_related(
        None
    )
    windows = window_list_for_centre(centre=request.centre).prefetch_related("services")
    by_office: dict[int, list[Window]] = {}
    for window in windows:
        by_office.setdefault(window.office_id, []).append(window)
    return render(
        request,
        "appointments/staff/schedules.html",
        {
            "centre": request.centre,
            "offices": [(office, by_office.get(office.pk, [])) for office in offices],
            "policy": booking_policy_for(centre=request.centre),
        },
    )


@centre_staff_view(SCHEDULE_CAPABILITY)
def office_template(request: CentreRequest, office_id: int) -> HttpResponse:
    """The office's weekly booking template; windows without their own follow it."""
    office = office_get_for_centre(centre=request.centre, pk=office_id)
    form = WeekTemplateForm(
        request.POST if request.method == "POST" else None,
        week=_week(office_intervals(office=office)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            working_intervals_set(
                centre=request.centre,
                office=office,
                window=None,
                week=form.week,
                actor=request.user,
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Розклад прийому офісу збережено."))
            return redirect("appointments_staff:schedules", request.centre.slug)
    return render(
        request,
        "appointments/staff/template_form.html",
        {
            "centre": request.centre,
            "office": office,
            "form": form,
            "windows": window_list_with_intervals(office=office),
        },
    )


@centre_staff_view(SCHEDULE_CAPABILITY)
def window_create(request: CentreRequest, office_id: int) -> HttpResponse:
    office = office_get_for_centre(centre=request.centre, pk=office_id)
    return _window_form(request, office=office, window=None)


@centre_staff_view(SCHEDULE_CAPABILITY)
def window_edit(request: CentreRequest, pk: int) -> HttpResponse:
    window = window_get_for_centre(centre=request.centre, pk=pk)
    return _window_form(request, office=window.office, window=window)


def _window_form(request: CentreRequest, *, office, window: Window | None) -> HttpResponse:  # type: ignore[no-untyped-def]
    posted = request.POST if request.method == "POST" else None
    initial = (
        {
            "number": window.number,
            "label": window.label,
            "services": list(window.services.all()),
            "is_active": window.is_active,
        }
        if window
        else {"is_active": True}
    )
    form = WindowForm(posted, services=_centre_services(request), initial=initial)
    week_form = WeekTemplateForm(
        posted, week=_week(window.intervals.all()) if window else {}, prefix="week"
    )
    if request.method == "POST" and form.is_valid() and week_form.is_valid():
        data = form.cleaned_data
        try:
            # The window, its services and its week are saved together or not at all.
            with transaction.atomic():
                saved = window_save(
                    centre=request.centre,
                    office=office,
                    window=window,
                    number=data["number"],
                    label=data["label"],
                    is_active=data["is_active"],
                    actor=request.user,
                )
                window_services_set(centre=request.centre, window=saved, services=data["services"])
                working_intervals_set(
                    centre=request.centre,
                    office=office,
                    window=saved,
                    week=week_form.week,
                    actor=request.user,
                )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Вікно збережено."))
            return redirect("appointments_staff:schedules", request.centre.slug)
    return render(
        request,
        "appointments/staff/window_form.html",
        {
            "centre": request.centre,
            "office": office,
            "window": window,
            "form": form,
            "week_form": week_form,
        },
    )


@centre_staff_view(SCHEDULE_CAPABILITY)
def services(request: CentreRequest) -> HttpResponse:
    return render(
        request,
        "appointments/staff/services.html",
        {
            "centre": request.centre,
            "rows": service_booking_list(centre=request.centre),
            "default_minutes": DEFAULT_SLOT_MINUTES,
        },
    )


@centre_staff_view(SCHEDULE_CAPABILITY)
def service_edit(request: CentreRequest, pk: int) -> HttpResponse:
    service = service_queryset(centre=request.centre).filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    current = ServiceBooking.objects.filter(service=service).first()
    form = ServiceBookingForm(
        request.POST if request.method == "POST" else None,
        initial={
            "slot_minutes": current.slot_minutes if current else DEFAULT_SLOT_MINUTES,
            "is_bookable_online": current.is_bookable_online if current else True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_booking_set(
                centre=request.centre, service=service, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Налаштування запису на послугу збережено."))
            return redirect("appointments_staff:services", request.centre.slug)
    return render(
        request,
        "appointments/staff/service_form.html",
        {"centre": request.centre, "service": service, "form": form},
    )


@centre_staff_view(SCHEDULE_CAPABILITY)
def policy(request: CentreRequest) -> HttpResponse:
    current = booking_policy_for(centre=request.centre)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "horizon_days": current.horizon_days,
            "min_notice_minutes": current.min_notice_minutes,
            "max_upcoming_per_contact": current.max_upcoming_per_contact,
            "retention_days": current.retention_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_policy_set(centre=request.centre, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Правила запису збережено."))
            return redirect("appointments_staff:schedules", request.centre.slug)
    return render(
        request, "appointments/staff/policy.html", {"centre": request.centre, "form": form}
    )
