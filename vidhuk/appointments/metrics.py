"""Bookings for analytics, the dashboard and the quarterly report (core/metrics.py): visits booked
for the period (by the day of the visit, cancelled ones left out) and the booked visitors who
never came. Counts only; one query whatever the period's size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_dimension, register_metric
from vidhuk.core.models import Centre

from .choices import AppointmentStatus, BookingChannel
from .models import Appointment

DIMENSIONS = ("office", "service", "channel", "hour", "weekday")


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _bookings(centre: Centre, start: dt.date, end: dt.date) -> QuerySet[Appointment]:
    kyiv = timezone.get_current_timezone()
    return (
        Appointment.objects.filter(
            centre=centre,
            starts_at__gte=_aware(start),
            starts_at__lt=_aware(end + dt.timedelta(days=1)),
        )
        .exclude(status=AppointmentStatus.CANCELLED)
        .annotate(
            office_code=F("office_id"),
            service_code=F("service_id"),
            channel_code=F("channel"),
            hour_code=ExtractHour("starts_at", tzinfo=kyiv),
            weekday_code=ExtractIsoWeekDay("starts_at", tzinfo=kyiv),
        )
    )


def _counts(bookings: QuerySet[Appointment], by: tuple[str, ...]) -> list[dict[str, Any]]:
    fields = [f"{name}_code" for name in by]
    if not fields:
        return [{"value": bookings.count()}]
    rows = bookings.values(*fields).annotate(value=Count("pk")).order_by(*fields)
    return [{name: row[f"{name}_code"] for name in by} | {"value": row["value"]} for row in rows]


def bookings(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _counts(_bookings(centre, start, end), by)


def booking_no_shows(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _counts(_bookings(centre, start, end).filter(status=AppointmentStatus.NO_SHOW), by)


def register() -> None:
    register_dimension("channel", label=dict(BookingChannel.choices).get, metric="booking")
    register_metric(Metric("bookings", _("Записи на прийом"), "count", DIMENSIONS, bookings))
    register_metric(
        Metric(
            "booking_no_shows",
            _("Записані відвідувачі, які не прийшли"),
            "count",
            DIMENSIONS,
            booking_no_shows,
        )
    )
