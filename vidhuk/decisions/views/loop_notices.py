"""Residents told by post, and a decision's effect.

Routes (namespace "decisions_loop"): ``letters/`` the printable list of residents who asked to
be told and left only a postal address (personal data: reading it is audited);
``<pk>/effect/`` each indicator before the decision and in each later period;
``<pk>/indicators/new/`` name a survey indicator (its baseline is taken then).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..effect import Period, effect_check, indicator_baseline, indicator_later_figures
from ..evidence import figure_text
from ..forms.loop import IndicatorForm
from ..models import Decision
from ..selectors import evidence as reads
from ..services import indicator_add
from .staff_common import EDIT, READ, add_service_error, centre_offices, centre_services


@centre_staff_view(EDIT)
@require_GET
def letters_view(request: CentreRequest) -> HttpResponse:
    """Every letter to print, newest change first; ``?decision=<number>`` narrows to one."""
    number = request.GET.get("decision", "")
    letters = reads.letter_list(
        centre=request.centre, decision_number=int(number) if number.isdecimal() else None
    )
    audit_record(
        actor=request.user,
        centre=request.centre,
        action=AuditAction.VIEW,
        object_type="decisions.letters",
        object_repr=_("Листи мешканцям про рішення"),
        changes={"letters": len(letters)},
    )
    return render(
        request,
        "decisions/loop/letters.html",
        {"centre": request.centre, "letters": letters, "decision_number": number},
    )


def _decision(request: CentreRequest, pk: int) -> Decision:
    return get_object_or_404(Decision.objects.filter(centre=request.centre), pk=pk)


@centre_staff_view(READ)
def effect_view(request: CentreRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)  # another centre's: 404 whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    period: Period = "month" if request.GET.get("period") == "month" else "quarter"
    rows = [
        (
            indicator,
            indicator.baseline,
            indicator_later_figures(indicator=indicator, period=period),
        )
        for indicator in decision.indicators.select_related("office", "service")
    ]
    check = effect_check(decision=decision, period=period)
    context: dict[str, Any] = {
        "centre": request.centre,
        "decision": decision,
        "rows": [
            (indicator, _text(before), [(f, _text(f)) for f in later])
            for indicator, before, later in rows
        ],
        "period": period,
        "check": check,
    }
    return render(request, "decisions/loop/effect.html", context)


def _text(figure: dict[str, Any] | None) -> str:
    return figure_text(figure) if figure else _("немає даних")


@centre_staff_view(EDIT)
def indicator_new_view(request: CentreRequest, pk: int) -> HttpResponse:
    """Choose a questionnaire (``?questionnaire=``), then its question and office or service."""
    decision = _decision(request, pk)
    questionnaires = reads.survey_questionnaires(centre=request.centre)
    chosen = request.GET.get("questionnaire", "")
    questionnaire_id = int(chosen) if chosen.isdecimal() else None
    questions = (
        reads.survey_questions(centre=request.centre, questionnaire_id=questionnaire_id)
        if questionnaire_id
        else []
    )
    form = None
    if questions:
        form = IndicatorForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            offices=centre_offices(request),
            services=centre_services(request),
        )
    if form is not None and form.is_bound and form.is_valid() and questionnaire_id:
        data = form.cleaned_data
        office, service = data["office"], data["service"]
        try:
            indicator_add(
                decision=decision,
                actor=request.user,
                questionnaire_id=questionnaire_id,
                question_key=data["question"],
                label=data["label"] or dict(questions)[data["question"]],
                office=office,
                service=service,
                baseline=indicator_baseline(
                    decision=decision,
                    questionnaire_id=questionnaire_id,
                    question_key=data["question"],
                    office_id=office.pk if office else None,
                    service_id=service.pk if service else None,
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Показник додано."))
            return redirect("decisions_loop:effect", request.centre.slug, decision.pk)
    return render(
        request,
        "decisions/loop/indicator_form.html",
        {
            "centre": request.centre,
            "decision": decision,
            "questionnaires": questionnaires,
            "questionnaire_id": questionnaire_id,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )
