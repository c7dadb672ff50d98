"""Offline channels, each quick to log: personal reception, post, e-mail, social networks, the
complaints-and-suggestions book, the hotline and the suggestion box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.appeals.capabilities import Capability

from ..choices import Channel, Kind
from ..forms.staff_box import BoxEntryFormSet, BoxOpeningForm
from ..forms.staff_channels import OfflineItemForm
from ..forms.staff_hotline import HotlineCallForm, HotlineFilterForm, MakeCaseForm
from ..selectors import (
    box_opening_get_for_staff,
    box_opening_list,
    hotline_call_get_for_staff,
    hotline_call_list,
)
from ..services import (
    Applicant,
    BoxEntry,
    ChannelDetails,
    Demographics,
    RegistrationCard,
    appeal_register,
    box_opening_create,
    hotline_call_log,
    hotline_call_make_case,
)
from .staff_common import (
    PAGE_SIZE,
    add_service_error,
    base_url,
    centre_offices,
    centre_services,
    operator_office,
    querystring_without_page,
    remember_office,
)

OFFLINE_CHANNELS = (Channel.RECEPTION, Channel.POST, Channel.EMAIL, Channel.SOCIAL, Channel.BOOK)


def _applicant(data: dict[str, Any], *, is_anonymous: bool = False) -> Applicant:
    return Applicant(
        full_name=data.get("full_name", ""),
        address=data.get("address", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        is_anonymous=is_anonymous,
        signatories_count=data.get("signatories_count") or 1,
        is_benefit_holder=data.get("is_benefit_holder", False),
        applicant_category=data.get("applicant_category", ""),
        social_status=data.get("social_status", ""),
    )


def _registered_message(request: CentreRequest, appeal: Any) -> None:
    messages.success(
        request,
        _("Зареєстровано: %(index)s (%(kind)s).")
        % {"index": appeal.registration_index, "kind": appeal.get_kind_display()},
    )


@centre_staff_view(Capability.APPEALS_REGISTER)
@require_http_methods(["GET", "POST"])
def register_offline(request: CentreRequest, channel: str) -> HttpResponse:
    """One short form per channel; the registration card's fields sit under "more details" with
    the channel's defaults (form of receipt, type), so most items need only the visible part."""
    if channel not in OFFLINE_CHANNELS:
        raise Http404
    form = OfflineItemForm(
        request.POST or None,
        channel=channel,
        offices=centre_offices(request),
        services=centre_services(request),
        default_office=operator_office(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registered = appeal_register(
                centre=request.centre,
                actor=request.user,
                channel=channel,
                kind=data["kind"],
                text=data["text"],
                applicant=_applicant(data, is_anonymous=data["is_anonymous"]),
                received_at=data["received_at"],
                card=RegistrationCard(
                    sign=data["sign"],
                    subject=data["subject"],
                    receipt_form=data["receipt_form"],
                    document_type=data["document_type"],
                    document_date=data["document_date"],
                    sent_from=data.get("sent_from", ""),
                    sent_from_index=data.get("sent_from_index", ""),
                    sent_from_date=data.get("sent_from_date"),
                ),
                details=ChannelDetails(
                    book_number=data.get("book_number", ""),
                    book_page=data.get("book_page"),
                    social_post_url=data.get("social_post_url", ""),
                ),
                demographics=Demographics(sex=data["sex"]) if data["sex"] else None,
                topic=data["topic"],
                office=data["office"],
                service=data["service"],
                staff_remark=data["staff_remark"],
                is_urgent=data["is_urgent"],
                urgency_reason=data["urgency_reason"],
                needs_study=data["needs_study"] and data["kind"] != Kind.INFO_REQUEST,
                submission_key=data["submission_key"],
                base_url=base_url(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            remember_office(request, data["office"])
            _registered_message(request, registered.appeal)
            if "another" in request.POST:
                return redirect(request.path)
            return redirect(
                "appeals_staff:detail", centre_slug=request.centre.slug, pk=registered.appeal.pk
            )
    return render(
        request,
        "appeals/staff/register.html",
        {
            "centre": request.centre,
            "form": form,
            "channel": Channel(channel),
            "channels": [Channel(c) for c in OFFLINE_CHANNELS],
        },
    )


# --- hotline -------------------------------------------------------------------------------------


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def hotline_list(request: CentreRequest) -> HttpResponse:
    """Every call, consultations without follow-up included: they count in the statistics."""
    form = HotlineFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "with_case": {"yes": True, "no": False}.get(data["with_case"]),
        }
    calls = hotline_call_list(centre=request.centre, **filters)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    for call in page.object_list:
        minutes, seconds = divmod(call.duration_seconds, 60)
        call.duration_label = f"{minutes}:{seconds:02d}"
    return render(
        request,
        "appeals/staff/hotline_list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "querystring": querystring_without_page(request),
            "can_register": has_capability(request.membership, Capability.APPEALS_REGISTER),
        },
    )


@centre_staff_view(Capability.APPEALS_REGISTER)
@require_http_methods(["GET", "POST"])
def hotline_log(request: CentreRequest) -> HttpResponse:
    form = HotlineCallForm(
        request.POST or None,
        offices=centre_offices(request),
        services=centre_services(request),
        default_office=operator_office(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = hotline_call_log(
                centre=request.centre,
                actor=request.user,
                started_at=data["started_at"],
                duration_seconds=data["duration"],
                question=data["question"],
                consultation=data["consultation"],
                topic=data["topic"],
                staff_remark=data["staff_remark"],
                office=data["office"],
                service=data["service"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            remember_office(request, data["office"])
            messages.success(request, _("Дзвінок записано."))
            if data["make_case"]:
                return redirect(
                    "appeals_staff:hotline_make_case", centre_slug=request.centre.slug, pk=call.pk
                )
            return redirect("appeals_staff:hotline_log", centre_slug=request.centre.slug)
    return render(
        request, "appeals/staff/hotline_form.html", {"centre": request.centre, "form": form}
    )


@centre_staff_view(Capability.APPEALS_REGISTER)
@require_http_methods(["GET", "POST"])
def hotline_make_case(request: CentreRequest, pk: int) -> HttpResponse:
    """ "Make it a case": a call that needs follow-up becomes an appeal received when it started."""
    call = hotline_call_get_for_staff(centre=request.centre, pk=pk)
    if call.appeal_id is not None:
        messages.info(request, _("За цим дзвінком уже відкрито звернення."))
        return redirect("appeals_staff:detail", centre_slug=request.centre.slug, pk=call.appeal_id)
    form = MakeCaseForm(request.POST or None, initial={"text": call.question})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registered = hotline_call_make_case(
                call=call,
                actor=request.user,
                kind=data["kind"],
                applicant=_applicant(data),
                text=data["text"],
                needs_study=data["needs_study"] and data["kind"] != Kind.INFO_REQUEST,
                base_url=base_url(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            _registered_message(request, registered.appeal)
            return redirect(
                "appeals_staff:detail", centre_slug=request.centre.slug, pk=registered.appeal.pk
            )
    return render(
        request,
        "appeals/staff/hotline_make_case.html",
        {"centre": request.centre, "form": form, "call": call},
    )


# --- suggestion box ------------------------------------------------------------------------------


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def box_list(request: CentreRequest) -> HttpResponse:
    page = Paginator(box_opening_list(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "appeals/staff/box_list.html",
        {
            "centre": request.centre,
            "page": page,
            "querystring": "",
            "can_register": has_capability(request.membership, Capability.APPEALS_REGISTER),
        },
    )


def _box_entries(formset: Any) -> list[BoxEntry]:
    entries = []
    for entry_form in formset.forms:
        if not entry_form.has_changed():
            continue
        data = entry_form.cleaned_data
        entries.append(
            BoxEntry(
                kind=data["kind"],
                text=data["text"],
                topic=data["topic"],
                applicant=_applicant(data, is_anonymous=not data["full_name"].strip()),
            )
        )
    return entries


@centre_staff_view(Capability.APPEALS_REGISTER)
@require_http_methods(["GET", "POST"])
def box_opening_new(request: CentreRequest) -> HttpResponse:
    """One opening and all its notes typed in one go: every note is saved, or none."""
    is_save = request.method == "POST" and "more" not in request.POST
    data = request.POST if request.method == "POST" else None
    form = BoxOpeningForm(
        data if is_save else None,
        initial=_raw_values(request, BoxOpeningForm) if data and not is_save else None,
        offices=centre_offices(request),
        default_office=operator_office(request),
    )
    formset = BoxEntryFormSet(data if is_save else None, prefix="entries")
    if request.method == "POST" and not is_save:
        # "More rows" without JavaScript: what was typed stays, five blank rows are added.
        formset = _with_more_rows(request)
    elif is_save and form.is_valid() and formset.is_valid():
        try:
            opening = box_opening_create(
                centre=request.centre,
                actor=request.user,
                office=form.cleaned_data["office"],
                opened_on=form.cleaned_data["opened_on"],
                opened_by=form.cleaned_data["opened_by"],
                note=form.cleaned_data["note"],
                entries=_box_entries(formset),
                base_url=base_url(request),
            )
        except ValidationError as error:
            _box_error(form, formset, error)
        else:
            remember_office(request, opening.office)
            count = opening.entries.count()
            messages.success(
                request, _("Відкриття скриньки записано, записів: %(count)s.") % {"count": count}
            )
            return redirect(
                "appeals_staff:box_detail", centre_slug=request.centre.slug, pk=opening.pk
            )
    return render(
        request,
        "appeals/staff/box_form.html",
        {"centre": request.centre, "form": form, "formset": formset},
    )


def _with_more_rows(request: CentreRequest) -> Any:
    """The rows typed so far, not judged yet, and five blank rows more."""
    posted = BoxEntryFormSet(request.POST, prefix="entries")
    rows = [
        {name: entry_form[name].value() for name in entry_form.fields}
        for entry_form in posted.forms
        if entry_form.has_changed()
    ]
    return BoxEntryFormSet(initial=rows, prefix="entries")


def _raw_values(request: CentreRequest, form_class: type[forms.Form]) -> dict[str, Any]:
    return {name: request.POST.get(name, "") for name in form_class.base_fields}


def _box_error(form: BoxOpeningForm, formset: Any, error: ValidationError) -> None:
    """The service names each failing entry by its number (`params`); put the message on that
    row, else above the rows."""
    if hasattr(error, "error_dict"):
        add_service_error(form, error)
        return
    filled = [f for f in formset.forms if f.has_changed()]
    for problem in error.error_list:
        number = (problem.params or {}).get("number")
        message = problem.messages[0]
        if isinstance(number, int) and 0 < number <= len(filled):
            filled[number - 1].add_error(None, message)
        else:
            form.add_error(None, message)


@centre_staff_view(Capability.APPEALS_READ)
def box_detail(request: CentreRequest, pk: int) -> HttpResponse:
    opening = box_opening_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        # Looked up first: another centre's id is 404 whatever the method.
        return HttpResponseNotAllowed(["GET"])
    return render(
        request, "appeals/staff/box_detail.html", {"centre": request.centre, "opening": opening}
    )
