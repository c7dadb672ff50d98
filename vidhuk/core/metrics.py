"""Registry of the metrics analytics will read (Decidim's `register_stat`). Empty until the
analytics app arrives; each app will register its own from its `extensions.py`.

A metric has a key, a label, a unit, the dimensions it can be split by (from `DIMENSIONS`) and a
query: ``query(centre, start, end, by)`` returns rows, each a dict with one value per dimension
named in ``by`` and the figure under ``"value"`` — counts, never personal data; the reader applies
small-cell suppression (`core/suppression.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre

DIMENSIONS = frozenset(
    {"office", "service", "channel", "sex", "age_group", "category", "source", "state"}
    # The Classifier of citizens' appeals (КМУ №858, decision 0008).
    | {"receipt_form", "sign", "kind", "subject", "social_status", "topic", "result"}
)
UNITS = frozenset({"count", "minutes", "days", "percent", "score"})

MetricQuery = Callable[["Centre", dt.date, dt.date, tuple[str, ...]], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise | str
    unit: str
    dimensions: tuple[str, ...]
    query: MetricQuery


_registry: dict[str, Metric] = {}


def register_metric(metric: Metric) -> None:
    unknown = set(metric.dimensions) - DIMENSIONS
    if unknown or metric.unit not in UNITS:
        raise ValueError(f"metric {metric.key}: unknown dimension or unit {unknown or metric.unit}")
    _registry[metric.key] = metric


def unregister_metric(key: str) -> None:
    _registry.pop(key, None)


def metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.key)
