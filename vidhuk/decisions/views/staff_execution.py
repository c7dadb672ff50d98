"""Carrying a decision out, in the back office: milestones (planned date, weight, done), progress
updates with photos, and the photos themselves (served to staff only, by this view)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..forms.staff import MilestoneDoneForm, MilestoneForm, ProgressUpdateForm
from ..models import Decision, Milestone
from ..selectors.staff import decision_get_for_staff, milestone_get_for_staff, photo_get_for_staff
from ..services import PhotoIntake, milestone_done, milestone_save, progress_update_add
from .staff_common import EDIT, READ, add_service_error


def _milestone_page(
    request: CentreRequest,
    decision: Decision,
    form: MilestoneForm,
    milestone: Milestone | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "decisions/staff/milestone_form.html",
        {"centre": request.centre, "decision": decision, "form": form, "milestone": milestone},
        status=status,
    )


def _milestone_form_view(
    request: CentreRequest, decision: Decision, milestone: Milestone | None
) -> HttpResponse:
    if request.method != "POST":
        initial = {}
        if milestone is not None:
            initial = {
                "title": milestone.title,
                "title_en": milestone.title_en,
                "planned_on": milestone.planned_on,
                "weight": milestone.weight,
            }
        return _milestone_page(request, decision, MilestoneForm(initial=initial), milestone)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            milestone_save(
                decision=decision,
                actor=request.user,
                milestone=milestone,
                title=data["title"],
                title_en=data["title_en"],
                planned_on=data["planned_on"],
                weight=data["weight"],
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Етап збережено."))
            return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    return _milestone_page(request, decision, form, milestone, status=400)


@centre_staff_view(EDIT)
def milestone_new(request: CentreRequest, pk: int) -> HttpResponse:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    return _milestone_form_view(request, decision, None)


@centre_staff_view(EDIT)
def milestone_edit(request: CentreRequest, pk: int, milestone_pk: int) -> HttpResponse:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    milestone = milestone_get_for_staff(decision=decision, pk=milestone_pk)
    return _milestone_form_view(request, decision, milestone)


@centre_staff_view(EDIT)
def milestone_done_view(request: CentreRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """POST a date to mark the milestone done (today by default), or ``undo`` to take it back."""
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    milestone = milestone_get_for_staff(decision=decision, pk=milestone_pk)
    if request.method != "POST":
        return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    data = request.POST.copy()
    if not data.get("undo") and not data.get("done_on"):
        data["done_on"] = timezone.localdate().isoformat()
    form = MilestoneDoneForm(data)
    if form.is_valid():
        done_on = None if form.cleaned_data["undo"] else form.cleaned_data["done_on"]
        milestone_done(milestone=milestone, actor=request.user, done_on=done_on)
        messages.success(
            request,
            _("Етап «%(title)s» виконано.") % {"title": milestone.title}
            if done_on
            else _("Етап «%(title)s» знову не виконано.") % {"title": milestone.title},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("done_on", [])))
    return redirect("decisions_staff:decision", request.centre.slug, decision.pk)


@centre_staff_view(EDIT)
def update_new(request: CentreRequest, pk: int) -> HttpResponse:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        form = ProgressUpdateForm()
        status = 200
    else:
        form = ProgressUpdateForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            photos = [
                PhotoIntake(file=data[name], stage=stage, caption=data["caption"])
                for name, stage in ProgressUpdateForm.PHOTO_STAGES
                if data.get(name)
            ]
            try:
                progress_update_add(
                    decision=decision,
                    actor=request.user,
                    text=data["text"],
                    text_en=data["text_en"],
                    is_public=data["visibility"] == "public",
                    photos=photos,
                    submission_key=data["submission_key"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Запис про хід виконання додано."))
                return redirect("decisions_staff:decision", request.centre.slug, decision.pk)
    return render(
        request,
        "decisions/staff/update_form.html",
        {"centre": request.centre, "decision": decision, "form": form},
        status=status,
    )


@centre_staff_view(READ)
def photo(request: CentreRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    decision = decision_get_for_staff(centre=request.centre, pk=pk)
    found = photo_get_for_staff(decision=decision, pk=photo_pk)
    if request.method not in ("GET", "HEAD"):
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
