"""Gender analysis in the back office: the passport with unsuppressed figures for staff of the
centre and the staff composition they type; the yearly gender audit (fill, complete, report,
recommendations to findings)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..capabilities import Capability
from ..choices import AuditState, ReportState
from ..gender import passport_build, staff_rows
from ..gender_audit import (
    audit_answers_save,
    audit_complete,
    audit_get_for_staff,
    audit_list_for_staff,
    audit_report,
    audit_start,
    recommendation_finding,
)
from ..gender_forms import AuditAnswersForm, AuditStartForm
from ..models import GenderAudit
from ..periods import last_complete_quarter, quarter_bounds, quarter_label
from ..report import report_get_for_staff, report_staff_composition_save
from ..report_forms import FIRST_YEAR, LAST_YEAR, QuarterForm, StaffCompositionForm
from ..report_render import passport_rows


def _language() -> str:
    return "en" if (translation.get_language() or "uk").startswith("en") else "uk"


# --- the passport -----------------------------------------------------------------------------


def _quarter(request: CentreRequest) -> tuple[QuarterForm, tuple[int, int] | None]:
    year, quarter = last_complete_quarter(timezone.localdate())
    data = request.GET if "year" in request.GET or "quarter" in request.GET else None
    form = QuarterForm(data if data is not None else {"year": year, "quarter": quarter})
    if not form.is_valid():
        return form, None
    return form, (form.cleaned_data["year"], form.cleaned_data["quarter"])


@centre_staff_view(Capability.VIEW)
def passport(request: CentreRequest) -> HttpResponseBase:
    """GET: the passport of a quarter (figures as they are, for staff). POST: the staff
    composition of that quarter, kept with its report."""
    form, chosen = _quarter(request)
    composition_form = None
    status = 200 if chosen else 400
    if chosen and request.method == "POST":
        composition_form = StaffCompositionForm(request.POST)
        if composition_form.is_valid():
            try:
                report_staff_composition_save(
                    centre=request.centre,
                    year=chosen[0],
                    quarter=chosen[1],
                    composition=composition_form.composition(),
                    actor=request.user,
                )
            except ValidationError as error:
                composition_form.add_service_error(error)
            else:
                messages.success(request, _("Склад працівників збережено."))
                return redirect(f"{request.path}?year={chosen[0]}&quarter={chosen[1]}")
        status = 400
    rows, report = [], None
    if chosen:
        start, end = quarter_bounds(*chosen)
        report = report_get_for_staff(centre=request.centre, year=chosen[0], quarter=chosen[1])
        composition = report.figures.get("staff_composition", {}) if report else {}
        built = passport_build(centre=request.centre, start=start, end=end, public=False)
        rows = passport_rows(built + staff_rows(composition, public=False), _language())
        if composition_form is None:
            initial = dict(composition)
            composition_form = StaffCompositionForm(initial=initial or None)
    return render(
        request,
        "analytics/gender/staff_passport.html",
        {
            "centre": request.centre,
            "form": form,
            "chosen": chosen,
            "label": quarter_label(*chosen) if chosen else "",
            "rows": rows,
            "report": report,
            "is_published": bool(report and report.state == ReportState.PUBLISHED),
            "composition_form": composition_form,
        },
        status=status,
    )


# --- the audit --------------------------------------------------------------------------------


def _audit(request: CentreRequest, year: int) -> GenderAudit:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such year")
    audit = audit_get_for_staff(centre=request.centre, year=year)
    if audit is None:
        raise Http404("No audit of that year")
    return audit


@centre_staff_view(Capability.VIEW)
def audit_list(request: CentreRequest) -> HttpResponseBase:
    """GET: the centre's audits. POST: start (or open) the audit of a year."""
    form = AuditStartForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        audit_start(centre=request.centre, year=year, actor=request.user)
        return redirect("analytics_staff:gender_audit", request.centre.slug, year)
    return render(
        request,
        "analytics/gender/audit_list.html",
        {
            "centre": request.centre,
            "audits": audit_list_for_staff(centre=request.centre),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@centre_staff_view(Capability.VIEW)
def audit_detail(request: CentreRequest, year: int) -> HttpResponseBase:
    audit = _audit(request, year)
    if audit.state == AuditState.COMPLETED:
        return redirect("analytics_staff:gender_audit_report", request.centre.slug, year)
    status = 200
    if request.method == "POST":
        form = AuditAnswersForm(request.POST, language=_language())
        if form.is_valid():
            try:
                audit_answers_save(
                    audit=audit,
                    answers=form.answers(),
                    summary=form.cleaned_data["summary"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Оцінки аудиту збережено."))
                return redirect("analytics_staff:gender_audit", request.centre.slug, year)
        status = 400
    else:
        form = AuditAnswersForm(initial=AuditAnswersForm.initial_from(audit), language=_language())
    return render(
        request,
        "analytics/gender/audit_form.html",
        {
            "centre": request.centre,
            "audit": audit,
            "form": form,
            "sections": form.sections(_language()),
            "can_publish": has_capability(request.membership, Capability.PUBLISH),
        },
        status=status,
    )


@centre_staff_view(Capability.PUBLISH)
def audit_complete_view(request: CentreRequest, year: int) -> HttpResponseBase:
    audit = _audit(request, year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        audit_complete(audit=audit, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("analytics_staff:gender_audit", request.centre.slug, year)
    messages.success(request, _("Аудит завершено."))
    return redirect("analytics_staff:gender_audit_report", request.centre.slug, year)


@centre_staff_view(Capability.VIEW)
def audit_report_page(request: CentreRequest, year: int) -> HttpResponseBase:
    audit = _audit(request, year)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if audit.state != AuditState.COMPLETED:
        return redirect("analytics_staff:gender_audit", request.centre.slug, year)
    return render(
        request,
        "analytics/gender/audit_report.html",
        {
            "centre": request.centre,
            **audit_report(audit),
            "can_publish": has_capability(request.membership, Capability.PUBLISH),
            "can_make_findings": has_capability(request.membership, "decisions.edit"),
        },
    )


@centre_staff_view(Capability.VIEW)
def audit_report_pdf(request: CentreRequest, year: int) -> HttpResponseBase:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    audit = _audit(request, year)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if audit.state != AuditState.COMPLETED:
        raise Http404("Not completed")
    html = render_to_string(
        "analytics/gender/audit_report_pdf.html", {"centre": request.centre, **audit_report(audit)}
    )
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="gender-audit-{request.centre.slug}-{year}.pdf"'
    )
    return response


@centre_staff_view(Capability.PUBLISH)
def audit_finding(request: CentreRequest, year: int, item: str) -> HttpResponseBase:
    """One recommendation of the completed audit becomes a finding of the decisions register."""
    audit = _audit(request, year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not has_capability(request.membership, "decisions.edit"):
        raise Http404("Cannot open findings")
    try:
        finding = recommendation_finding(audit=audit, item_code=item, actor=request.user)
    except ValidationError as error:
        if audit.answers.filter(item_code=item).exists():
            messages.error(request, " ".join(error.messages))
            return redirect("analytics_staff:gender_audit_report", request.centre.slug, year)
        raise Http404("No such item") from None
    messages.success(
        request, _("Висновок № %(number)s у реєстрі висновків.") % {"number": finding.number}
    )
    return redirect("decisions_staff:finding", request.centre.slug, finding.pk)
