"""The back office shell: choose a centre, its home page, centre profile, offices, audit log."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view, staff_required
from vidhuk.accounts.permissions import has_capability
from vidhuk.accounts.selectors import membership_list_for_centre, memberships_of_user
from vidhuk.core import events, keyfigures, staffmenu
from vidhuk.core.auditwords import readable_changes
from vidhuk.core.capabilities import CoreCapability
from vidhuk.core.models import OfficeClosure
from vidhuk.core.selectors import (
    audit_event_list,
    calendar_day_get_for_centre,
    calendar_day_list,
    office_get_for_centre,
    office_list_for_centre,
    office_week,
)
from vidhuk.core.services import (
    calendar_day_delete,
    calendar_day_set,
    centre_update,
    office_closure_delete,
    office_closure_set,
    office_create,
    office_hours_replace,
    office_update,
)
from vidhuk.core.workdays import holidays_suspended, national_days_off

from .forms import (
    AuditFilterForm,
    CalendarDayForm,
    CentreForm,
    HoursForm,
    OfficeForm,
    SpecialDayForm,
)


@staff_required
def choose_centre(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of_user(user=request.user)
    if len(memberships) == 1:
        return redirect("backoffice:home", centre_slug=memberships[0].centre.slug)
    return render(request, "backoffice/choose_centre.html", {"memberships": memberships})


def _figure_url(request: CentreRequest, url_name: str, capability: str) -> str:
    """The page explaining a figure; none when it would answer 403 (the number still shows)."""
    if not url_name or (capability and not has_capability(request.membership, capability)):
        return ""
    try:
        return reverse(url_name, kwargs={"centre_slug": request.centre.slug})
    except NoReverseMatch:
        return ""


@centre_staff_view()
def home(request: CentreRequest) -> HttpResponse:
    """What every app registered for the home page: key figures, groups of figures, tasks."""
    centre, membership = request.centre, request.membership
    figures = [
        {
            "label": figure.label,
            "value": figure.compute(centre),
            "url": _figure_url(request, figure.url_name, figure.capability),
        }
        for figure in keyfigures.figures()
    ]
    groups = []
    for group in keyfigures.groups():
        found = group.compute(centre)
        if found is None:
            continue
        rows = [
            {
                "label": f.label,
                "value": f.value,
                "url": _figure_url(request, f.url_name, f.capability),
            }
            for f in found
        ]
        groups.append({"title": group.title, "figures": rows})
    tasks = [
        {"label": task.label, "url": reverse(task.url_name, args=[centre.slug])}
        for task in staffmenu.home_tasks()
        if not task.capabilities or any(has_capability(membership, c) for c in task.capabilities)
    ]
    return render(
        request,
        "backoffice/home.html",
        {"centre": centre, "figures": figures, "groups": groups, "tasks": tasks},
    )


@centre_staff_view(CoreCapability.CENTRE_EDIT)
def centre_edit(request: CentreRequest) -> HttpResponse:
    form = CentreForm(request.POST or None, instance=request.centre)
    if request.method == "POST" and form.is_valid():
        centre_update(centre=request.centre, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("Відомості про центр збережено."))
        return redirect("backoffice:centre_edit", centre_slug=request.centre.slug)
    return render(request, "backoffice/centre_form.html", {"centre": request.centre, "form": form})


@centre_staff_view()
def office_list(request: CentreRequest) -> HttpResponse:
    offices = [
        (office, office_week(office=office))
        for office in office_list_for_centre(centre=request.centre, only_active=False)
    ]
    return render(
        request,
        "backoffice/office_list.html",
        {
            "centre": request.centre,
            "offices": offices,
            "can_edit": has_capability(request.membership, CoreCapability.OFFICES_EDIT),
        },
    )


def _office_form_page(request, form, office):
    return render(
        request,
        "backoffice/office_form.html",
        {"centre": request.centre, "form": form, "office": office},
    )


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def office_create_view(request: CentreRequest) -> HttpResponse:
    form = OfficeForm(request.POST or None)
    form.instance.centre = request.centre
    if request.method == "POST" and form.is_valid():
        try:
            office = office_create(
                centre=request.centre, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Офіс додано. Тепер вкажіть години роботи."))
            return redirect(
                "backoffice:office_hours", centre_slug=request.centre.slug, pk=office.pk
            )
    return _office_form_page(request, form, None)


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def office_edit(request: CentreRequest, pk: int) -> HttpResponse:
    office = office_get_for_centre(centre=request.centre, pk=pk)
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        try:
            office_update(office=office, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("backoffice:office_list", centre_slug=request.centre.slug)
    return _office_form_page(request, form, office)


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def office_hours(request: CentreRequest, pk: int) -> HttpResponse:
    office = office_get_for_centre(centre=request.centre, pk=pk)
    form = HoursForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        office_hours_replace(
            office=office, intervals=form.cleaned_data["intervals"], actor=request.user
        )
        messages.success(request, _("Години роботи збережено."))
        return redirect("backoffice:office_list", centre_slug=request.centre.slug)
    return render(
        request,
        "backoffice/office_hours.html",
        {"centre": request.centre, "office": office, "form": form},
    )


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def office_special_days(request: CentreRequest, pk: int) -> HttpResponse:
    office = office_get_for_centre(centre=request.centre, pk=pk)
    form = SpecialDayForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "delete" in request.POST:
        closure_pk = request.POST["delete"]
        closure = (
            OfficeClosure.objects.filter(office=office, pk=int(closure_pk)).first()
            if closure_pk.isascii() and closure_pk.isdigit()
            else None
        )
        if closure is None:
            raise Http404
        office_closure_delete(closure=closure, actor=request.user)
        messages.success(request, _("Особливий день видалено."))
        return redirect("backoffice:office_special_days", centre_slug=request.centre.slug, pk=pk)
    if form.is_bound and form.is_valid():
        office_closure_set(
            office=office,
            date=form.cleaned_data["date"],
            opens=form.cleaned_data["opens"],
            closes=form.cleaned_data["closes"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Особливий день збережено."))
        return redirect("backoffice:office_special_days", centre_slug=request.centre.slug, pk=pk)
    return render(
        request,
        "backoffice/office_special_days.html",
        {
            "centre": request.centre,
            "office": office,
            "form": form,
            "closures": office.closures.order_by("-date")[:100],
        },
    )


@centre_staff_view(CoreCapability.AUDIT_READ)
def audit_log(request: CentreRequest) -> HttpResponse:
    actors = [
        (m.user_id, m.user.get_full_name() or m.user.username)
        for m in membership_list_for_centre(centre=request.centre)
    ]
    form = AuditFilterForm(request.GET or None, actors=actors)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": int(data["actor"]) if data["actor"] else None,
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    events = audit_event_list(centre=request.centre, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.change_rows = readable_changes(event)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "backoffice/audit_log.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
        },
    )


def _deadlines_follow_calendar(request: CentreRequest, *, since: dt.date) -> None:
    """Terms counted in working days follow the calendar: every app subscribed to the event
    (appeals' deadlines) reacts, and says what moved."""
    event = events.CalendarChanged(centre=request.centre, since=since, actor=request.user)
    for note in events.calendar_changed(event):
        messages.info(request, note)


@centre_staff_view(CoreCapability.OFFICES_EDIT)
def centre_calendar(request: CentreRequest) -> HttpResponse:
    """The centre's exceptions to the national calendar of working days, which the legal
    deadlines counted in working days follow (information requests: 5 and 20 working days)."""
    centre = request.centre
    form = CalendarDayForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "delete" in request.POST:
        day = calendar_day_get_for_centre(centre=centre, pk=request.POST["delete"])
        calendar_day_delete(day=day, actor=request.user)
        messages.success(request, _("День прибрано з календаря центру."))
        _deadlines_follow_calendar(request, since=day.date)
        return redirect("backoffice:centre_calendar", centre_slug=centre.slug)
    if form.is_bound and form.is_valid():
        calendar_day_set(
            centre=centre,
            date=form.cleaned_data["date"],
            is_working_day=form.cleaned_data["is_working_day"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Календар центру збережено."))
        _deadlines_follow_calendar(request, since=form.cleaned_data["date"])
        return redirect("backoffice:centre_calendar", centre_slug=centre.slug)
    today = timezone.localdate()
    return render(
        request,
        "backoffice/centre_calendar.html",
        {
            "centre": centre,
            "form": form,
            "days": calendar_day_list(centre=centre, since=today - dt.timedelta(days=365)),
            "holidays_suspended": holidays_suspended(),
            "national_days_off": sorted(
                day for day in national_days_off(today.year) if day >= today
            )[:12],
        },
    )
