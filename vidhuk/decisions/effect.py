"""The effect of a decision (issue 12, point 5): each survey indicator it names (a question,
with an office or a service), before the decision and in each later period — a month or a
quarter — with n; no figure from fewer than 5 answers (``vidhuk.core.suppression``, applied by
surveys' indicator selectors). Figures have ``Evidence.figure``'s shape.

«Verified» needs the check or a reasoned note: ``effect_check`` says whether every indicator has
a figure before and after, and drafts the note that records it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vidhuk.core.suppression import withheld
from vidhuk.surveys.results.indicator import (
    IndicatorMonth,
    indicator_months,
    indicator_questionnaire,
)

from .models import Decision, DecisionIndicator
from .selectors.evidence import survey_figure

BASELINE_MONTHS = 3  # «before»: the three months before the decision was adopted
Period = Literal["month", "quarter"]


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def baseline_period(*, before: dt.date) -> tuple[dt.date, dt.date]:
    """The whole months before ``before``'s month: [first day, last day]."""
    start = _month_start(before, BASELINE_MONTHS)
    return start, _month_start(before) - dt.timedelta(days=1)


def indicator_baseline(
    *,
    decision: Decision,
    questionnaire_id: int,
    question_key: str,
    office_id: int | None = None,
    service_id: int | None = None,
) -> dict[str, Any] | None:
    """The figure before the decision: the three whole months before its adoption (before
    today for a draft). What ``indicator_add`` keeps as ``DecisionIndicator.baseline``."""
    start, end = baseline_period(before=decision.adopted_on or timezone.localdate())
    return survey_figure(
        centre=decision.centre,
        questionnaire_id=questionnaire_id,
        code=question_key,
        date_from=start,
        date_to=end,
        office_id=office_id,
        service_id=service_id,
    )


def _period_start(month: dt.date, period: Period) -> dt.date:
    if period == "month":
        return month
    return dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


def _period_end(start: dt.date, period: Period) -> dt.date:
    return _month_end(start if period == "month" else _month_start(start, -2))


def indicator_later_figures(
    *, indicator: DecisionIndicator, period: Period = "quarter", today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The indicator in each period from the decision's adoption to today, oldest first; a
    period with answers from fewer than 5 people shows no value (and no n). One query."""
    decision = indicator.decision
    if decision.adopted_on is None:
        return []
    questionnaire = indicator_questionnaire(centre=decision.centre, pk=indicator.questionnaire_id)
    if questionnaire is None:
        return []
    months = indicator_months(
        centre=decision.centre,
        questionnaire=questionnaire,
        code=indicator.question_key,
        date_from=_month_start(decision.adopted_on),
        date_to=today or timezone.localdate(),
        office_id=indicator.office_id,
        service_id=indicator.service_id,
    )
    scale_max = (indicator.baseline or {}).get("scale_max")
    return [
        _figure(indicator, start, period, group, scale_max)
        for start, group in _grouped(months, period).items()
    ]


def _grouped(months: list[IndicatorMonth], period: Period) -> dict[dt.date, list[IndicatorMonth]]:
    groups: dict[dt.date, list[IndicatorMonth]] = {}
    for month in months:
        groups.setdefault(_period_start(month.month, period), []).append(month)
    return groups


def _figure(
    indicator: DecisionIndicator,
    start: dt.date,
    period: Period,
    months: list[IndicatorMonth],
    scale_max: Any,
) -> dict[str, Any]:
    n = sum(m.n for m in months)
    total = sum(m.total for m in months)
    hidden = withheld(n)
    return {
        "questionnaire": indicator.questionnaire_id,
        "question": indicator.question_key,
        "label": indicator.label,
        "period_from": start.isoformat(),
        "period_to": _period_end(start, period).isoformat(),
        "office": indicator.office_id,
        "service": indicator.service_id,
        "value": None if hidden else round(total / n, 2),
        "scale_max": scale_max,
        "n": None if hidden else n,
    }


@dataclass(frozen=True)
class IndicatorCheck:
    label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def is_measured(self) -> bool:
        return bool(
            self.before
            and self.after
            and self.before.get("value") is not None
            and self.after.get("value") is not None
        )

    @property
    def change(self) -> float | None:
        if not self.is_measured:
            return None
        before, after = self.before or {}, self.after or {}
        return round(float(after["value"]) - float(before["value"]), 2)


@dataclass(frozen=True)
class EffectCheck:
    indicators: list[IndicatorCheck]

    @property
    def is_complete(self) -> bool:
        """Every indicator has a shown figure before and after: the effect can be verified
        on the figures alone; otherwise a reasoned note is needed."""
        return bool(self.indicators) and all(i.is_measured for i in self.indicators)

    def note(self) -> str:
        """The verification note the check drafts: «Місця очікування: 2,9 → 4,1 з 5 (n = 214 →
        180)»; empty when nothing was measured."""
        lines = []
        for item in self.indicators:
            if not item.is_measured:
                continue
            before, after = item.before or {}, item.after or {}
            lines.append(
                _("%(label)s: %(before)s → %(after)s з %(max)s (n = %(n_before)s → %(n_after)s)")
                % {
                    "label": item.label,
                    "before": number_format(before["value"], 1),
                    "after": number_format(after["value"], 1),
                    "max": before.get("scale_max"),
                    "n_before": before["n"],
                    "n_after": after["n"],
                }
            )
        return "\n".join(lines)


def effect_check(
    *, decision: Decision, period: Period = "quarter", today: dt.date | None = None
) -> EffectCheck:
    """Each indicator's baseline against its latest period with a figure."""
    checks = []
    for indicator in decision.indicators.all():
        later = [
            f
            for f in indicator_later_figures(indicator=indicator, period=period, today=today)
            if f["value"] is not None
        ]
        checks.append(
            IndicatorCheck(
                label=indicator.label,
                before=indicator.baseline,
                after=later[-1] if later else None,
            )
        )
    return EffectCheck(indicators=checks)
