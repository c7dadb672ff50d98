"""The public dashboard, /<centre>/dashboard/ (``?year=&quarter=``, by default the last complete
quarter), and each chart's table as CSV, /<centre>/dashboard/<chart>.csv. Residents' figures:
everything through figure_table(public=True), so nothing about 1–4 people shows."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from vidhuk.core.metrics import metrics_scope
from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public
from vidhuk.core.tabular import csv_response

from ..dashboard import CHARTS_BY_SLUG, chart_table, dashboard_build, table_csv_rows
from ..forms.dashboard import DashboardPeriodForm
from ..periods import last_complete_quarter, quarter_bounds


def period_from(request: HttpRequest) -> tuple[DashboardPeriodForm, int, int]:
    """The quarter asked for, or the last complete one when none (or a wrong one) was."""
    today = timezone.localdate()
    year, quarter = last_complete_quarter(today)
    form = DashboardPeriodForm(
        request.GET if "year" in request.GET or "quarter" in request.GET else None,
        today=today,
        initial={"year": year, "quarter": quarter},
    )
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    return form, year, quarter


def dashboard_page(
    request: HttpRequest, centre: Centre, *, public: bool, template: str
) -> HttpResponse:
    form, year, quarter = period_from(request)
    dashboard = dashboard_build(centre=centre, year=year, quarter=quarter, public=public)
    context = {"centre": centre, "form": form, "dashboard": dashboard, "public": public}
    return render(request, template, context)


def chart_csv(request: HttpRequest, centre: Centre, slug: str, *, public: bool) -> HttpResponseBase:
    """A chart's table as CSV; an unknown chart is 404 whatever the method (then only GET)."""
    spec = CHARTS_BY_SLUG.get(slug)
    if spec is None:
        raise Http404("No such chart")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    _form, year, quarter = period_from(request)
    start, end = quarter_bounds(year, quarter)
    with metrics_scope():  # the table and its total share their reads
        table = chart_table(centre=centre, spec=spec, start=start, end=end, public=public)
    header, rows = table_csv_rows(table)
    return csv_response(
        header=header, rows=rows, filename=f"{centre.slug}-{slug}-{year}-q{quarter}.csv"
    )


@require_GET
def dashboard(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return dashboard_page(request, centre, public=True, template="analytics/dashboard/public.html")


def dashboard_csv(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponseBase:
    return chart_csv(request, centre_get_public(slug=centre_slug), slug, public=True)


def dashboard_url(centre: Centre) -> str:
    """The footer's link: no query, it runs on every residents' page."""
    return reverse("analytics_dashboard:dashboard", args=[centre.slug])
