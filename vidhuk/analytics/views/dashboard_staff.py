"""The centre's figures for its staff, /staff/<centre>/analytics/figures/: the dashboard with
nothing withheld (capability analytics.view), and each chart's table as CSV."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBase
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..capabilities import Capability
from .dashboard_public import chart_csv, dashboard_page


@centre_staff_view(Capability.VIEW)
@require_GET
def figures(request: CentreRequest) -> HttpResponse:
    return dashboard_page(
        request, request.centre, public=False, template="analytics/dashboard/staff.html"
    )


@centre_staff_view(Capability.VIEW)
def figures_csv(request: CentreRequest, slug: str) -> HttpResponseBase:
    return chart_csv(request, request.centre, slug, public=False)
