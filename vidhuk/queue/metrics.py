"""The queue's figures for analytics, the dashboard and the quarterly report (core/metrics.py):
tickets issued, and the mean waiting and service minutes, by office, service, hour of issue and
weekday. Means carry ``n`` (the tickets behind them) so the public reader withholds small groups.

The minutes are those of the staff figures (selectors/figures.py): waiting runs from the later
of issue and the ticket's place in the line (a booked visitor's time) to the first call, for
every called ticket not left unserved; service from the last call to finishing, for a ticket
served. Computed in the database: one query whatever the period's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    QuerySet,
    Value,
)
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_metric
from vidhuk.core.models import Centre

from .choices import TicketStatus
from .models import Ticket

DIMENSIONS = ("office", "service", "hour", "weekday")


def _tickets(centre: Centre, start: dt.date, end: dt.date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(centre=centre, day__gte=start, day__lte=end).annotate(
        office_code=F("office_id"),
        service_code=F("service_id"),
        hour_code=ExtractHour("issued_at", tzinfo=timezone.get_current_timezone()),
        weekday_code=ExtractIsoWeekDay("day"),
    )


def _grouped(tickets: QuerySet[Ticket], by: tuple[str, ...], **figures: Any) -> list[dict]:
    fields = [f"{name}_code" for name in by]
    if not fields:
        return [tickets.aggregate(**figures)]
    rows = tickets.values(*fields).annotate(**figures).order_by(*fields)
    return [
        {name: row[f"{name}_code"] for name in by} | {k: row[k] for k in figures} for row in rows
    ]


def queue_tickets(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _grouped(_tickets(centre, start, end), by, value=Count("pk"))


def _minutes(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...], *, waiting: bool
) -> list[dict[str, Any]]:
    if waiting:
        tickets = _tickets(centre, start, end).filter(called_at__isnull=False)
        tickets = tickets.exclude(status=TicketStatus.UNSERVED)
        span = F("called_at") - Greatest("issued_at", "turn_at")
    else:
        tickets = _tickets(centre, start, end).filter(
            status=TicketStatus.DONE, finished_at__isnull=False, last_called_at__isnull=False
        )
        span = F("finished_at") - F("last_called_at")
    seconds = Func(
        ExpressionWrapper(span, output_field=DurationField()),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )
    tickets = tickets.annotate(seconds=Greatest(seconds, Value(0.0)))
    rows = _grouped(tickets, by, n=Count("pk"), mean=Avg("seconds"))
    return [
        {k: v for k, v in row.items() if k != "mean"}
        | {"value": None if not row["n"] else round(float(row["mean"]) / 60, 1)}
        for row in rows
    ]


def queue_wait_minutes(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _minutes(centre, start, end, by, waiting=True)


def queue_service_minutes(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _minutes(centre, start, end, by, waiting=False)


def register() -> None:
    register_metric(
        Metric("queue_tickets", _("Талони електронної черги"), "count", DIMENSIONS, queue_tickets)
    )
    register_metric(
        Metric(
            "queue_wait_minutes",
            _("Середній час очікування в черзі, хв"),
            "minutes",
            DIMENSIONS,
            queue_wait_minutes,
        )
    )
    register_metric(
        Metric(
            "queue_service_minutes",
            _("Середній час обслуговування, хв"),
            "minutes",
            DIMENSIONS,
            queue_service_minutes,
        )
    )
