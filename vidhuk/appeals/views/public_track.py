"""The tracker: a case's public stages, its deadline and the answer, and the page to find one's
case — by the private link or its code, or by the registration index plus the applicant's e-mail
or phone (issue 9).

The tracker token is a secret, so it never stands in a request path: paths reach the proxy's
access log (docs/operations.md keeps query strings and referrers out of it). The mailed and
printed link is ``/<centre>/appeals/track/?t=<token>`` — the token in the query of that first GET
only; the find forms post it (or the index and contact) in the body and the tracker is shown
right away, without a redirect that would put it in an address. ``Referrer-Policy`` keeps the
query out of any Referer. Old ``/track/<token>/`` links, already mailed, still show the page;
nothing builds them any more.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public

from ..choices import OPEN_STATUSES
from ..forms.public_track import LINK_NOT_FOUND, FindCaseForm, TrackByIndexForm
from ..models import Appeal
from ..selectors import (
    appeal_due_state,
    appeal_get_by_index_and_contact,
    appeal_get_by_tracker_token,
    appeal_public_events,
)
from .public import _private

# The query parameter of the mailed link (appeals.mail.tracker_url); nothing else may carry the
# token in an address.
LINK_QUERY = "t"
# Lookups by index and contact per client and centre within the window (every try counts).
LOOKUP_LIMIT_DEFAULT = 10
LOOKUP_WINDOW_SECONDS_DEFAULT = 10 * 60
LOOKUP_SCOPE = "appeals-lookup"


def find(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """``/track/``: the mailed link's page (``?t=…``), and the two ways to find a case."""
    centre = centre_get_public(slug=centre_slug)
    if request.method == "GET" and LINK_QUERY in request.GET:
        return _tracker_or_404(request, centre, request.GET[LINK_QUERY])
    link_form = FindCaseForm()
    index_form = TrackByIndexForm(prefix="by")
    if request.method == "POST" and "by-index" in request.POST:  # the index form's own field
        index_form = TrackByIndexForm(request.POST, prefix="by")
        return _by_index(request, centre, link_form, index_form)
    if request.method == "POST":
        link_form = FindCaseForm(request.POST)
        if link_form.is_valid():
            token = link_form.cleaned_data["link"]
            appeal = appeal_get_by_tracker_token(centre=centre, token=token)
            if appeal is not None:
                return _tracker(request, centre, appeal)
            link_form.add_error("link", LINK_NOT_FOUND)
    return _find_page(request, centre, link_form, index_form)


def track(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    """The old ``/track/<token>/`` of links mailed before the token left the path: the same page
    (a redirect would only log the token once more). An unknown token is the same 404 as any
    unknown page: guessing tells nothing."""
    return _tracker_or_404(request, centre_get_public(slug=centre_slug), token)


def _tracker_or_404(request: HttpRequest, centre: Centre, token: str) -> HttpResponse:
    appeal = appeal_get_by_tracker_token(centre=centre, token=token)
    if appeal is None:
        raise Http404("No such page")
    return _tracker(request, centre, appeal)


def _by_index(
    request: HttpRequest, centre: Centre, link_form: FindCaseForm, index_form: TrackByIndexForm
) -> HttpResponse:
    """Every try counts against the client's limit, found or not: the pair is a guess to slow."""
    window = int(
        getattr(settings, "VIDHUK_APPEAL_LOOKUP_WINDOW_SECONDS", LOOKUP_WINDOW_SECONDS_DEFAULT)
    )
    limit = int(getattr(settings, "VIDHUK_APPEAL_LOOKUP_RATE_LIMIT", LOOKUP_LIMIT_DEFAULT))
    if antiabuse.client_over_rate_limit(
        request, scope=LOOKUP_SCOPE, limit=limit, window=window, centre=centre
    ):
        typed = TrackByIndexForm(initial=_unprefixed(request.POST, "by-"), prefix="by")
        return _private(
            antiabuse.rate_limited_response(
                request,
                template="appeals/public/find.html",
                context=_find_context(centre, link_form, typed),
            )
        )
    antiabuse.client_count_submission(request, scope=LOOKUP_SCOPE, window=window, centre=centre)
    if index_form.is_valid():
        appeal = appeal_get_by_index_and_contact(
            centre=centre,
            registration_index=index_form.cleaned_data["index"],
            email=index_form.email,
            phone=index_form.phone,
        )
        if appeal is not None:
            return _tracker(request, centre, appeal)
        index_form.refuse()
    return _find_page(request, centre, link_form, index_form)


def _unprefixed(data: Any, prefix: str) -> dict[str, Any]:
    return {
        name.removeprefix(prefix): value
        for name, value in antiabuse.typed_initial(data).items()
        if name.startswith(prefix)
    }


def _find_context(
    centre: Centre, link_form: FindCaseForm, index_form: TrackByIndexForm
) -> dict[str, Any]:
    return {"centre": centre, "form": link_form, "index_form": index_form}


def _find_page(
    request: HttpRequest, centre: Centre, link_form: FindCaseForm, index_form: TrackByIndexForm
) -> HttpResponse:
    context = _find_context(centre, link_form, index_form)
    return _private(render(request, "appeals/public/find.html", context))


def _tracker(request: HttpRequest, centre: Centre, appeal: Appeal) -> HttpResponse:
    """Each public stage with its date, the deadline and, at the end, the answer."""
    return _private(
        render(
            request,
            "appeals/public/track.html",
            {
                "centre": centre,
                "appeal": appeal,
                "events": appeal_public_events(appeal=appeal),
                "is_open": appeal.status in OPEN_STATUSES,
                "is_overdue": appeal_due_state(appeal=appeal) == "overdue",
                "shows_time": appeal.is_info_request,
            },
        )
    )
