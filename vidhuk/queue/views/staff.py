"""The operator's console: choose a window, call the next visitor, call again, transfer, mark a
no-show, finish with an outcome and print the receipt with the survey's QR code.

Working at a window needs `queue.operate` (head, administrator, hotline operator): finishing a
visit issues a survey visit code, so a role that may not print codes does not serve visitors
either; the analyst reads the figures only. The line of the window refreshes
itself with htmx (`console_line`); without JavaScript an «Оновити» link reloads the page, never
a meta refresh on a page with forms. Every action is a POST that redirects back to the console
(a reload never repeats it); a refusal of the service is shown as an error message and nothing
is changed. Tickets hold no personal data, so viewing them is not written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.qr import qr_data_uri
from vidhuk.queue.capabilities import Capability
from vidhuk.surveys.qr import display_code, visit_url

from ..choices import TicketStatus
from ..forms import FinishForm, TransferForm
from ..models import Ticket
from ..selectors.console import window_console, window_line
from ..selectors.tickets import (
    services_handled_at,
    ticket_get_for_staff,
    window_get_for_staff,
    window_list_for_staff,
)
from ..services import (
    ticket_call_again,
    ticket_call_next,
    ticket_finish,
    ticket_mark_no_show,
    ticket_transfer,
)

RECEIPT_SESSION_KEY = "queue.receipt"


def _window_session_key(request: CentreRequest) -> str:
    return f"queue.window:{request.centre.pk}"


def _console(request: CentreRequest, window_pk: int) -> HttpResponse:
    return redirect("queue_staff:console", centre_slug=request.centre.slug, pk=window_pk)


def _refused(request: CentreRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@centre_staff_view(Capability.QUEUE_OPERATE)
@require_GET
def windows(request: CentreRequest) -> HttpResponse:
    """Choose the window you work at today."""
    return render(
        request,
        "queue/staff/windows.html",
        {
            "centre": request.centre,
            "windows": list(window_list_for_staff(centre=request.centre)),
            "my_window": request.session.get(_window_session_key(request)),
        },
    )


def _console_page(
    request: CentreRequest, window: Any, finish_form: FinishForm | None = None, status: int = 200
) -> HttpResponse:
    console = window_console(window=window)
    return render(
        request,
        "queue/staff/console.html",
        {
            "centre": request.centre,
            "console": console,
            "window": window,
            "form": finish_form or FinishForm(),
        },
        status=status,
    )


@centre_staff_view(Capability.QUEUE_OPERATE)
def console(request: CentreRequest, pk: int) -> HttpResponse:
    window = window_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    request.session[_window_session_key(request)] = window.pk
    return _console_page(request, window)


@centre_staff_view(Capability.QUEUE_OPERATE)
def console_line(request: CentreRequest, pk: int) -> HttpResponse:
    """The console's line alone, for htmx polling: "204 No Content" while nothing has changed
    (the page sends back the key of what it shows), so the operator's forms are never redrawn
    and the count is announced only when it changes."""
    window = window_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    line = window_line(window=window)
    if request.GET.get("v") == line.state_key:
        return HttpResponse(status=204)
    response = render(
        request,
        "queue/staff/_console_line_fragment.html",
        {"centre": request.centre, "window": window, "line": line},
    )
    response["Cache-Control"] = "no-store"
    return response


def _post_only(request: CentreRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@centre_staff_view(Capability.QUEUE_OPERATE)
def call_next(request: CentreRequest, pk: int) -> HttpResponse:
    window = window_get_for_staff(centre=request.centre, pk=pk)
    if refusal := _post_only(request):
        return refusal
    try:
        called = ticket_call_next(window=window)
    except ValidationError as error:
        _refused(request, error)
    else:
        if called is None:
            messages.info(request, _("Зараз ніхто не чекає на це вікно."))
    return _console(request, window.pk)


def _window_and_ticket(request: CentreRequest, pk: int, ticket_pk: int) -> tuple[Any, Ticket]:
    window = window_get_for_staff(centre=request.centre, pk=pk)
    return window, ticket_get_for_staff(centre=request.centre, pk=ticket_pk)


@centre_staff_view(Capability.QUEUE_OPERATE)
def call_again(request: CentreRequest, pk: int, ticket_pk: int) -> HttpResponse:
    window, ticket = _window_and_ticket(request, pk, ticket_pk)
    if refusal := _post_only(request):
        return refusal
    try:
        ticket_call_again(ticket=ticket, window=window)
    except ValidationError as error:
        _refused(request, error)
    return _console(request, window.pk)


@centre_staff_view(Capability.QUEUE_OPERATE)
def no_show(request: CentreRequest, pk: int, ticket_pk: int) -> HttpResponse:
    window, ticket = _window_and_ticket(request, pk, ticket_pk)
    if refusal := _post_only(request):
        return refusal
    try:
        ticket_mark_no_show(ticket=ticket, window=window)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Талон %(code)s позначено: не підійшов.") % {"code": ticket.code}
        )
    return _console(request, window.pk)


@centre_staff_view(Capability.QUEUE_OPERATE)
def finish(request: CentreRequest, pk: int, ticket_pk: int) -> HttpResponse:
    window, ticket = _window_and_ticket(request, pk, ticket_pk)
    if refusal := _post_only(request):
        return refusal
    form = FinishForm(request.POST)
    if not form.is_valid():
        return _console_page(request, window, form, status=400)
    try:
        visit = ticket_finish(
            ticket=ticket, window=window, outcome=form.cleaned_data["outcome"], actor=request.user
        )
    except ValidationError as error:
        receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
        if receipt.get("ticket") == ticket.pk:
            # A double click on "finish": the first one went through; show its receipt.
            return redirect(_receipt_url(request, window.pk, ticket.pk))
        _refused(request, error)
        return _console(request, window.pk)
    request.session[RECEIPT_SESSION_KEY] = {"ticket": ticket.pk, "code": visit.visit_code}
    return redirect(_receipt_url(request, window.pk, ticket.pk))


def _receipt_url(request: CentreRequest, window_pk: int, ticket_pk: int) -> str:
    return reverse(
        "queue_staff:receipt",
        kwargs={"centre_slug": request.centre.slug, "pk": window_pk, "ticket_pk": ticket_pk},
    )


@centre_staff_view(Capability.QUEUE_OPERATE)
def receipt(request: CentreRequest, pk: int, ticket_pk: int) -> HttpResponse:
    """The receipt for the visitor: the ticket, the outcome and the survey's QR code.

    The visit code is shown once (only its HMAC is stored): ``finish`` leaves it in the
    operator's session for this page only, which takes it out again — a session row kept
    longer would tie the ticket to the code, and so to the visitor's answer. Only the ticket's
    id stays, so that a double click on «finish» still leads here."""
    window, ticket = _window_and_ticket(request, pk, ticket_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if ticket.status != TicketStatus.DONE or ticket.window_id != window.pk:
        messages.error(request, _("Квитанцію можна надрукувати лише для завершеного візиту."))
        return _console(request, window.pk)
    saved = request.session.get(RECEIPT_SESSION_KEY) or {}
    code = saved.get("code") if saved.get("ticket") == ticket.pk else None
    if code:
        request.session[RECEIPT_SESSION_KEY] = {"ticket": ticket.pk}
    survey_url = (
        visit_url(
            base_url=request.build_absolute_uri("/"),
            centre_slug=request.centre.slug,
            code=code,
        )
        if code
        else ""
    )
    return render(
        request,
        "queue/staff/receipt.html",
        {
            "centre": request.centre,
            "window": window,
            "ticket": ticket,
            "code": display_code(code) if code else "",
            "survey_url": survey_url,
            "qr": qr_data_uri(survey_url) if code else "",
        },
    )


@centre_staff_view(Capability.QUEUE_OPERATE)
def transfer(request: CentreRequest, pk: int, ticket_pk: int) -> HttpResponse:
    """Send the visitor to another window or to the line of another service."""
    window, ticket = _window_and_ticket(request, pk, ticket_pk)
    form = TransferForm(
        request.POST if request.method == "POST" else None,
        windows=window_list_for_staff(centre=request.centre)
        .filter(office_id=window.office_id, is_active=True)
        .exclude(pk=window.pk),
        services=services_handled_at(office=window.office),
    )
    if request.method == "POST" and form.is_valid():
        try:
            ticket_transfer(
                ticket=ticket,
                window=window,
                to_window=form.cleaned_data["to_window"],
                to_service=form.cleaned_data["to_service"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(name if name in form.fields else None, item)
            else:
                _refused(request, error)
                return _console(request, window.pk)
        else:
            messages.success(
                request,
                _("Талон %(code)s передано. Він зберіг своє місце в черзі.")
                % {"code": ticket.code},
            )
            return _console(request, window.pk)
    return render(
        request,
        "queue/staff/transfer.html",
        {"centre": request.centre, "window": window, "ticket": ticket, "form": form},
    )
