"""The head's figures: waiting and service times by service, office, hour and weekday; no-shows
and tickets left unserved at the end of a day; booked against walk-in visits; and the same
tickets as a streamed CSV file.

`QUEUE_FIGURES` (head, administrator, analyst) opens them: they are the figures the windows are
staffed by. Tickets hold no personal data, so nothing is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.core.tabular import csv_response
from vidhuk.queue.capabilities import Capability

from ..choices import TicketStatus
from ..forms import FiguresFilterForm
from ..selectors.figures import queue_figures, ticket_export_rows, ticket_times


def _filter(request: CentreRequest) -> FiguresFilterForm:
    offices = office_list_for_centre(centre=request.centre, only_active=False).prefetch_related(
        None
    )
    return FiguresFilterForm(request.GET, offices=offices)


@centre_staff_view(Capability.QUEUE_FIGURES)
@require_GET
def figures(request: CentreRequest) -> HttpResponse:
    form = _filter(request)
    context: dict[str, Any] = {"centre": request.centre, "form": form, "figures": None}
    if form.is_valid():
        data = form.cleaned_data
        context["figures"] = queue_figures(
            centre=request.centre,
            date_from=data["date_from"],
            date_to=data["date_to"],
            office=data["office"],
        )
        query = urlencode(
            {
                "date_from": data["date_from"].isoformat(),
                "date_to": data["date_to"].isoformat(),
                "office": data["office"].pk if data["office"] else "",
            }
        )
        export_url = reverse("queue_staff:export", kwargs={"centre_slug": request.centre.slug})
        context["export_url"] = f"{export_url}?{query}"
    status = 200 if form.is_valid() else 400
    return render(request, "queue/staff/figures.html", context, status=status)


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _header() -> list[str]:
    return [
        _("Дата"),
        _("Офіс"),
        _("Талон"),
        _("Мета візиту"),
        _("Послуга"),
        _("За записом"),
        _("Видано"),
        _("Перший виклик"),
        _("Завершено"),
        _("Вікно"),
        _("Стан"),
        _("Результат"),
        _("Очікування, хв"),
        _("Обслуговування, хв"),
    ]


def _rows(tickets: Iterator[Any]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    for ticket in tickets:
        times = ticket_times(ticket, today=today)
        yield [
            ticket.day.isoformat(),
            ticket.office.name,
            ticket.code,
            ticket.get_purpose_display(),
            ticket.service.name if ticket.service else "",
            _("так") if ticket.is_booked else _("ні"),
            _time(ticket.issued_at),
            _time(ticket.called_at),
            _time(ticket.finished_at),
            ticket.window.number if ticket.window else "",
            str(TicketStatus(times.status).label),
            ticket.get_outcome_display() if ticket.outcome else "",
            _minutes(times.wait),
            _minutes(times.service_time),
        ]


def _time(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M:%S") if value else ""


@centre_staff_view(Capability.QUEUE_FIGURES)
@require_GET
def export(request: CentreRequest) -> HttpResponse | StreamingHttpResponse:
    """Every ticket of the period as CSV, streamed: a year of a busy centre is not built in
    memory (the one writer, `core.tabular`: BOM, semicolons, formula-safe cells)."""
    form = _filter(request)
    if not form.is_valid():
        return render(
            request,
            "queue/staff/figures.html",
            {"centre": request.centre, "form": form, "figures": None},
            status=400,
        )
    data = form.cleaned_data
    tickets = ticket_export_rows(
        centre=request.centre,
        date_from=data["date_from"],
        date_to=data["date_to"],
        office=data["office"],
    )
    # A service or office named «=…» stays text in a spreadsheet: the writer guards it.
    return csv_response(
        header=_header(),
        rows=_rows(tickets),
        filename=f"queue-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.csv",
    )
