"""Questions of a draft: add, edit (texts, type, options, skip logic), move, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.surveys.capabilities import Capability

from ...choices import QuestionType
from ...forms.staff_builder import MoveForm, QuestionForm
from ...models import QUESTION_ORDER, Question, QuestionnaireVersion, Section
from ...selectors.builder import (
    question_dependants,
    question_get_for_staff,
    section_get_for_staff,
    section_of_version,
)
from ...services.questions import question_add, question_move, question_remove, question_update
from ._access import (
    draft_refused,
    frozen_refusal,
    post_only,
    saved_or_form,
    version_path,
    version_redirect,
)

FORM = "surveys/staff/builder/question_form.html"


def _question_form(
    request: CentreRequest,
    version: QuestionnaireVersion,
    *,
    question: Question | None = None,
    initial: dict[str, Any] | None = None,
) -> QuestionForm:
    return QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        version=version,
        sections=list(version.sections.order_by("position", "id")),
        questions=list(version.questions.order_by(*QUESTION_ORDER)),
        question=question,
    )


def _section_of(version: QuestionnaireVersion, section_id: int) -> Section:
    section = section_of_version(version=version, pk=section_id)
    if section is None:
        raise Section.DoesNotExist
    return section


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_new(request: CentreRequest, pk: int) -> HttpResponse:
    """A new question at the end of a section (or of another section chosen on the form)."""
    section = section_get_for_staff(centre=request.centre, pk=pk)
    version = section.version
    refused = draft_refused(request, version)
    if refused:
        return refused
    form = _question_form(
        request, version, initial={"section": section.pk, "type": QuestionType.RATING}
    )

    def save() -> tuple[str, str]:
        question = question_add(
            section=_section_of(version, form.cleaned_data["section"]),
            submission_key=form.key(),
            actor=request.user,
            **form.question_data(),
        )
        return (
            _("Питання «%(code)s» додано.") % {"code": question.code},
            f"{version_path(request, version)}#question-{question.pk}",
        )

    return saved_or_form(
        request, form, save, template=FORM, context={"version": version, "question": None}
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_edit(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    version = question.version
    refused = draft_refused(request, version)
    if refused:
        return refused
    form = _question_form(
        request, version, question=question, initial=QuestionForm.initial_of(question)
    )

    def save() -> tuple[str, str]:
        data = form.question_data()
        if not data["code"]:
            data["code"] = question.code
        question_update(
            question=question,
            data=data,
            section=_section_of(version, form.cleaned_data["section"]),
            actor=request.user,
        )
        return (
            _("Питання «%(code)s» збережено.") % {"code": data["code"]},
            f"{version_path(request, version)}#question-{question.pk}",
        )

    return saved_or_form(
        request, form, save, template=FORM, context={"version": version, "question": question}
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_move_view(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    refused = post_only(request) or frozen_refusal(request, question.version)
    if refused:
        return refused
    form = MoveForm(request.POST)
    if form.is_valid():
        target = question.section
        if form.cleaned_data["section"]:
            target = (
                section_of_version(version=question.version, pk=form.cleaned_data["section"])
                or question.section
            )
        question_move(
            question=question,
            section=target,
            position=form.cleaned_data["position"],
            actor=request.user,
        )
    return redirect(f"{version_path(request, question.version)}#question-{question.pk}")


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_delete(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    refused = draft_refused(request, question.version)
    if refused:
        return refused
    if request.method == "POST":
        question_remove(question=question, actor=request.user)
        messages.success(request, _("Питання «%(code)s» видалено.") % {"code": question.code})
        return version_redirect(request, question.version_id)
    dependants = question_dependants(question=question)
    return render(
        request,
        "surveys/staff/builder/delete.html",
        {
            "centre": request.centre,
            "version": question.version,
            "what": "question",
            "question": question,
            "dependants": dependants,
        },
    )
