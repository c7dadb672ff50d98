"""Findings in the back office: the list (overdue first), making and editing a finding, its
evidence, and how it ends — a decision or a reasoned «no action»."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..forms.staff import (
    FINDING_STATES,
    FindingForm,
    LinkDecisionForm,
    NoActionForm,
    StaffFilterForm,
)
from ..models import Finding
from ..selectors.staff import (
    StaffFilters,
    decision_choices_for_finding,
    evidence_get_for_staff,
    finding_get_for_staff,
    finding_list_for_staff,
)
from ..services import (
    evidence_remove,
    finding_close_no_action,
    finding_create,
    finding_decide,
    finding_reopen,
    finding_update,
)
from .staff_common import (
    EDIT,
    PAGE_SIZE,
    READ,
    add_service_error,
    centre_offices,
    centre_services,
    querystring_without_page,
)


def filter_form(request: CentreRequest, states: list[tuple[str, Any]]) -> StaffFilterForm:
    return StaffFilterForm(
        request.GET or None,
        states=states,
        offices=centre_offices(request),
        services=centre_services(request),
    )


def filters_from(form: StaffFilterForm) -> StaffFilters:
    if not form.is_bound or not form.is_valid():
        return StaffFilters()
    data = form.cleaned_data
    return StaffFilters(
        state=data["state"],
        office_id=data["office"].pk if data["office"] else None,
        service_id=data["service"].pk if data["service"] else None,
        topic=data["topic"].strip(),
        overdue=data["overdue"],
    )


@centre_staff_view(READ)
@require_GET
def finding_list(request: CentreRequest) -> HttpResponse:
    form = filter_form(request, FINDING_STATES)
    today = timezone.localdate()
    findings = finding_list_for_staff(
        centre=request.centre, filters=filters_from(form), today=today
    )
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/staff/finding_list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "today": today,
            "querystring": querystring_without_page(request),
            "can_edit": has_capability(request.membership, EDIT),
        },
    )


def _finding_form_page(
    request: CentreRequest, form: FindingForm, finding: Finding | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "decisions/staff/finding_form.html",
        {"centre": request.centre, "form": form, "finding": finding},
        status=status,
    )


def _scoped_finding_form(request: CentreRequest, *args: Any, **kwargs: Any) -> FindingForm:
    form = FindingForm(*args, **kwargs)
    form.scope(offices=centre_offices(request), services=centre_services(request))
    return form


@centre_staff_view(EDIT)
def finding_new(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        return _finding_form_page(request, _scoped_finding_form(request), None)
    form = _scoped_finding_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = finding_create(
                centre=request.centre,
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                topic=data["topic"],
                offices=data["offices"],
                services=data["services"],
                title_en=data["title_en"],
                summary_en=data["summary_en"],
                is_public=data["is_public"],
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Висновок № %(number)s створено. Рішення — до %(date)s.")
                % {"number": finding.number, "date": finding.due_on.strftime("%d.%m.%Y")},
            )
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    return _finding_form_page(request, form, None, status=400)


@centre_staff_view(EDIT)
def finding_edit(request: CentreRequest, pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        initial = {
            "title": finding.title,
            "title_en": finding.title_en,
            "summary": finding.summary,
            "summary_en": finding.summary_en,
            "topic": finding.topic,
            "is_public": finding.is_public,
            "offices": list(finding.offices.all()),
            "services": list(finding.services.all()),
        }
        return _finding_form_page(request, _scoped_finding_form(request, initial=initial), finding)
    form = _scoped_finding_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding_update(
                finding=finding,
                actor=request.user,
                data={
                    name: data[name]
                    for name in ("title", "title_en", "summary", "summary_en", "topic", "is_public")
                },
                offices=data["offices"],
                services=data["services"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    return _finding_form_page(request, form, finding, status=400)


def _evidence_actions(request: CentreRequest, finding: Finding) -> list[Any]:
    """Ways to add evidence, given by the evidence sources (the loop's evidence.py) when it is
    installed: a list of links or fragments for the finding page."""
    try:
        evidence = importlib.import_module("vidhuk.decisions.evidence")
    except ModuleNotFoundError as missing:
        if missing.name != "vidhuk.decisions.evidence":
            raise
        return []
    actions = getattr(evidence, "evidence_actions_for", None)
    return list(actions(request=request, finding=finding)) if actions else []


def _finding_page(
    request: CentreRequest,
    finding: Finding,
    *,
    no_action_form: NoActionForm | None = None,
    link_form: LinkDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = has_capability(request.membership, EDIT)
    if can_edit and link_form is None:
        link_form = LinkDecisionForm(decisions=decision_choices_for_finding(finding=finding))
    return render(
        request,
        "decisions/staff/finding_detail.html",
        {
            "centre": request.centre,
            "finding": finding,
            "today": timezone.localdate(),
            "can_edit": can_edit,
            "no_action_form": no_action_form or NoActionForm(),
            "link_form": link_form,
            "evidence_actions": _evidence_actions(request, finding) if can_edit else [],
        },
        status=status,
    )


@centre_staff_view(READ)
def finding_detail(request: CentreRequest, pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _finding_page(request, finding)


@centre_staff_view(EDIT)
def finding_no_action(request: CentreRequest, pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    form = NoActionForm(request.POST)
    if form.is_valid():
        try:
            finding_close_no_action(
                finding=finding, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Висновок закрито без дій з обґрунтуванням."))
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    return _finding_page(request, finding, no_action_form=form, status=400)


@centre_staff_view(EDIT)
def finding_reopen_view(request: CentreRequest, pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    finding_reopen(finding=finding, actor=request.user)
    messages.success(request, _("Висновок знову очікує рішення."))
    return redirect("decisions_staff:finding", request.centre.slug, finding.pk)


@centre_staff_view(EDIT)
def finding_link_decision(request: CentreRequest, pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    form = LinkDecisionForm(request.POST, decisions=decision_choices_for_finding(finding=finding))
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            finding_decide(finding=finding, decision=decision, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Висновок пов’язано з рішенням № %(number)s.") % {"number": decision.number},
            )
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    return _finding_page(request, finding, link_form=form, status=400)


@centre_staff_view(EDIT)
def evidence_remove_view(request: CentreRequest, pk: int, evidence_pk: int) -> HttpResponse:
    finding = finding_get_for_staff(centre=request.centre, pk=pk)
    evidence = evidence_get_for_staff(finding=finding, pk=evidence_pk)
    if request.method != "POST":
        return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    evidence_remove(evidence=evidence, actor=request.user)
    messages.success(request, _("Підставу вилучено з висновку."))
    return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
