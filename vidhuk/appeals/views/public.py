"""The resident's side of appeals, information requests and feedback: a guided start, the form of
each kind and the confirmation with the private tracker link (the tracker: public_track.py).

Every page works without JavaScript. Abuse checks (issue 3, §7): a honeypot field and a signed
form stamp in the form, and a rate limit per client kept only in the cache under an HMAC of the
client's address — no address is stored with a record or anywhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public

from ..choices import FEEDBACK_KINDS, KIND_GROUP, Kind, KindGroup
from ..forms.public import AppealForm
from ..forms.public_start import (
    ANONYMOUS,
    GROUP_LABELS,
    KIND_LABELS,
    GroupChoiceForm,
    IdentityForm,
    KindChoiceForm,
)
from ..mail import tracker_url
from ..selectors import (
    appeals_settings_for,
)
from ..services import appeal_submit

RECEIPT_SESSION_KEY = "appeals.receipt"
RATE_LIMIT_DEFAULT = 10
RATE_WINDOW_SECONDS_DEFAULT = 10 * 60
REFERRER_POLICY = "strict-origin"
GROUPS_WITH_KIND_QUESTION = (KindGroup.FEEDBACK, KindGroup.APPEAL)


def _posted(request: HttpRequest) -> Any:
    """The submitted data, or None for a GET: an empty POST must still show its errors."""
    return request.POST if request.method == "POST" else None


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that carry the tracker token or personal data: never cached, never indexed, and
    their address (the token) is never sent on in a Referer header — only the site's origin.

    Not "no-referrer": under it browsers send `Origin: null` with every POST from the page, and
    Django's CSRF check then refuses the header's language switch with a 403."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _kind_or_404(kind: str) -> str:
    if kind not in KIND_GROUP:
        raise Http404("No such kind")
    return kind


# --- the guided start ------------------------------------------------------------------------


def start(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """«Що ви хочете зробити?» — feedback, a formal appeal or a request for information."""
    centre = centre_get_public(slug=centre_slug)
    form = GroupChoiceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        if group in GROUPS_WITH_KIND_QUESTION:
            return redirect("appeals:kind", centre_slug=centre.slug, group=group)
        return redirect("appeals:who", centre_slug=centre.slug, kind=Kind.INFO_REQUEST)
    return render(request, "appeals/public/start.html", {"centre": centre, "form": form})


def choose_kind(request: HttpRequest, centre_slug: str, group: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    if group not in GROUPS_WITH_KIND_QUESTION:
        raise Http404("No such group")
    form = KindChoiceForm(_posted(request), group=group)
    if request.method == "POST" and form.is_valid():
        return redirect("appeals:who", centre_slug=centre.slug, kind=form.cleaned_data["kind"])
    return render(
        request,
        "appeals/public/kind.html",
        {
            "centre": centre,
            "form": form,
            "group_label": GROUP_LABELS[KindGroup(group)],
            "back_url": reverse("appeals:start", kwargs={"centre_slug": centre.slug}),
        },
    )


def _back_from_identity(centre: Centre, kind: str) -> str:
    group = KIND_GROUP[kind]
    if group in GROUPS_WITH_KIND_QUESTION:
        return reverse("appeals:kind", kwargs={"centre_slug": centre.slug, "group": group})
    return reverse("appeals:start", kwargs={"centre_slug": centre.slug})


def choose_identity(request: HttpRequest, centre_slug: str, kind: str) -> HttpResponse:
    """Named or anonymous. Art. 8 of the Law on Citizens' Appeals: an anonymous written appeal is
    not considered, so choosing anonymity for an appeal or a request leads to an explanation."""
    centre = centre_get_public(slug=centre_slug)
    kind = _kind_or_404(kind)
    form = IdentityForm(_posted(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        name = "appeals:form_anonymous" if form.cleaned_data["identity"] == ANONYMOUS else None
        return redirect(name or "appeals:form", centre_slug=centre.slug, kind=kind)
    return render(
        request,
        "appeals/public/identity.html",
        {
            "centre": centre,
            "form": form,
            "kind_label": _kind_label(kind),
            "back_url": _back_from_identity(centre, kind),
        },
    )


def _kind_label(kind: str) -> Any:
    return KIND_LABELS.get(kind) or Kind(kind).label


# --- the form --------------------------------------------------------------------------------


def appeal_form(request: HttpRequest, centre_slug: str, kind: str) -> HttpResponse:
    return _appeal_form(request, centre_slug, kind, is_anonymous=False)


def appeal_form_anonymous(request: HttpRequest, centre_slug: str, kind: str) -> HttpResponse:
    return _appeal_form(request, centre_slug, kind, is_anonymous=True)


def _appeal_form(
    request: HttpRequest, centre_slug: str, kind: str, *, is_anonymous: bool
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    kind = _kind_or_404(kind)
    if is_anonymous and kind not in FEEDBACK_KINDS:
        return _anonymous_not_considered(request, centre, kind)
    # Past the rate limit the form comes back unbound, holding what was typed, unchecked.
    over_limit = request.method == "POST" and _over_rate_limit(request, centre)
    form = AppealForm(
        None if over_limit else _posted(request),
        request.FILES if request.method == "POST" and not over_limit else None,
        initial=antiabuse.typed_initial(request.POST) if over_limit else None,
        centre=centre,
        kind=kind,
        is_anonymous=is_anonymous,
        retention_days=appeals_settings_for(centre=centre).retention_days,
        client=antiabuse.client_address(request),
    )
    if request.method == "POST" and not over_limit:
        response = _submit(request, centre, form)
        if response is not None:
            return response
        form.refresh_stamp()
    elif not over_limit:
        # The session exists before the first click, so a double click's second request finds
        # the receipt the first one left (see `sent`).
        request.session["appeals.form_seen"] = True
    context = {
        "centre": centre,
        "form": form,
        "kind": kind,
        "kind_label": _kind_label(kind),
        "is_anonymous": is_anonymous,
        "back_url": reverse("appeals:who", kwargs={"centre_slug": centre.slug, "kind": kind}),
    }
    if over_limit:
        return _private(
            antiabuse.rate_limited_response(
                request, template="appeals/public/form.html", context=context
            )
        )
    return _private(render(request, "appeals/public/form.html", context))


def _submit(request: HttpRequest, centre: Centre, form: AppealForm) -> HttpResponse | None:
    """Register a valid form and redirect to the confirmation; None to show the form again."""
    if not form.is_valid():
        return None
    try:
        registered = appeal_submit(
            centre=centre, base_url=request.build_absolute_uri("/"), **form.submission()
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None
    if registered.created:
        _count_submission(request, centre)
        appeal = registered.appeal
        request.session[RECEIPT_SESSION_KEY] = {
            "registration_index": appeal.registration_index,
            "kind": str(appeal.get_kind_display()),
            "tracker_url": tracker_url(
                base_url=request.build_absolute_uri("/"),
                centre=centre,
                token=registered.tracker_token,
            ),
            "has_email": bool(appeal.email),
            "due_at": appeal.due_at.isoformat() if appeal.due_at else "",
            "is_feedback": appeal.is_feedback,
        }
    # A repeated submit (created is False) leaves the session alone: the first request's
    # receipt, if this browser has it, is what the confirmation shows.
    return redirect("appeals:sent", centre_slug=centre.slug)


def _anonymous_not_considered(request: HttpRequest, centre: Centre, kind: str) -> HttpResponse:
    return render(
        request,
        "appeals/public/anonymous.html",
        {
            "centre": centre,
            "kind": kind,
            "kind_label": _kind_label(kind),
            "is_info_request": KIND_GROUP[kind] == KindGroup.INFO_REQUEST,
            "feedback_kinds": [
                (feedback_kind, KIND_LABELS[feedback_kind])
                for feedback_kind in (Kind.QUALITY_REMARK, Kind.QUESTION, Kind.THANKS)
            ],
            "back_url": reverse("appeals:who", kwargs={"centre_slug": centre.slug, "kind": kind}),
        },
    )


# --- rate limit --------------------------------------------------------------------------------


def _rate_window() -> int:
    return int(getattr(settings, "VIDHUK_APPEAL_RATE_WINDOW_SECONDS", RATE_WINDOW_SECONDS_DEFAULT))


def _over_rate_limit(request: HttpRequest, centre: Centre) -> bool:
    """Only saved messages count (`_count_submission`); past the limit within the window, in
    this centre, the client waits."""
    limit: int = getattr(settings, "VIDHUK_APPEAL_RATE_LIMIT", RATE_LIMIT_DEFAULT)
    return antiabuse.client_over_rate_limit(
        request, scope="appeals", limit=limit, window=_rate_window(), centre=centre
    )


def _count_submission(request: HttpRequest, centre: Centre) -> None:
    antiabuse.client_count_submission(
        request, scope="appeals", window=_rate_window(), centre=centre
    )


# --- after sending ---------------------------------------------------------------------------


def sent(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """The case number and the private link, shown once: the token is never stored in clear,
    so after this page only the e-mail (when given) still has it."""
    centre = centre_get_public(slug=centre_slug)
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if receipt and receipt.get("due_at"):
        receipt["due_at"] = dt.datetime.fromisoformat(receipt["due_at"])
    return _private(
        render(request, "appeals/public/sent.html", {"centre": centre, "receipt": receipt})
    )
