"""The channel analysis in the back office: …/communications/channels/ (issue 13, point 9)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..forms.channels import ChannelPeriodForm
from ..selectors.channels import channel_analysis

READ = "communications.read"


@centre_staff_view(READ)
@require_GET
def channels(request: CentreRequest) -> HttpResponse:
    form = ChannelPeriodForm(request.GET or None)
    start, end = form.period(today=timezone.localdate())
    return render(
        request,
        "communications/plan/staff/channels.html",
        {
            "centre": request.centre,
            "form": form,
            "analysis": channel_analysis(centre=request.centre, start=start, end=end),
        },
        status=400 if form.errors else 200,
    )
