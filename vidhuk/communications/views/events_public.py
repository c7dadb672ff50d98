"""Residents' pages of events under /<centre>/events/: the list, an event's page, registration
without an account, the private registration page (QR code, cancel) and the calendars."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from vidhuk.core import antiabuse, uploads
from vidhuk.core.qr import qr_data_uri
from vidhuk.core.selectors import centre_get_public

from .. import calendar
from ..forms.events import RegistrationForm
from ..models import Event, EventRegistration, EventState, RegistrationState
from ..selectors.events import (
    document_get_public,
    event_get_public,
    event_list_calendar,
    event_list_public,
)
from ..services.events import (
    RegistrationIntake,
    registration_cancel,
    registration_create,
    registration_get_by_token,
)

RATE_LIMIT_DEFAULT = 10
RATE_WINDOW_SECONDS = 10 * 60


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _private(response: HttpResponse) -> HttpResponse:
    """A page with a person's data: not cached, not indexed, only the origin sent on in a Referer
    (never the token in the address; «no-referrer» would make the browser send «Origin: null»
    with the page's own forms, which the CSRF check refuses)."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def check_in_url(request: HttpRequest, registration: EventRegistration) -> str:
    """What the registration's QR code holds: the staff check-in page with the token, so a
    phone camera at the door opens it."""
    path = reverse("communications_staff:event_checkin", args=[registration.event.centre.slug])
    return f"{_base_url(request)}{path}?{urlencode({'t': registration.token})}"


@require_GET
def event_list(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    now = timezone.now()
    events = list(event_list_public(centre=centre, now=now))
    return render(
        request,
        "communications/events/public/list.html",
        {
            "centre": centre,
            "coming": [event for event in events if event.ends_at >= now],
            "past": [event for event in events if event.ends_at < now][::-1],
        },
    )


def _page_context(centre, event: Event) -> dict:  # type: ignore[no-untyped-def,type-arg]
    now = timezone.now()
    seats_left = (
        None if event.capacity is None else max(event.capacity - event.confirmed_count, 0)  # type: ignore[attr-defined]
    )
    is_open = (
        event.state == EventState.SCHEDULED and event.registration_open and event.ends_at > now
    )
    return {"centre": centre, "event": event, "seats_left": seats_left, "is_open": is_open}


@require_GET
def event_page(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    return render(request, "communications/events/public/event.html", _page_context(centre, event))


def _rate_limit() -> int:
    return int(getattr(settings, "VIDHUK_EVENTS_RATE_LIMIT", RATE_LIMIT_DEFAULT))


def register(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    """The registration form; registering happens all at once or not at all."""
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    context = _page_context(centre, event)
    if not context["is_open"]:
        return render(request, "communications/events/public/closed.html", context, status=410)
    over_limit = request.method == "POST" and antiabuse.client_over_rate_limit(
        request, scope="events", limit=_rate_limit(), window=RATE_WINDOW_SECONDS, centre=centre
    )
    form = RegistrationForm(
        request.POST if request.method == "POST" and not over_limit else None,
        initial=antiabuse.typed_initial(request.POST) if over_limit else None,
        client=antiabuse.client_address(request),
    )
    if request.method == "POST" and not over_limit and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_create(
                event=event,
                intake=RegistrationIntake(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    accessibility_needs=data["accessibility_needs"],
                    wants_to_speak=data["wants_to_speak"],
                    speech_topic=data["speech_topic"],
                ),
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if getattr(registration, "is_new", False):
                antiabuse.client_count_submission(
                    request, scope="events", window=RATE_WINDOW_SECONDS, centre=centre
                )
            url = reverse("communications_events:registration", args=[centre.slug, event.pk])
            return _private(redirect(f"{url}?{urlencode({'t': registration.token, 'new': '1'})}"))
        form.refresh_stamp()
    context["form"] = form
    template = "communications/events/public/register.html"
    if over_limit:
        return _private(
            antiabuse.rate_limited_response(request, template=template, context=context)
        )
    status = 400 if form.is_bound else 200
    return _private(render(request, template, context, status=status))


def _registration_or_404(request: HttpRequest, event: Event) -> EventRegistration:
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    registration = registration_get_by_token(event=event, token=str(token or ""))
    if registration is None:
        raise Http404("No such registration")
    return registration


@require_GET
def registration(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    """The registrant's own page, from the link in their mail: state, QR code, cancel."""
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    found = _registration_or_404(request, event)
    is_confirmed = found.state == RegistrationState.CONFIRMED
    return _private(
        render(
            request,
            "communications/events/public/registration.html",
            {
                "centre": centre,
                "event": event,
                "registration": found,
                "is_new": request.GET.get("new") == "1",
                "qr": qr_data_uri(check_in_url(request, found), kind="png") if is_confirmed else "",
            },
        )
    )


@require_POST
def registration_cancel_view(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    found = _registration_or_404(request, event)
    registration_cancel(registration=found, base_url=_base_url(request))
    url = reverse("communications_events:registration", args=[centre.slug, event.pk])
    return _private(redirect(f"{url}?{urlencode({'t': found.token})}"))


@require_GET
def document(request: HttpRequest, centre_slug: str, pk: int, document_pk: int) -> FileResponse:
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    found = document_get_public(event=event, pk=document_pk)
    handle = found.file.open("rb")
    kind = uploads.sniff(handle.read(4096)) or uploads.PDF
    handle.seek(0)
    extension = sorted(uploads.EXTENSIONS.get(kind, {"pdf"}))[0]
    response = FileResponse(handle, as_attachment=True, filename=f"{found.title}.{extension}"[:200])
    response["Content-Type"] = uploads.CONTENT_TYPES.get(kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_ics(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    body = calendar.events_calendar(
        centre=centre, events=event_list_calendar(centre=centre), base_url=_base_url(request)
    )
    return _ics(body, f"{centre.slug}-events.ics")


@require_GET
def event_ics(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    event = event_get_public(centre=centre, pk=pk)
    body = calendar.events_calendar(
        centre=centre, events=[event], base_url=_base_url(request), name=event.title
    )
    return _ics(body, f"{centre.slug}-event-{event.pk}.ics")
