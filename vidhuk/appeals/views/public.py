"""The resident's side of appeals, information requests and feedback: a guided start, the form of
each kind and the confirmation with the private tracker link (the tracker: public_track.py).

Every page works without JavaScript. Abuse checks (issue 3, §7): a honeypot field and a signed
form stamp in the form, and a rate limit per client kept only in the cache under an HMAC of the
client's address — no address is stored with a record or anywhere else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

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
from ..selectors import (
    SETTINGS_RELATION,
    appeals_settings_for,
)
from ..services import appeal_submit
from .public_receipt import RECEIPT_PARAMETER, receipt_read, receipt_sign

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
    centre = centre_get_public(slug=centre_slug, with_related=SETTINGS_RELATION)
    kind = _kind_or_404(kind)
    if is_anonymous and kind not in FEEDBACK_KINDS:
        return _anonymous_not_considered(request, centre, kind)
    posted = request.method == "POST"
    # The rate limit counts this submission with the form's stamp, in one statement, once
    # nothing else is wrong with it; the count is given back unless the case is saved.
    form = _form(
        request,
        centre,
        kind,
        is_anonymous=is_anonymous,
        rate=_rate(request, centre) if posted else None,
    )
    if posted:
        response = _submit(request, centre, form)
        if response is not None:
            return response
        if form.over_rate_limit:  # shown again unbound, holding what was typed, unchecked
            typed = _form(request, centre, kind, is_anonymous=is_anonymous, typed=True)
            return _private(
                antiabuse.rate_limited_response(
                    request,
                    template="appeals/public/form.html",
                    context=_form_context(centre, typed, kind, is_anonymous=is_anonymous),
                )
            )
        if form.rate_taken:
            _rate_give_back(request, centre)
        form.refresh_stamp()
    context = _form_context(centre, form, kind, is_anonymous=is_anonymous)
    return _private(render(request, "appeals/public/form.html", context))


def _form(
    request: HttpRequest,
    centre: Centre,
    kind: str,
    *,
    is_anonymous: bool,
    rate: antiabuse.RateTake | None = None,
    typed: bool = False,
) -> AppealForm:
    """The form: bound to what was sent, or (`typed`) an unbound copy holding it."""
    return AppealForm(
        None if typed else _posted(request),
        request.FILES if request.method == "POST" and not typed else None,
        initial=antiabuse.typed_initial(request.POST) if typed else None,
        centre=centre,
        kind=kind,
        is_anonymous=is_anonymous,
        retention_days=appeals_settings_for(centre=centre).retention_days,
        client=antiabuse.client_address(request),
        rate=rate,
    )


def _form_context(
    centre: Centre, form: AppealForm, kind: str, *, is_anonymous: bool
) -> dict[str, Any]:
    return {
        "centre": centre,
        "form": form,
        "kind": kind,
        "kind_label": _kind_label(kind),
        "is_anonymous": is_anonymous,
        "back_url": reverse("appeals:who", kwargs={"centre_slug": centre.slug, "kind": kind}),
    }


def _submit(request: HttpRequest, centre: Centre, form: AppealForm) -> HttpResponse | None:
    """Register a valid form and redirect to the confirmation; None to show the form again.

    The confirmation's address carries the receipt, signed and short-lived (`receipt_sign`):
    no session is written. A repeated submit gets the first one's receipt (the same case and
    tracker token) and gives its rate-limit count back."""
    if not form.is_valid():
        return None
    try:
        registered = appeal_submit(
            centre=centre, base_url=request.build_absolute_uri("/"), **form.submission()
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None
    if not registered.created:
        _rate_give_back(request, centre)
    sent_url = reverse("appeals:sent", kwargs={"centre_slug": centre.slug})
    return redirect(f"{sent_url}?{urlencode({RECEIPT_PARAMETER: receipt_sign(registered)})}")


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


def _rate(request: HttpRequest, centre: Centre) -> antiabuse.RateTake:
    """Only saved messages count: past the limit within the window, in this centre, the client
    waits. Checked and counted with the form's stamp (`GuardedForm`); `_rate_give_back` when
    nothing was saved."""
    limit: int = getattr(settings, "VIDHUK_APPEAL_RATE_LIMIT", RATE_LIMIT_DEFAULT)
    return antiabuse.client_rate(
        request, scope="appeals", limit=limit, window=_rate_window(), centre=centre
    )


def _rate_give_back(request: HttpRequest, centre: Centre) -> None:
    antiabuse.client_rate_give_back(request, scope="appeals", centre=centre)


# --- after sending ---------------------------------------------------------------------------


def sent(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """The case number and the private link, right after sending: read from the signed receipt
    in the address (`receipt_read`), for RECEIPT_MAX_AGE seconds. The token is never stored in
    clear, so later only the e-mail (when given) still has it."""
    centre = centre_get_public(slug=centre_slug)
    receipt = receipt_read(
        request.GET.get(RECEIPT_PARAMETER, ""),
        centre=centre,
        base_url=request.build_absolute_uri("/"),
    )
    return _private(
        render(request, "appeals/public/sent.html", {"centre": centre, "receipt": receipt})
    )
