"""Decisions in the back office: the list (overdue first), recording a decision from a
finding, editing it and its order, moving it through its states, and its scanned order."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..choices import DecisionState
from ..effect import effect_check
from ..forms.staff import DECISION_STATES, DecisionForm, SettingsForm, TransitionForm
from ..models import Decision, Finding
from ..selectors.staff import (
    decision_get_for_staff,
    decision_list_for_staff,
    decisions_settings_for,
    finding_get_for_staff,
    owner_choices,
)
from ..services import (
    decision_create,
    decision_order_scan_set,
    decision_transition,
    decision_update,
    decisions_settings_update,
)
from ..states import NOTE, REASON, VERIFICATION, step_for, steps_from
from .staff_common import (
    ADOPT,
    EDIT,
    PAGE_SIZE,
    READ,
    add_service_error,
    centre_offices,
    centre_services,
    querystring_without_page,
)
from .staff_findings import filter_form, filters_from

# Recording the order (its number, date, signature and scan) is the head's: decisions.adopt.
ORDER_FIELDS = ("order_number", "order_date", "signed_by", "order_scan")
TEXT_FIELDS = ("title", "title_en", "owner", "owner_unit", "due_on", "summary", "summary_en")


@centre_staff_view(READ)
@require_GET
def decision_list(request: CentreRequest) -> HttpResponse:
    form = filter_form(request, DECISION_STATES)
    today = timezone.localdate()
    decisions = decision_list_for_staff(
        centre=request.centre, filters=filters_from(form), today=today
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/staff/decision_list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "today": today,
            "querystring": querystring_without_page(request),
        },
    )


def _decision_form(request: CentreRequest, *args: Any, **kwargs: Any) -> DecisionForm:
    form = DecisionForm(*args, owners=owner_choices(centre=request.centre), **kwargs)
    form.scope(offices=centre_offices(request), services=centre_services(request))
    if not has_capability(request.membership, ADOPT):
        for name in ORDER_FIELDS:
            form.fields.pop(name)
    return form


def _form_page(
    request: CentreRequest,
    form: DecisionForm,
    *,
    decision: Decision | None = None,
    finding: Finding | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "decisions/staff/decision_form.html",
        {"centre": request.centre, "form": form, "decision": decision, "finding": finding},
        status=status,
    )


def _finding_from_query(request: CentreRequest) -> Finding | None:
    raw = request.POST.get("finding") or request.GET.get("finding") or ""
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise Http404
    return finding_get_for_staff(centre=request.centre, pk=int(raw))


def _save_scan(request: CentreRequest, form: DecisionForm, decision: Decision) -> None:
    upload = form.cleaned_data.get("order_scan")
    if upload:
        decision_order_scan_set(decision=decision, actor=request.user, upload=upload)


@centre_staff_view(EDIT)
def decision_new(request: CentreRequest) -> HttpResponse:
    """A decision recorded from a finding (``?finding=<pk>``) or on its own, as a draft."""
    finding = _finding_from_query(request)
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if finding is not None:
            initial = {
                "title": finding.title,
                "offices": list(finding.offices.all()),
                "services": list(finding.services.all()),
            }
        form = _decision_form(request, initial=initial)
        return _form_page(request, form, finding=finding)
    form = _decision_form(request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision = decision_create(
                    centre=request.centre,
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    data={
                        name: data[name]
                        for name in (*TEXT_FIELDS, *ORDER_FIELDS[:3])
                        if name in data and name != "title"
                    },
                    findings=[finding] if finding else [],
                    offices=data["offices"],
                    services=data["services"],
                    submission_key=data["submission_key"],
                )
                if getattr(decision, "is_new", True):  # a double submit stores no second scan
                    _save_scan(request, form, decision)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Рішення № %(number)s записано як чернетку.") % {"number": decision.number},
            )
            return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    return _form_page(request, form, finding=finding, status=400)


@centre_staff_view(EDIT)
def decision_edit(request: CentreRequest, pk: int) -> HttpResponse:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        initial = {
            name: getattr(decision, name) for name in ("kind", *TEXT_FIELDS, *ORDER_FIELDS[:3])
        }
        initial["offices"] = list(decision.offices.all())
        initial["services"] = list(decision.services.all())
        return _form_page(request, _decision_form(request, initial=initial), decision=decision)
    form = _decision_form(request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision_update(
                    decision=decision,
                    actor=request.user,
                    data={
                        name: data[name]
                        for name in ("kind", *TEXT_FIELDS, *ORDER_FIELDS[:3])
                        if name in data
                    },
                    offices=data["offices"],
                    services=data["services"],
                )
                _save_scan(request, form, decision)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    return _form_page(request, form, decision=decision, status=400)


def _steps(request: CentreRequest, decision: Decision) -> list[Any]:
    return [
        step
        for step in steps_from(decision.state)
        if has_capability(request.membership, step.capability)
    ]


@centre_staff_view(READ)
def decision_detail(request: CentreRequest, pk: int) -> HttpResponse:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    today = timezone.localdate()
    milestones = list(decision.milestones.all())
    return render(
        request,
        "decisions/staff/decision_detail.html",
        {
            "centre": request.centre,
            "decision": decision,
            "today": today,
            "milestones": [(m, m.is_slipped_on(today)) for m in milestones],
            "is_overdue": decision.is_overdue_on(today),
            "steps": _steps(request, decision),
            "can_edit": has_capability(request.membership, EDIT),
        },
    )


_REASON_LABELS = {
    REASON: _("Публічна причина"),
    NOTE: _("Публічна примітка: чому рішення відкрито знову"),
    VERIFICATION: _("Як перевірено ефект"),
}


def _drafted_note(decision: Decision, needs: str) -> str:
    """«Verified» starts from the note the effect check drafts when every indicator has a figure
    before and after; staff may edit it. Other steps start empty."""
    if needs != VERIFICATION:
        return ""
    check = effect_check(decision=decision)
    return check.note() if check.is_complete else ""


@centre_staff_view(EDIT)
def decision_transition_view(request: CentreRequest, pk: int) -> HttpResponse:
    """GET ``?to=<state>`` asks for the reason a step needs; POST takes the step."""
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    data = request.POST if request.method == "POST" else {"to_state": request.GET.get("to", "")}
    form = TransitionForm(data)
    step = step_for(decision.state, str(data.get("to_state", "")))
    if step is None or not has_capability(request.membership, step.capability):
        if request.method == "POST" and decision.state == data.get("to_state"):
            return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
        messages.error(request, _("Цей крок зараз недоступний."))
        return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    if step.needs:
        form.fields["reason"].label = str(_REASON_LABELS[step.needs])
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision_transition(
                decision=decision,
                to_state=step.to_state,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            status = 400
        else:
            messages.success(
                request,
                _("Стан рішення: «%(state)s».") % {"state": DecisionState(step.to_state).label},
            )
            return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    if request.method != "POST":
        form = TransitionForm(
            initial={"to_state": step.to_state, "reason": _drafted_note(decision, step.needs)}
        )
        if step.needs:
            form.fields["reason"].label = str(_REASON_LABELS[step.needs])
    return render(
        request,
        "decisions/staff/transition.html",
        {"centre": request.centre, "decision": decision, "step": step, "form": form},
        status=status,
    )


@centre_staff_view(READ)
def order_scan(request: CentreRequest, pk: int) -> HttpResponseBase:
    """The signed order's scan, for staff of the centre only; never a /media/ address."""
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD") or not decision.order_scan:
        raise Http404
    response = FileResponse(
        decision.order_scan.open("rb"),
        as_attachment=False,
        filename=f"decision-{decision.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@centre_staff_view(ADOPT)
def settings_view(request: CentreRequest) -> HttpResponse:
    current = decisions_settings_for(centre=request.centre)
    if request.method != "POST":
        form = SettingsForm(instance=current)
        return render(
            request, "decisions/staff/settings.html", {"centre": request.centre, "form": form}
        )
    form = SettingsForm(request.POST, instance=decisions_settings_for(centre=request.centre))
    if form.is_valid():
        try:
            decisions_settings_update(
                centre=request.centre,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Налаштування збережено."))
            return redirect("decisions_staff:settings", request.centre.slug)
    return render(
        request,
        "decisions/staff/settings.html",
        {"centre": request.centre, "form": form},
        status=400,
    )
