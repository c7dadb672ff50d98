"""The mystery shopper's score for analytics and the dashboard (core/metrics.py): over the
accepted reports of visits in the period, the share of «так» across every yes/no criterion of the
checklist (selectors.mystery_scores), for the centre and per office. ``n`` is the reports behind a
figure, so the public reader withholds an office visited fewer than 5 times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import Metric, register_metric
from vidhuk.core.models import Centre

from .selectors import mystery_scores


def mystery_score(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    scores = mystery_scores(centre=centre, date_from=start, date_to=end)
    if "office" not in by:
        return [{"value": scores.total.yes_share, "n": scores.total.reports}]
    return [
        {"office": office.office_id, "value": office.yes_share, "n": office.reports}
        for office in scores.offices
    ]


def register() -> None:
    register_metric(
        Metric(
            "mystery_score",
            _("Оцінка таємного відвідувача: частка виконаних вимог чек-листа, %"),
            "percent",
            ("office",),
            mystery_score,
        )
    )
