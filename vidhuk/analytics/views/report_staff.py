"""The quarterly report in the back office: the quarters, a quarter's draft (build, edit each
section's text, see the document as it will be published) and publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..capabilities import Capability
from ..choices import ReportState
from ..models import QuarterlyReport
from ..periods import last_complete_quarter, previous_quarter, quarter_label
from ..report import (
    report_draft_build,
    report_get_for_staff,
    report_list_for_staff,
    report_publish,
    report_texts_update,
    section_texts,
)
from ..report_forms import FIRST_YEAR, LAST_YEAR, QuarterForm, ReportTextsForm
from ..report_render import report_document, report_pdf

QUARTERS_LISTED = 8


def checked_quarter(year: int, quarter: int) -> tuple[int, int]:
    """A quarter named in a URL; anything else is a 404."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= quarter <= 4):
        raise Http404("No such quarter")
    return year, quarter


@centre_staff_view(Capability.VIEW)
@require_GET
def report_list(request: CentreRequest) -> HttpResponseBase:
    form = QuarterForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "analytics_staff:report",
            request.centre.slug,
            form.cleaned_data["year"],
            form.cleaned_data["quarter"],
        )
    kept = {(r.year, r.quarter): r for r in report_list_for_staff(centre=request.centre)}
    quarter = last_complete_quarter(timezone.localdate())
    quarters: list[dict[str, Any]] = []
    for _index in range(QUARTERS_LISTED):
        quarters.append(
            {"year": quarter[0], "quarter": quarter[1], "report": kept.pop(quarter, None)}
        )
        quarter = previous_quarter(*quarter)
    older: list[dict[str, Any]] = [
        {"year": y, "quarter": q, "report": r} for (y, q), r in sorted(kept.items(), reverse=True)
    ]
    for item in quarters + older:
        item["label"] = quarter_label(item["year"], item["quarter"])
    return render(
        request,
        "analytics/report/staff_list.html",
        {"centre": request.centre, "quarters": quarters + older, "form": form},
        status=400 if form.is_bound else 200,
    )


def _page(
    request: CentreRequest,
    year: int,
    quarter: int,
    report: QuarterlyReport | None,
    form: ReportTextsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if report is not None and report.state == ReportState.DRAFT and form is None:
        form = ReportTextsForm(initial=ReportTextsForm.initial_from(section_texts(report)))
    return render(
        request,
        "analytics/report/staff_detail.html",
        {
            "centre": request.centre,
            "year": year,
            "quarter": quarter,
            "label": quarter_label(year, quarter),
            "report": report,
            "form": form,
            "doc": report_document(report, language="uk") if report and report.sections else None,
            "can_publish": has_capability(request.membership, Capability.PUBLISH),
        },
        status=status,
    )


@centre_staff_view(Capability.VIEW)
def report_detail(request: CentreRequest, year: int, quarter: int) -> HttpResponseBase:
    """GET: the quarter's draft or published report. POST: save the sections' text."""
    year, quarter = checked_quarter(year, quarter)
    report = report_get_for_staff(centre=request.centre, year=year, quarter=quarter)
    if request.method != "POST":
        return _page(request, year, quarter, report)
    if report is None:
        raise Http404("No draft to edit")
    form = ReportTextsForm(request.POST)
    if form.is_valid():
        try:
            report_texts_update(report=report, texts=form.texts(), actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Текст звіту збережено."))
            return redirect("analytics_staff:report", request.centre.slug, year, quarter)
    return _page(request, year, quarter, report, form=form, status=400)


@centre_staff_view(Capability.VIEW)
def report_build(request: CentreRequest, year: int, quarter: int) -> HttpResponseBase:
    year, quarter = checked_quarter(year, quarter)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        report_draft_build(centre=request.centre, year=year, quarter=quarter, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Показники звіту оновлено з реєстрів."))
    return redirect("analytics_staff:report", request.centre.slug, year, quarter)


@centre_staff_view(Capability.PUBLISH)
def report_publish_view(request: CentreRequest, year: int, quarter: int) -> HttpResponseBase:
    year, quarter = checked_quarter(year, quarter)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = report_get_for_staff(centre=request.centre, year=year, quarter=quarter)
    if report is None:
        raise Http404("No draft to publish")
    try:
        report_publish(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Звіт опубліковано на сайті центру."))
    return redirect("analytics_staff:report", request.centre.slug, year, quarter)


@centre_staff_view(Capability.VIEW)
def report_preview_pdf(request: CentreRequest, year: int, quarter: int) -> HttpResponseBase:
    """The draft (or the published report) as its PDF will be."""
    year, quarter = checked_quarter(year, quarter)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    report = report_get_for_staff(centre=request.centre, year=year, quarter=quarter)
    if report is None or not report.sections:
        raise Http404("No draft yet")
    response = HttpResponse(
        report_pdf(report=report, language="uk"), content_type="application/pdf"
    )
    name = f"report-{request.centre.slug}-{year}-q{quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
