"""Residents' subscription pages under /<centre>/subscribe/: the form (double opt-in), the
confirmation link, the preferences page and the RFC 8058 one-click unsubscribe."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vidhuk.core.selectors import centre_get_public

from ..forms.subscriptions import InterestsForm, SubscribeForm
from ..models import ConsentSource
from ..selectors.subscriptions import interest_choices
from ..services.subscriptions import (
    Interests,
    subscriber_check_confirm,
    subscriber_confirm,
    subscriber_get_by_link,
    subscriber_interests,
    subscriber_subscribe,
    subscriber_unsubscribe,
    subscriber_update_interests,
)

SOURCES = {choice.value for choice in ConsentSource}


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    # Only the origin, never the token in the address; not «no-referrer»: under it browsers send
    # «Origin: null» with the page's own forms (confirm, preferences) and the CSRF check refuses.
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _interests(data: dict) -> Interests:  # type: ignore[type-arg]
    return Interests(topics=data["topics"], services=data["services"], offices=data["offices"])


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    source = request.GET.get("from", "portal")
    source = source if source in SOURCES else "portal"
    choices = interest_choices(centre=centre)
    form = SubscribeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        subscriber_subscribe(
            centre=centre,
            email=form.cleaned_data["email"],
            interests=_interests(form.cleaned_data),
            source=source,
            language=request.LANGUAGE_CODE if request.LANGUAGE_CODE == "en" else "uk",
            base_url=f"{request.scheme}://{request.get_host()}",
        )
        return redirect("communications_subscribe:sent", centre.slug)
    return render(
        request,
        "communications/subscriptions/subscribe.html",
        {"centre": centre, "form": form, "source": source},
    )


def sent(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return render(request, "communications/subscriptions/sent.html", {"centre": centre})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, centre_slug: str, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner following the link confirms nothing); POST confirms."""
    centre = centre_get_public(slug=centre_slug)
    if request.method == "POST":
        subscriber = subscriber_confirm(centre=centre, token=token)
    else:
        subscriber = subscriber_check_confirm(centre=centre, token=token)
    context = {"centre": centre, "subscriber": subscriber, "done": request.method == "POST"}
    status = 200 if subscriber else 410
    return _private(
        render(request, "communications/subscriptions/confirm.html", context, status=status)
    )


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, centre_slug: str, pk: int, signature: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    subscriber = subscriber_get_by_link(centre=centre, pk=pk, signature=signature)
    if subscriber is None:
        raise Http404
    current = subscriber_interests(subscriber)
    form = InterestsForm(
        request.POST or None,
        choices=interest_choices(centre=centre),
        initial={
            "topics": current.topics,
            "services": current.services,
            "offices": current.offices,
        },
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        subscriber = subscriber_update_interests(
            subscriber=subscriber, interests=_interests(form.cleaned_data)
        )
        saved = True
    context = {"centre": centre, "subscriber": subscriber, "form": form, "saved": saved,
               "signature": signature}  # fmt: skip
    return _private(render(request, "communications/subscriptions/preferences.html", context))


@csrf_exempt  # RFC 8058: the mail client's one-click POST carries no cookie and no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, centre_slug: str, pk: int, signature: str) -> HttpResponse:
    """GET asks (link checkers and previews open links); POST — the one-click request of
    RFC 8058, or the page's button — unsubscribes. The signed URL is the authority."""
    centre = centre_get_public(slug=centre_slug)
    subscriber = subscriber_get_by_link(centre=centre, pk=pk, signature=signature)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        subscriber = subscriber_unsubscribe(subscriber=subscriber)
    context = {"centre": centre, "subscriber": subscriber, "signature": signature,
               "done": request.method == "POST"}  # fmt: skip
    return _private(render(request, "communications/subscriptions/unsubscribe.html", context))
