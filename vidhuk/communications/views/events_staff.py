"""Events in the back office under /staff/<centre>/communications/events/: the list, making,
editing and cancelling an event, its documents, the registrants and speakers (personal data:
``communications.publish`` only), the door's QR check-in (``communications.checkin``), and a
hearing's minutes and the finding they give."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..forms.events import (
    CheckInForm,
    DocumentForm,
    EventForm,
    FindingFromMinutesForm,
    MinutesForm,
)
from ..models import Event, EventState
from ..selectors.events import (
    event_get_for_staff,
    event_list_for_staff,
    registration_list_for_staff,
    speaker_list_for_staff,
)
from ..services.events import (
    EVENT_FIELDS,
    event_cancel,
    event_create,
    event_document_add,
    event_update,
    registration_check_in,
)
from ..services.hearings import (
    event_finding_from_minutes,
    event_minutes_save,
    is_held_hearing,
    minutes_remarks,
)

READ, PUBLISH = "communications.read", "communications.publish"
CHECKIN = "communications.checkin"  # the front desk marks arrivals without editing events
PAGE_SIZE = 30


def _base_url(request: CentreRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _service_error(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
        return
    form.add_error(None, error)


def _to_event(request: CentreRequest, event: Event) -> HttpResponse:
    return redirect("communications_staff:event", request.centre.slug, event.pk)


@centre_staff_view(READ)
@require_GET
def event_list(request: CentreRequest) -> HttpResponse:
    page = Paginator(event_list_for_staff(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/events/staff/list.html",
        {
            "centre": request.centre,
            "page": page,
            "can_publish": has_capability(request.membership, PUBLISH),
            "can_check_in": has_capability(request.membership, CHECKIN),
        },
    )


def _form_page(
    request: CentreRequest, form: EventForm, event: Event | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "communications/events/staff/form.html",
        {"centre": request.centre, "form": form, "event": event},
        status=status,
    )


@centre_staff_view(PUBLISH)
def event_new(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, EventForm(), None)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event = event_create(centre=request.centre, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("Захід створено."))
            return _to_event(request, event)
    return _form_page(request, form, None, status=400)


@centre_staff_view(PUBLISH)
def event_edit(request: CentreRequest, pk: int) -> HttpResponse:
    event = event_get_for_staff(centre=request.centre, pk=pk)
    if event.state == EventState.CANCELLED:
        messages.error(request, _("Скасований захід не змінюють."))
        return _to_event(request, event)
    if request.method != "POST":
        initial = {name: getattr(event, name) for name in EVENT_FIELDS}
        initial["starts_at"] = timezone.localtime(event.starts_at)
        initial["ends_at"] = timezone.localtime(event.ends_at)
        return _form_page(request, EventForm(initial=initial), event)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event_update(
                event=event,
                actor=request.user,
                data=form.cleaned_data,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return _to_event(request, event)
    return _form_page(request, form, event, status=400)


@centre_staff_view(READ)
def event_detail(request: CentreRequest, pk: int) -> HttpResponse:
    event = event_get_for_staff(centre=request.centre, pk=pk)  # 404 before 405
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "communications/events/staff/detail.html",
        {
            "centre": request.centre,
            "event": event,
            "can_publish": has_capability(request.membership, PUBLISH),
            "document_form": DocumentForm(),
            "is_held_hearing": is_held_hearing(event),
        },
    )


@centre_staff_view(PUBLISH)
def event_cancel_view(request: CentreRequest, pk: int) -> HttpResponse:
    event = event_get_for_staff(centre=request.centre, pk=pk)
    if request.method == "POST":
        event_cancel(event=event, actor=request.user, base_url=_base_url(request))
        messages.success(request, _("Захід скасовано. Зареєстрованим надіслано лист."))
        return _to_event(request, event)
    return render(
        request,
        "communications/events/staff/cancel.html",
        {"centre": request.centre, "event": event},
    )


@centre_staff_view(PUBLISH)
def document_add(request: CentreRequest, pk: int) -> HttpResponse:
    event = event_get_for_staff(centre=request.centre, pk=pk)  # 404 before 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event_document_add(
                event=event,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("Документ додано."))
            return _to_event(request, event)
    return render(
        request,
        "communications/events/staff/detail.html",
        {
            "centre": request.centre,
            "event": event,
            "can_publish": True,
            "document_form": form,
            "is_held_hearing": is_held_hearing(event),
        },
        status=400,
    )


@centre_staff_view(PUBLISH)
def registrations(request: CentreRequest, pk: int) -> HttpResponse:
    """Who registered, with their contacts and needs: personal data, publishing staff only."""
    event = event_get_for_staff(centre=request.centre, pk=pk)  # 404 before 405
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    response = render(
        request,
        "communications/events/staff/registrations.html",
        {
            "centre": request.centre,
            "event": event,
            "registrations": registration_list_for_staff(event=event),
            "speakers": speaker_list_for_staff(event=event),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@centre_staff_view(CHECKIN)
def check_in(request: CentreRequest) -> HttpResponse:
    """The door: a scanned QR code opens this page with the token; «Відмітити» marks arrival."""
    form = CheckInForm(request.POST if request.method == "POST" else None,
                       initial={"token": request.GET.get("t", "")[:300]})  # fmt: skip
    checked: Any = None
    if request.method == "POST" and form.is_valid():
        try:
            checked = registration_check_in(
                centre=request.centre, token=form.cleaned_data["token"], actor=request.user
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            form = CheckInForm()
    status = 400 if form.is_bound and form.errors else 200
    response = render(
        request,
        "communications/events/staff/checkin.html",
        {"centre": request.centre, "form": form, "checked": checked},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@centre_staff_view(PUBLISH)
def minutes(request: CentreRequest, pk: int) -> HttpResponse:
    event = event_get_for_staff(centre=request.centre, pk=pk)
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            event_minutes_save(
                event=event, actor=request.user, minutes=form.cleaned_data["minutes"]
            )
            messages.success(request, _("Протокол збережено."))
            return _to_event(request, event)
    else:
        form = MinutesForm(initial={"minutes": event.minutes})
    return render(
        request,
        "communications/events/staff/minutes.html",
        {"centre": request.centre, "event": event, "form": form},
    )


@centre_staff_view(PUBLISH)
def finding_from_minutes(request: CentreRequest, pk: int) -> HttpResponse:
    """Remarks of a held hearing's minutes become a finding of the decisions register."""
    event = event_get_for_staff(centre=request.centre, pk=pk)
    if not has_capability(request.membership, "decisions.edit"):
        raise PermissionDenied("decisions.edit")
    remarks = minutes_remarks(event.minutes)
    form = FindingFromMinutesForm(
        request.POST if request.method == "POST" else None, remarks=remarks
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = event_finding_from_minutes(
                event=event,
                actor=request.user,
                remark_numbers=data["remarks"],
                title=data["title"],
                summary=data["summary"],
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(
                request,
                _("Висновок № %(number)s створено з протоколу.") % {"number": finding.number},
            )
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    return render(
        request,
        "communications/events/staff/finding.html",
        {
            "centre": request.centre,
            "event": event,
            "form": form,
            "is_held_hearing": is_held_hearing(event),
        },
        status=400 if form.is_bound else 200,
    )
