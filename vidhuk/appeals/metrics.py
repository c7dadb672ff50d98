"""Appeals' figures for analytics, the dashboard and open data (core/metrics.py): the quarterly
analysis's counts by the classifier's dimensions, over any period. Counts only; the public reader
withholds groups under 5 (core/suppression.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_dimension, register_metric, sex_code
from vidhuk.core.models import Centre

from . import choices
from .choices import APPEAL_KINDS
from .models import Appeal

# Metric dimension → the card's field.
FIELDS: dict[str, str] = {
    "receipt_form": "receipt_form",
    "sign": "sign",
    "kind": "kind",
    "subject": "subject",
    "sex": "sex",
    "category": "applicant_category",
    "social_status": "social_status",
    "topic": "topic",
    "result": "result",
    "channel": "channel",
}


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _counts(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...], condition: Q
) -> Iterable[dict[str, Any]]:
    """Formal appeals received from `start` to `end` inclusive (Kyiv days), grouped by `by`."""
    appeals = Appeal.objects.filter(
        condition,
        centre=centre,
        kind__in=sorted(APPEAL_KINDS),
        received_at__gte=_aware(start),
        received_at__lt=_aware(end + dt.timedelta(days=1)),
    )
    fields = [FIELDS[name] for name in by]
    if not fields:
        return [{"value": appeals.count()}]
    rows = appeals.values(*fields).annotate(value=Count("pk")).order_by(*fields)
    found: dict[tuple[Any, ...], int] = {}
    for row in rows:
        # Analytics reads sex as female / male / not_stated (undisclosed and blank alike).
        key = tuple(sex_code(row["sex"]) if name == "sex" else row[FIELDS[name]] for name in by)
        found[key] = found.get(key, 0) + row["value"]
    return [dict(zip(by, key, strict=True)) | {"value": value} for key, value in found.items()]


# The labels of the classifier's codes, for analytics' tables (only for these metrics).
LABELS: dict[str, Any] = {
    "receipt_form": choices.ReceiptForm,
    "sign": choices.Sign,
    "kind": choices.Kind,
    "subject": choices.Subject,
    "category": choices.ApplicantCategory,
    "social_status": choices.SocialStatus,
    "topic": choices.Topic,
    "result": choices.ConsiderationResult,
    "channel": choices.Channel,
}


def appeals_received(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _counts(centre, start, end, by, Q())


def appeals_answered_late(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    return _counts(centre, start, end, by, Q(answered_at__gt=F("due_at")))


def register() -> None:
    for name, enum in LABELS.items():
        register_dimension(name, label=dict(enum.choices).get, metric="appeals.")
    dimensions = tuple(FIELDS)
    register_metric(
        Metric(
            "appeals.received",
            _("Звернення громадян, що надійшли"),
            "count",
            dimensions,
            appeals_received,
        )
    )
    register_metric(
        Metric(
            "appeals.answered_late",
            _("Звернення громадян, розглянуті з порушенням строку"),
            "count",
            dimensions,
            appeals_answered_late,
        )
    )
