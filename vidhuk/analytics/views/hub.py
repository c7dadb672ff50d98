"""The back office's analytics hub, /staff/<centre>/analytics/: where each part of analytics
starts (the register of services provided, figures, quarterly reports, gender analysis), shown
to a member by what their role opens. Each part adds its own link to the template."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..capabilities import Capability


@centre_staff_view(Capability.VIEW, Capability.PROVISIONS, Capability.PUBLISH)
@require_GET
def hub(request: CentreRequest) -> HttpResponse:
    return render(request, "analytics/hub.html", {"centre": request.centre})
