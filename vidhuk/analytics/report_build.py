"""The figures of a quarterly report, gathered once and kept as plain JSON (issue 14, point 4).

Everything is read through ``figure_table(public=True)``: the report is written to be published,
so staff edit the very figures residents will read, with every group of 1–4 people already
withheld. Labels and subjects are kept in Ukrainian and English, so the frozen report reads in
either language without another query. The decisions are those of the public board adopted or
done in the quarter, with their progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import translation

from vidhuk.core.metrics import dimension_labels, get_metric, metrics_scope
from vidhuk.core.models import Centre
from vidhuk.decisions.selectors.public import decision_list_public

from .figures import FigureTable, figure_table
from .periods import previous_quarter, quarter_bounds
from .report_spec import SECTIONS, Breakdown, Headline

SNAPSHOT_VERSION = 1
LANGUAGES = ("uk", "en")
TableReader = Callable[[str, str | None, dt.date, dt.date], FigureTable]


def in_languages(text: Any) -> dict[str, str]:
    """A lazy text in each of the report's languages."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def _registered(key: str) -> bool:
    try:
        get_metric(key)
    except KeyError:
        return False
    return True


def _reader(centre: Centre) -> TableReader:
    """figure_table, each (metric, dimension, period) asked once per build."""
    cache: dict[tuple[str, str | None, dt.date, dt.date], FigureTable] = {}

    def read(key: str, by: str | None, start: dt.date, end: dt.date) -> FigureTable:
        wanted = (key, by, start, end)
        if wanted not in cache:
            cache[wanted] = figure_table(
                centre=centre, key=key, start=start, end=end, by=(by,) if by else (), public=True
            )
        return cache[wanted]

    return read


def reading(table: FigureTable, row: tuple[str, str] | None) -> dict[str, Any]:
    """The total of a table or one of its rows as ``{"value", "withheld"}``."""
    if table.withheld:
        return {"value": None, "withheld": True}
    if row is None:
        return {"value": table.total, "withheld": False}
    name, code = row
    for found in table.rows:
        if found.keys.get(name) == code:
            return {"value": found.value, "withheld": found.value is None}
    return {"value": 0 if table.unit == "count" else None, "withheld": False}


def _headline(read: TableReader, headline: Headline, periods: list[tuple[dt.date, dt.date]]):
    by = headline.row[0] if headline.row else None
    current, previous = (read(headline.metric, by, *period) for period in periods)
    return {
        "metric": headline.metric,
        "unit": current.unit,
        "subject": in_languages(headline.subject),
        "gender": headline.gender,
        "current": reading(current, headline.row),
        "previous": reading(previous, headline.row),
    }


def _table(
    centre: Centre, read: TableReader, spec: Breakdown, periods: list[tuple[dt.date, dt.date]]
) -> dict[str, Any]:
    current, previous = (read(spec.metric, spec.by, *period) for period in periods)
    before = {row.keys[spec.by]: row.value for row in previous.rows}
    codes = [row.keys[spec.by] for row in current.rows]
    codes += [code for code in before if code not in codes]
    now = {row.keys[spec.by]: row.value for row in current.rows}
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = dimension_labels(spec.by, codes, centre=centre, metric=spec.metric)
    rows: list[dict[str, Any]] = [
        {
            "code": code,
            "label": {language: labels[language][code] for language in LANGUAGES},
            "value": now.get(code),
            "withheld": code in now and now[code] is None,
            "previous": before.get(code),
            "previous_withheld": code in before and before[code] is None,
        }
        for code in codes
    ]
    rows.sort(key=lambda row: (row["value"] is None, -(row["value"] or 0), row["label"]["uk"]))
    return {
        "metric": spec.metric,
        "by": spec.by,
        "unit": current.unit,
        "caption": in_languages(spec.caption),
        "title": in_languages(current.titles.get(spec.by, spec.by)),
        "withheld": current.withheld,
        "total": current.total,
        "previous_total": previous.total,
        "previous_withheld": previous.withheld,
        "rows": rows,
    }


def _decisions(centre: Centre, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    found = []
    for decision in decision_list_public(centre=centre, today=end):
        adopted = decision.adopted_on and start <= decision.adopted_on <= end
        done = decision.done_on and start <= decision.done_on <= end
        if not (adopted or done):
            continue
        state = {}
        for language in LANGUAGES:
            with translation.override(language):
                state[language] = str(decision.get_state_display())
        found.append(
            {
                "number": decision.number,
                "title": {"uk": decision.title, "en": decision.title_en or decision.title},
                "state": state,
                "progress": decision.progress_percent,
                "adopted_on": decision.adopted_on.isoformat() if decision.adopted_on else "",
                "due_on": decision.due_on.isoformat() if decision.due_on else "",
            }
        )
    return sorted(found, key=lambda item: item["number"])


def report_figures_build(*, centre: Centre, year: int, quarter: int) -> dict[str, Any]:
    """Every figure of the report for ``year``/``quarter`` and the quarter before, suppressed
    as published (figure_table with ``public=True``)."""
    with metrics_scope():  # the figures of one period share their reads
        return _build(centre, year, quarter)


def _build(centre: Centre, year: int, quarter: int) -> dict[str, Any]:
    from .gender import passport_build  # gender reads this module's helpers

    before = previous_quarter(year, quarter)
    periods = [quarter_bounds(year, quarter), quarter_bounds(*before)]
    read = _reader(centre)
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        sections[section.code] = {
            "headlines": [
                _headline(read, headline, periods)
                for headline in section.headlines
                if _registered(headline.metric)
            ],
            "tables": [
                _table(centre, read, table, periods)
                for table in section.tables
                if _registered(table.metric)
            ],
        }
    return {
        "version": SNAPSHOT_VERSION,
        "centre": centre.name,
        "year": year,
        "quarter": quarter,
        "start": periods[0][0].isoformat(),
        "end": periods[0][1].isoformat(),
        "previous": {"year": before[0], "quarter": before[1]},
        "sections": sections,
        "decisions": _decisions(centre, *periods[0]),
        "passport": passport_build(centre=centre, start=periods[0][0], end=periods[0][1]),
    }
