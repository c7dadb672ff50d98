"""«Додати до висновку»: from a case page, a survey's results page or a mystery-shopper report,
the evidence goes to an open finding or opens a new one (pre-filled); and the «you said» draft
of a finding, made from all its evidence.

Routes (mounted at /staff/<centre_slug>/decisions/, namespace "decisions_loop"):
``evidence/add/?source=…&id=…`` (a survey figure: ``?source=survey_result&questionnaire=…``
with the question, period, office and service), ``findings/<pk>/summary/``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..evidence import (
    EvidenceDraft,
    evidence_draft,
    finding_summary_draft,
    mystery_criterion_draft,
    survey_draft,
)
from ..forms.loop import NEW, AddToFindingForm, SummaryForm, SurveyFigureForm
from ..models import Finding
from ..selectors import evidence as reads
from ..services import evidence_add, finding_create, finding_update
from ..sources import MYSTERY_VISIT, SURVEY_RESULT
from .staff_common import EDIT, add_service_error, centre_offices, centre_services


def _survey_form(request: CentreRequest, questionnaire_id: int) -> SurveyFigureForm:
    questions = reads.survey_questions(centre=request.centre, questionnaire_id=questionnaire_id)
    if not questions:
        raise Http404("No such questionnaire")
    data = request.GET if request.GET.get("question") else None
    initial = {
        name: request.GET.get(name) for name in ("date_from", "date_to", "office", "service")
    }
    return SurveyFigureForm(
        data,
        initial=initial,
        questions=questions,
        offices=centre_offices(request),
        services=centre_services(request),
    )


def _drafts(request: CentreRequest) -> tuple[list[EvidenceDraft], SurveyFigureForm | None]:
    """What the address names as evidence; a survey figure needs its question first."""
    source = request.GET.get("source", "")
    if source == SURVEY_RESULT:
        questionnaire_id = request.GET.get("questionnaire", "")
        if not questionnaire_id.isdecimal():
            raise Http404("No such questionnaire")
        form = _survey_form(request, int(questionnaire_id))
        if not form.is_bound or not form.is_valid():
            return [], form
        data = form.cleaned_data
        draft = survey_draft(
            centre=request.centre,
            questionnaire_id=int(questionnaire_id),
            question_code=data["question"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            office_id=data["office"].pk if data["office"] else None,
            service_id=data["service"].pk if data["service"] else None,
        )
        return ([draft] if draft else []), form
    draft = evidence_draft(
        centre=request.centre, source=source, object_id=request.GET.get("id", "")
    )
    if draft is None:
        raise Http404("No such record")
    drafts = [draft]
    if source == MYSTERY_VISIT:  # the report and each criterion it found unmet
        for criterion in reads.mystery_failed_criteria(
            centre=request.centre, visit_id=int(draft.object_id)
        ):
            found = mystery_criterion_draft(
                centre=request.centre, visit_id=criterion.visit_id, question_code=criterion.code
            )
            drafts += [found] if found else []
    return drafts, None


@centre_staff_view(EDIT)
def evidence_add_view(request: CentreRequest) -> HttpResponse:
    drafts, survey_form = _drafts(request)
    findings = reads.findings_open_for_evidence(centre=request.centre)
    form = AddToFindingForm(
        request.POST if request.method == "POST" and drafts else None,
        findings=findings,
        initial={
            "target": request.GET.get("finding") or None,
            "title": drafts[0].label if drafts else "",
            "summary": finding_summary_draft(evidence=drafts),
        },
    )
    if form.is_bound and form.is_valid():
        try:
            finding = _add(request, form, drafts)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Додано до висновку № %(number)s.") % {"number": finding.number},
            )
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    already = []
    if drafts and drafts[0].object_id:
        already = reads.findings_of_object(
            centre=request.centre, sources=(drafts[0].source,), object_id=drafts[0].object_id
        )
    return render(
        request,
        "decisions/loop/evidence_add.html",
        {
            "centre": request.centre,
            "drafts": drafts,
            "survey_form": survey_form,
            "form": form,
            "already": already,
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound or (survey_form and survey_form.errors) else 200,
    )


@transaction.atomic
def _add(request: CentreRequest, form: AddToFindingForm, drafts: list[EvidenceDraft]) -> Finding:
    finding = form.chosen
    if form.cleaned_data["target"] == NEW or finding is None:
        data = form.cleaned_data
        finding = finding_create(
            centre=request.centre,
            actor=request.user,
            title=data["title"],
            summary=data["summary"],
            offices=centre_offices(request).filter(pk__in={d.office_id for d in drafts}),
            services=centre_services(request).filter(pk__in={d.service_id for d in drafts}),
            submission_key=data.get("submission_key"),
        )
    for draft in drafts:
        evidence_add(
            finding=finding,
            actor=request.user,
            source=draft.source,
            label=draft.label,
            object_id=draft.object_id,
            channel=draft.channel,
            occurred_on=draft.occurred_on,
            office=centre_offices(request).filter(pk=draft.office_id or 0).first(),
            service=centre_services(request).filter(pk=draft.service_id or 0).first(),
            figure=draft.figure,
        )
    return finding


@centre_staff_view(EDIT)
def summary_draft_view(request: CentreRequest, pk: int) -> HttpResponse:
    """The «you said» drafted from every piece of the finding's evidence, to edit and save."""
    finding = get_object_or_404(Finding.objects.filter(centre=request.centre), pk=pk)
    evidence = list(finding.evidence.all())
    form = SummaryForm(
        request.POST if request.method == "POST" else None,
        initial={"summary": finding_summary_draft(evidence=evidence) or finding.summary},
    )
    if form.is_bound and form.is_valid():
        try:
            finding_update(
                finding=finding, actor=request.user, data={"summary": form.cleaned_data["summary"]}
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
    context: dict[str, Any] = {
        "centre": request.centre,
        "finding": finding,
        "form": form,
        "evidence": evidence,
    }
    return render(
        request, "decisions/loop/summary.html", context, status=400 if form.is_bound else 200
    )
