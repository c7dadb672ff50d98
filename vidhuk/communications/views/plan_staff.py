"""The communication plan in the back office under /staff/<centre>/communications/plan/: the
measures grouped by theme block with their status, owner, deadline and reach; filters; making and
editing a measure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..forms.plan import PlanFilterForm, PlanMeasureForm
from ..models import PlanMeasure
from ..selectors.plan import (
    measure_block_names,
    measure_blocks,
    measure_get_for_staff,
    measure_list_for_staff,
)
from ..services.plan import MEASURE_FIELDS, plan_measure_create, plan_measure_update

READ, PUBLISH = "communications.read", "communications.publish"


@centre_staff_view(READ)
@require_GET
def plan_list(request: CentreRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = PlanFilterForm(request.GET, blocks=measure_block_names(centre=request.centre))
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    measures = measure_list_for_staff(
        centre=request.centre,
        today=today,
        status=cleaned.get("status", ""),
        block=cleaned.get("block", ""),
        query=cleaned.get("q", ""),
    )
    return render(
        request,
        "communications/plan/staff/list.html",
        {
            "centre": request.centre,
            "filters": filters,
            "blocks": measure_blocks(measures=measures, today=today),
            "can_publish": has_capability(request.membership, PUBLISH),
        },
    )


def _form_page(
    request: CentreRequest, form: PlanMeasureForm, measure: PlanMeasure | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "communications/plan/staff/form.html",
        {"centre": request.centre, "form": form, "measure": measure},
        status=status,
    )


def _add_errors(form: PlanMeasureForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
        return
    form.add_error(None, error)


@centre_staff_view(PUBLISH)
def plan_measure_new(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, PlanMeasureForm(centre=request.centre), None)
    form = PlanMeasureForm(request.POST, centre=request.centre)
    if form.is_valid():
        try:
            plan_measure_create(centre=request.centre, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Захід додано до плану."))
            return redirect("communications_staff:plan", request.centre.slug)
    return _form_page(request, form, None, status=400)


@centre_staff_view(PUBLISH)
def plan_measure_edit(request: CentreRequest, pk: int) -> HttpResponse:
    measure = measure_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        initial = {name: getattr(measure, name) for name in MEASURE_FIELDS}
        return _form_page(request, PlanMeasureForm(initial=initial, centre=request.centre), measure)
    form = PlanMeasureForm(request.POST, centre=request.centre)
    if form.is_valid():
        try:
            plan_measure_update(measure=measure, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("communications_staff:plan", request.centre.slug)
    return _form_page(request, form, measure, status=400)
