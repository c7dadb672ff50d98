"""The quarterly analysis of citizens' appeals: a page, its PDF for print and its XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.appeals.capabilities import Capability
from vidhuk.core.tabular import xlsx_response

from ..mail import pdf_from_html
from ..selectors_quarterly import (
    QuarterlyAnalysis,
    appeal_quarterly_analysis,
    previous_quarter,
    quarterly_rows,
)

FIRST_YEAR = 2008  # the classifier's year


class QuarterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Рік"),
        min_value=FIRST_YEAR,
        max_value=2100,
        error_messages={
            "required": gettext_lazy("Вкажіть рік."),
            "invalid": gettext_lazy("Рік — це чотири цифри, наприклад 2026."),
            "min_value": gettext_lazy("Рік — не раніше 2008."),
            "max_value": gettext_lazy("Рік — не пізніше 2100."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Квартал"),
        coerce=int,
        choices=[(q, f"{q}") for q in range(1, 5)],
        error_messages={
            "required": gettext_lazy("Виберіть квартал."),
            "invalid_choice": gettext_lazy("Виберіть квартал від 1 до 4."),
        },
    )


def _last_finished_quarter() -> dict[str, int]:
    today = timezone.localdate()
    year, quarter = previous_quarter(today.year, (today.month - 1) // 3 + 1)
    return {"year": year, "quarter": quarter}


def _analysis(request: CentreRequest) -> tuple[QuarterForm, QuarterlyAnalysis | None]:
    data = request.GET if "year" in request.GET or "quarter" in request.GET else None
    form = QuarterForm(data if data is not None else _last_finished_quarter())
    if not form.is_valid():
        return form, None
    analysis = appeal_quarterly_analysis(
        centre=request.centre, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
    )
    return form, analysis


def _context(request: CentreRequest, form: QuarterForm, analysis: Any) -> dict[str, Any]:
    tables = [analysis.summary, *analysis.tables] if analysis else []
    return {"centre": request.centre, "form": form, "analysis": analysis, "all_tables": tables}


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def quarterly(request: CentreRequest) -> HttpResponse:
    form, analysis = _analysis(request)
    return _page(request, form, analysis)


def _page(request: CentreRequest, form: Any, analysis: Any) -> HttpResponse:
    """The report's page; with a refused period (no analysis) it shows why, answering 400."""
    return render(
        request,
        "appeals/reports/quarterly.html",
        _context(request, form, analysis),
        status=200 if analysis else 400,
    )


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def quarterly_pdf(request: CentreRequest) -> HttpResponseBase:
    form, analysis = _analysis(request)
    if analysis is None:
        return _page(request, form, analysis)
    html = render_to_string(
        "appeals/reports/quarterly_pdf.html", _context(request, form, analysis), request=request
    )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    name = f"appeals-{request.centre.slug}-{analysis.year}-q{analysis.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def quarterly_xlsx(request: CentreRequest) -> HttpResponseBase:
    form, analysis = _analysis(request)
    if analysis is None:
        return _page(request, form, analysis)
    period = _("%(q)s квартал %(y)s")
    return xlsx_response(
        header=[
            _("Розділ"),
            _("Пункт Класифікатора"),
            _("Показник"),
            period % {"q": analysis.quarter, "y": analysis.year},
            period % {"q": analysis.previous_quarter, "y": analysis.previous_year},
            _("Зміна"),
        ],
        rows=quarterly_rows(analysis),
        filename=f"appeals-{request.centre.slug}-{analysis.year}-q{analysis.quarter}.xlsx",
        sheet_title=_("Аналіз звернень"),
        about_title=_("Про файл"),
        about=[
            [request.centre.name],
            [
                _("Звернення громадян, що надійшли з %(start)s по %(end)s.")
                % {"start": f"{analysis.start:%d.%m.%Y}", "end": f"{analysis.end:%d.%m.%Y}"}
            ],
            [_("Класифікатор звернень громадян, постанова КМУ від 24.09.2008 № 858.")],
            [_("Сформовано %(at)s") % {"at": f"{timezone.localtime():%d.%m.%Y %H:%M}"}],
        ],
    )
