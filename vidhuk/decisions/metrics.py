"""Figures of the loop «ви сказали — ми зробили» for analytics (issue 12, point 7), registered in
core's metrics registry from extensions.py.

Every query takes the centre and a period and returns counts or medians, never a record: rows of
``{<dimension>: value, ..., "value": figure, "n": records behind it}``. The office dimension is
the office's slug; a finding or decision naming no office is counted under ``None``; one naming
two offices counts for each. Each query runs three queries whatever the period's size.

- findings opened in the period, by source of their evidence (a finding with an appeal and a
  survey figure counts once under each), state and office;
- the share of findings decided (or closed with a reasoned «no action») within their term, of
  those opened in the period whose term has ended or that were closed;
- median days from a finding to its decision, from a decision's adoption to done, and from the
  finding to done;
- decisions that went overdue: due in the period and not done by the due date (not cancelled).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_dimension, register_metric
from vidhuk.core.models import Centre

from .choices import DecisionState, FindingState
from .models import Decision, Evidence, Finding

DONE_STATES = (DecisionState.DONE, DecisionState.VERIFIED, DecisionState.PARTLY_DONE)
CLOSED_FINDING_STATES = (FindingState.DECIDED, FindingState.NO_ACTION)


@dataclass
class _Item:
    """One finding or decision with what the figures split it by."""

    dims: dict[str, list[Hashable]] = field(default_factory=dict)
    value: float = 0.0


def _office_slugs(
    model: type[Finding] | type[Decision], pks: Iterable[int]
) -> dict[int, list[Hashable]]:
    through = model.offices.through
    owner = f"{model._meta.model_name}_id"
    found: dict[int, list[Hashable]] = defaultdict(list)
    for owner_pk, slug in through.objects.filter(**{f"{owner}__in": list(pks)}).values_list(
        owner, "office__slug"
    ):
        found[owner_pk].append(slug)
    return found


def _rows(
    items: list[_Item], by: tuple[str, ...], combine: Callable[[list[float]], float]
) -> list[dict[str, Any]]:
    groups: dict[tuple[Hashable, ...], list[float]] = defaultdict(list)
    for item in items:
        keys: list[tuple[Hashable, ...]] = [()]
        for name in by:
            values = item.dims.get(name) or [None]
            keys = [(*key, value) for key in keys for value in values]
        for key in keys:
            groups[key].append(item.value)
    return [
        {**dict(zip(by, key, strict=True)), "value": combine(values), "n": len(values)}
        for key, values in sorted(groups.items(), key=lambda kv: [str(k) for k in kv[0]])
    ]


def _median(values: list[float]) -> float:
    return round(float(statistics.median(values)), 1)


def _share(values: list[float]) -> float:
    return round(100 * sum(values) / len(values), 1)


def findings_count(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    findings = dict(
        Finding.objects.filter(centre=centre, opened_on__range=(start, end)).values_list(
            "pk", "state"
        )
    )
    sources: dict[int, set[Hashable]] = defaultdict(set)
    for finding_pk, source in Evidence.objects.filter(finding_id__in=list(findings)).values_list(
        "finding_id", "source"
    ):
        sources[finding_pk].add(source)
    offices = _office_slugs(Finding, findings)
    items = [
        _Item(
            dims={"state": [state], "source": sorted(sources[pk], key=str), "office": offices[pk]},
            value=1,
        )
        for pk, state in findings.items()
    ]
    return _rows(items, by, lambda values: int(sum(values)))


def findings_decided_in_term(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = list(
        Finding.objects.filter(centre=centre, opened_on__range=(start, end))
        .exclude(state=FindingState.OPEN, due_on__gte=end)
        .values_list("pk", "state", "decided_on", "due_on")
    )
    offices = _office_slugs(Finding, [row[0] for row in rows])
    items = [
        _Item(
            dims={"office": offices[pk]},
            value=float(
                state in CLOSED_FINDING_STATES and decided_on is not None and decided_on <= due_on
            ),
        )
        for pk, state, decided_on, due_on in rows
    ]
    return _rows(items, by, _share)


def days_finding_to_decision(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = list(
        Finding.objects.filter(
            centre=centre, state__in=CLOSED_FINDING_STATES, decided_on__range=(start, end)
        ).values_list("pk", "opened_on", "decided_on")
    )
    offices = _office_slugs(Finding, [row[0] for row in rows])
    items = [
        _Item(dims={"office": offices[pk]}, value=(decided - opened).days)
        for pk, opened, decided in rows
        if decided is not None
    ]
    return _rows(items, by, _median)


def _done_decisions(centre: Centre, start: dt.date, end: dt.date) -> list[tuple[Any, ...]]:
    return list(
        Decision.objects.filter(centre=centre, state__in=DONE_STATES, done_on__range=(start, end))
        .annotate(first_finding=Min("findings__opened_on"))
        .values_list("pk", "adopted_on", "done_on", "first_finding")
    )


def days_decision_to_done(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = [row for row in _done_decisions(centre, start, end) if row[1] is not None]
    offices = _office_slugs(Decision, [row[0] for row in rows])
    items = [
        _Item(dims={"office": offices[pk]}, value=(done - adopted).days)
        for pk, adopted, done, _first in rows
    ]
    return _rows(items, by, _median)


def days_finding_to_done(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = [row for row in _done_decisions(centre, start, end) if row[3] is not None]
    offices = _office_slugs(Decision, [row[0] for row in rows])
    items = [
        _Item(dims={"office": offices[pk]}, value=(done - first).days)
        for pk, _adopted, done, first in rows
    ]
    return _rows(items, by, _median)


def decisions_overdue(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = list(
        Decision.objects.filter(centre=centre, due_on__range=(start, end))
        .exclude(state__in=[DecisionState.DRAFT, DecisionState.CANCELLED])
        .values_list("pk", "due_on", "done_on")
    )
    today = timezone.localdate()
    late = [pk for pk, due, done in rows if due is not None and (done or today) > due]
    offices = _office_slugs(Decision, late)
    items = [_Item(dims={"office": offices[pk]}, value=1) for pk in late]
    return _rows(items, by, lambda values: int(sum(values)))


def _source_label(code: str) -> str | None:
    from .evidence import source_get

    source = source_get(code)
    return str(source.label) if source else None


def register() -> None:
    # Analytics' tables read the labels of the sources and states (core/metrics.py).
    register_dimension("source", label=_source_label, metric="decisions.")
    register_dimension("state", label=dict(FindingState.choices).get, metric="decisions.")
    for metric in (
        Metric(
            "decisions.findings",
            _("Висновки за відгуками мешканців"),
            "count",
            ("source", "state", "office"),
            findings_count,
        ),
        Metric(
            "decisions.findings_decided_in_term",
            _("Частка висновків, вирішених у строк"),
            "percent",
            ("office",),
            findings_decided_in_term,
        ),
        Metric(
            "decisions.days_finding_to_decision",
            _("Медіана днів від висновку до рішення"),
            "days",
            ("office",),
            days_finding_to_decision,
        ),
        Metric(
            "decisions.days_decision_to_done",
            _("Медіана днів від ухвалення рішення до виконання"),
            "days",
            ("office",),
            days_decision_to_done,
        ),
        Metric(
            "decisions.days_finding_to_done",
            _("Медіана днів від висновку до виконаного рішення"),
            "days",
            ("office",),
            days_finding_to_done,
        ),
        Metric(
            "decisions.overdue",
            _("Рішення, виконані не в строк або прострочені"),
            "count",
            ("office",),
            decisions_overdue,
        ),
    ):
        register_metric(metric)
