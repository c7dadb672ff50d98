"""Channel analysis as metrics (issue 13, point 9), read by analytics through core.metrics: the
reach of each channel of the communication plan, subscribers per topic, and where visitors say
they learned about the centre (the visitor survey's question ``learned_from``, read through the
surveys' selector). Counts only; public readers suppress small cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_dimension, register_metric
from vidhuk.core.models import Centre
from vidhuk.surveys.selectors.answer_counts import (
    choice_counts_by_question_code,
    question_option_labels,
)

from .models import PlanMeasure, Subscription


def plan_reach(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    """The actual reach the plan's measures due in the period (or ongoing) recorded."""
    measures = PlanMeasure.objects.filter(
        Q(due_on__range=(start, end)) | Q(due_on__isnull=True),
        centre=centre,
        actual_reach__isnull=False,
    )
    if "channel" in by:
        rows = measures.values("channel").annotate(value=Sum("actual_reach")).order_by("channel")
        return [{"channel": row["channel"] or "—", "value": row["value"]} for row in rows]
    return [{"value": measures.aggregate(value=Sum("actual_reach"))["value"] or 0}]


def subscribers_by_topic(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    """Confirmed subscribers still subscribed at the end of the period, per topic (no topic:
    everything the centre publishes)."""
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    subscriptions = Subscription.objects.filter(
        Q(subscriber__unsubscribed_at__isnull=True) | Q(subscriber__unsubscribed_at__gte=until),
        subscriber__centre=centre,
        subscriber__confirmed_at__lt=until,
    )
    if "topic" in by:
        rows = (
            subscriptions.values("topic__name")
            .annotate(value=Count("subscriber", distinct=True))
            .order_by("topic__name")
        )
        return [{"topic": row["topic__name"] or "усі теми", "value": row["value"]} for row in rows]
    return [{"value": subscriptions.values("subscriber").distinct().count()}]


LEARNED_FROM_CODE = "learned_from"  # «Звідки ви дізналися про центр?» (data/visitor_survey.json)
LEARNED_FROM_METRIC = "communications.learned_from"


def learned_from(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    """Respondents naming each source (``source``: the option's value; a multiple choice counts
    each ticked source), or without ``by`` the respondents who answered the question."""
    tally = choice_counts_by_question_code(
        centre=centre, code=LEARNED_FROM_CODE, start=start, end=end
    )
    if tally is None:
        return [] if by else [{"value": 0}]
    if "source" in by:
        return [{"source": choice.value, "value": choice.count} for choice in tally.choices]
    return [{"value": tally.respondents}]


def _learned_from_labels(centre: Centre, codes: list[str]) -> dict[str, str]:
    labels = question_option_labels(centre=centre, code=LEARNED_FROM_CODE)
    return {code: labels[code] for code in codes if code in labels}


def register() -> None:
    register_metric(
        Metric(
            LEARNED_FROM_METRIC,
            _("Звідки відвідувачі дізналися про центр"),
            "count",
            ("source",),
            learned_from,
        )
    )
    register_dimension("source", labels=_learned_from_labels, metric=LEARNED_FROM_METRIC)
    register_metric(
        Metric(
            "communications.plan_reach",
            _("Охоплення каналів комунікаційного плану"),
            "count",
            ("channel",),
            plan_reach,
        )
    )
    register_metric(
        Metric(
            "communications.subscribers",
            _("Підписники за темами"),
            "count",
            ("topic",),
            subscribers_by_topic,
        )
    )
