"""Sections of a draft: add, rename, move, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.surveys.capabilities import Capability

from ...forms.staff_builder import MoveForm, SectionForm
from ...selectors.builder import section_get_for_staff, version_get_for_staff
from ...services.sections import section_add, section_move, section_remove, section_update
from ._access import (
    draft_refused,
    frozen_refusal,
    post_only,
    saved_or_form,
    version_path,
    version_redirect,
)

FORM = "surveys/staff/builder/section_form.html"


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_new(request: CentreRequest, pk: int) -> HttpResponse:
    version = version_get_for_staff(centre=request.centre, pk=pk)
    refused = draft_refused(request, version)
    if refused:
        return refused
    form = SectionForm(request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        section = section_add(
            version=version,
            title_uk=form.cleaned_data["title_uk"],
            title_en=form.cleaned_data["title_en"],
            submission_key=form.key(),
            actor=request.user,
        )
        return (
            _("Розділ «%(title)s» додано.") % {"title": section.title_uk},
            f"{version_path(request, version)}#section-{section.pk}",
        )

    return saved_or_form(
        request, form, save, template=FORM, context={"version": version, "section": None}
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_edit(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = draft_refused(request, section.version)
    if refused:
        return refused
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"title_uk": section.title_uk, "title_en": section.title_en},
    )

    def save() -> tuple[str, str]:
        section_update(
            section=section,
            title_uk=form.cleaned_data["title_uk"],
            title_en=form.cleaned_data["title_en"],
            actor=request.user,
        )
        return (
            _("Розділ перейменовано."),
            f"{version_path(request, section.version)}#section-{section.pk}",
        )

    return saved_or_form(
        request, form, save, template=FORM, context={"version": section.version, "section": section}
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_move_view(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = post_only(request) or frozen_refusal(request, section.version)
    if refused:
        return refused
    form = MoveForm(request.POST)
    if form.is_valid():
        section_move(section=section, position=form.cleaned_data["position"], actor=request.user)
    return redirect(f"{version_path(request, section.version)}#section-{section.pk}")


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_delete(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = draft_refused(request, section.version)
    if refused:
        return refused
    if request.method == "POST":
        section_remove(section=section, actor=request.user)
        messages.success(request, _("Розділ «%(title)s» видалено.") % {"title": section.title_uk})
        return version_redirect(request, section.version_id)
    return render(
        request,
        "surveys/staff/builder/delete.html",
        {
            "centre": request.centre,
            "version": section.version,
            "what": "section",
            "section": section,
            "question_count": section.questions.count(),
            "dependants": [],
        },
    )
