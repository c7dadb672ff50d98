"""The effect of a decision as the board shows it: each survey indicator the decision names,
before the decision and in each later period, with n — no figure from fewer than 5 answers
(core/suppression.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from vidhuk.core.suppression import withheld

from ..effect import indicator_later_figures
from ..models import Decision


@dataclass(frozen=True)
class EffectPoint:
    label: str  # the period, e.g. «01.01.2026 – 31.03.2026» or «до рішення»
    value: float | None  # None: withheld (fewer than 5 answers) or no answers
    scale_max: float | None
    n: int
    is_baseline: bool


@dataclass(frozen=True)
class EffectRow:
    label: str
    points: list[EffectPoint]


def _point(figure: dict[str, Any] | None, *, is_baseline: bool) -> EffectPoint | None:
    if not figure:
        return None
    n = int(figure.get("n") or 0)
    value = figure.get("value")
    shown = None if value is None or withheld(n) else float(value)
    period = " – ".join(
        dt.date.fromisoformat(part).strftime("%d.%m.%Y")
        for part in (figure.get("period_from"), figure.get("period_to"))
        if part
    )
    return EffectPoint(
        label=period,
        value=shown,
        scale_max=figure.get("scale_max"),
        n=n,
        is_baseline=is_baseline,
    )


def decision_effect(*, decision: Decision) -> list[EffectRow]:
    """The decision's indicators: the baseline taken when each was added, then each quarter
    since the adoption as ``vidhuk.decisions.effect`` measures it."""
    rows = []
    for indicator in decision.indicators.all():
        figures = indicator_later_figures(indicator=indicator)
        points = [_point(indicator.baseline, is_baseline=True)]
        points += [_point(figure, is_baseline=False) for figure in figures]
        rows.append(EffectRow(label=indicator.label, points=[p for p in points if p]))
    return rows
