"""Mailings in the back office: the list, a new mailing, its progress (sent, left, failed,
bounced; the page refreshes itself without JavaScript while sending) and start, pause, resume
and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..forms.subscriptions import MailingForm
from ..models import MailingState
from ..selectors.subscriptions import (
    interest_choices,
    mailing_ambiguous,
    mailing_get_for_staff,
    mailing_list_for_staff,
)
from ..services import mailings as services
from .common import add_service_error

READ, MAIL = "communications.read", "communications.mail"


@centre_staff_view(READ)
def mailing_list(request: CentreRequest) -> HttpResponse:
    mailings = mailing_list_for_staff(centre=request.centre)[:100]
    return render(
        request,
        "communications/mailings/list.html",
        {"centre": request.centre, "mailings": mailings},
    )


@centre_staff_view(MAIL)
@require_http_methods(["GET", "POST"])
def mailing_new(request: CentreRequest) -> HttpResponse:
    form = MailingForm(request.POST or None, choices=interest_choices(centre=request.centre))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        intake = services.MailingIntake(
            subject=data["subject"],
            body=data["body"],
            segment={
                "topics": data["topics"],
                "services": data["services"],
                "offices": data["offices"],
            },  # fmt: skip
            rate_per_minute=data["rate_per_minute"],
        )
        try:
            mailing = services.mailing_create(centre=request.centre, intake=intake)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("communications_staff:mailing", request.centre.slug, mailing.pk)
    return render(
        request, "communications/mailings/form.html", {"centre": request.centre, "form": form}
    )


@centre_staff_view(READ)
def mailing_detail(request: CentreRequest, pk: int) -> HttpResponse:
    mailing = mailing_get_for_staff(centre=request.centre, pk=pk)
    progress = services.mailing_progress(mailing=mailing)
    response = render(
        request,
        "communications/mailings/detail.html",
        {
            "centre": request.centre,
            "mailing": mailing,
            "progress": progress,
            "ambiguous": mailing_ambiguous(mailing=mailing)[:200],
        },  # fmt: skip
    )
    if mailing.state == MailingState.SENDING:
        response["Refresh"] = "10"  # progress as it goes, without JavaScript
    return response


@centre_staff_view(MAIL)
def mailing_move(request: CentreRequest, pk: int) -> HttpResponse:
    mailing = mailing_get_for_staff(centre=request.centre, pk=pk)  # another centre's: 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move = request.POST.get("move", "")
    try:
        if move == "start":
            services.mailing_start(mailing=mailing)
        elif move in ("pause", "resume", "cancel"):
            services.mailing_move(mailing=mailing, move=move)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("communications_staff:mailing", request.centre.slug, mailing.pk)
