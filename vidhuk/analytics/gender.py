"""The centre's gender passport (issue 14, point 5): each indicator by sex — women, men, not
stated — with the gap, its source and its period.

Sex is only what people stated (core.metrics.sex_code: anything else is «не зазначено»), never
inferred. The gap reads two ways: for counts it is the share of women minus the share of men
among those who stated their sex, in percentage points (+20 = women 60 %, men 40 %); for means
and shares it is the women's figure minus the men's, in the indicator's unit. A gap is never
worked out from a withheld figure.

Accounts keep no sex of staff, so the staff composition is typed by staff on the passport page
and kept with the quarter's report (``QuarterlyReport.figures["staff_composition"]``); it is
published, and frozen, with that report and suppressed like every other count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import get_metric
from vidhuk.core.models import Centre
from vidhuk.core.suppression import suppress_groups

from .figures import figure_table

SEXES = ("female", "male", "not_stated")


@dataclass(frozen=True)
class PassportIndicator:
    code: str
    metric: str
    label: Promise
    source: Promise
    row: tuple[str, str] | None = None  # only the rows of this dimension's code


INDICATORS: tuple[PassportIndicator, ...] = (
    PassportIndicator(
        "services", "services_provided", _("Звернулися по послуги"), _("Реєстр наданих послуг")
    ),
    PassportIndicator(
        "provided",
        "services_provided",
        _("Отримали послугу"),
        _("Реєстр наданих послуг"),
        row=("result", "provided"),
    ),
    PassportIndicator(
        "refused",
        "services_provided",
        _("Отримали відмову"),
        _("Реєстр наданих послуг"),
        row=("result", "refused"),
    ),
    PassportIndicator(
        "appeals", "appeals.received", _("Подали звернення"), _("Звернення громадян")
    ),
    PassportIndicator(
        "responses", "survey_responses", _("Оцінили центр в опитуванні"), _("Опитування мешканців")
    ),
    PassportIndicator(
        "satisfaction",
        "survey_satisfaction",
        _("Задоволені обслуговуванням, %"),
        _("Опитування мешканців"),
    ),
    PassportIndicator(
        "waiting",
        "survey_indicators",
        _("Задоволені швидкістю обслуговування, %"),
        _("Опитування мешканців"),
        row=("question", "rate_speed"),
    ),
    PassportIndicator(
        "waiting_minutes",
        "queue_wait_minutes",
        _("Середній час очікування, хв"),
        _("Електронна черга"),
    ),
)

STAFF_ROWS: tuple[tuple[str, Promise], ...] = (
    ("staff", _("Працівники центру")),
    ("leaders", _("Керівники центру та його підрозділів")),
)


def _indicators() -> list[tuple[PassportIndicator, str]]:
    found = []
    for indicator in INDICATORS:
        try:
            metric = get_metric(indicator.metric)
        except KeyError:
            continue
        if "sex" in metric.dimensions and (
            indicator.row is None or indicator.row[0] in metric.dimensions
        ):
            found.append((indicator, metric.unit))
    return found


def gap(*, unit: str, women: float | int | None, men: float | int | None) -> float | None:
    """The gap as the module's docstring defines it; None when either figure is withheld."""
    if women is None or men is None:
        return None
    if unit != "count":
        return round(float(women) - float(men), 1)
    stated = women + men
    if not stated:
        return None
    return round(100 * (women - men) / stated, 1)


def _by_sex(
    *, centre: Centre, indicator: PassportIndicator, start: dt.date, end: dt.date, public: bool
) -> dict[str, Any]:
    by = (indicator.row[0], "sex") if indicator.row else ("sex",)
    table = figure_table(
        centre=centre, key=indicator.metric, start=start, end=end, by=by, public=public
    )
    values: dict[str, float | int | None] = dict.fromkeys(
        SEXES, 0 if table.unit == "count" else None
    )
    withheld = dict.fromkeys(SEXES, table.withheld)
    for row in table.rows:
        if indicator.row and row.keys.get(indicator.row[0]) != indicator.row[1]:
            continue
        sex = row.keys.get("sex", "not_stated")
        values[sex] = row.value
        withheld[sex] = table.withheld or row.value is None
    if table.withheld:
        values = dict.fromkeys(SEXES)
    return {"values": values, "withheld": withheld, "unit": table.unit}


def passport_build(
    *, centre: Centre, start: dt.date, end: dt.date, public: bool = True
) -> list[dict[str, Any]]:
    """The passport's indicators from the metrics registry for the period; ``public`` applies
    small-cell suppression (the published passport), staff of the centre see it all."""
    from .report_build import in_languages

    rows = []
    for indicator, _unit in _indicators():
        found = _by_sex(centre=centre, indicator=indicator, start=start, end=end, public=public)
        values = found["values"]
        rows.append(
            {
                "code": indicator.code,
                "indicator": in_languages(indicator.label),
                "source": in_languages(indicator.source),
                "unit": found["unit"],
                "women": values["female"],
                "men": values["male"],
                "not_stated": values["not_stated"],
                "withheld": found["withheld"],
                "gap": gap(unit=found["unit"], women=values["female"], men=values["male"]),
                "start": start.isoformat(),
                "end": end.isoformat(),
            }
        )
    return rows


def staff_rows(composition: dict[str, Any], *, public: bool) -> list[dict[str, Any]]:
    """The staff composition typed by staff as passport rows; publicly, groups of 1–4 people
    are withheld (and one more, so the total gives none away)."""
    from .report_build import in_languages

    rows = []
    for code, label in STAFF_ROWS:
        counts = {sex: int(composition.get(f"{code}_{sex}") or 0) for sex in SEXES}
        if not any(counts.values()):
            continue
        shown: dict[str, int | None] = dict(counts)
        if public:
            shown = dict(suppress_groups(counts).groups)
        rows.append(
            {
                "code": code,
                "indicator": in_languages(label),
                "source": in_languages(_("Дані центру про склад працівників")),
                "unit": "count",
                "women": shown["female"],
                "men": shown["male"],
                "not_stated": shown["not_stated"],
                "withheld": {sex: shown[sex] is None for sex in SEXES},
                "gap": gap(unit="count", women=shown["female"], men=shown["male"]),
                "start": composition.get("as_of", ""),
                "end": composition.get("as_of", ""),
            }
        )
    return rows
