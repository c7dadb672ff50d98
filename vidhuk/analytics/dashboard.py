"""The public dashboard's read model (issue 14, point 3): a centre's key figures for a quarter
beside the previous quarter and the same quarter a year earlier, and a handful of charts, each a
figure table (figures.py) drawn as bars with the same numbers.

Everything comes through ``figure_table`` — ``public=True`` for residents, so no figure about
1–4 people is ever in the result, ``False`` for the centre's staff. A metric nobody registered
(an app not installed) leaves its figure or chart out. The built dashboard is cached per centre,
period, audience and language: a quarter that has ended changes rarely (imports, late answers),
so for an hour; the running quarter for five minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from vidhuk.core.charts import Bar, Chart, bar_chart
from vidhuk.core.metrics import get_metric, metrics_scope
from vidhuk.core.models import Centre

from .figures import FigureTable, figure_table
from .periods import previous_quarter, quarter_bounds, quarter_label, quarter_of, year_earlier

CACHE_VERSION = 1
PAST_SECONDS = 60 * 60
CURRENT_SECONDS = 5 * 60

# The key figures, in the order shown: the metric's total over the quarter.
KEY_METRICS = (
    "services_provided",
    "appeals.received",
    "survey_satisfaction",
    "survey_loyalty_index",
    "queue_tickets",
    "queue_wait_minutes",
    "queue_service_minutes",
    "bookings",
    "booking_no_shows",
    "mystery_score",
)


@dataclass(frozen=True)
class ChartSpec:
    slug: str  # the CSV's name: /<centre>/dashboard/<slug>.csv
    metric: str
    by: str
    title: object  # lazy text


CHARTS = (
    ChartSpec("services-by-result", "services_provided", "result",
              gettext_lazy("Надані послуги за результатом")),
    ChartSpec("services-by-channel", "services_provided", "channel",
              gettext_lazy("Надані послуги за способом звернення")),
    ChartSpec("services-by-office", "services_provided", "office",
              gettext_lazy("Надані послуги за офісами")),
    ChartSpec("appeals-by-kind", "appeals.received", "kind",
              gettext_lazy("Звернення громадян за видами")),
    ChartSpec("appeals-by-sex", "appeals.received", "sex",
              gettext_lazy("Звернення громадян за статтю авторів")),
    ChartSpec("rating-scale", "survey_rating_scale", "result",
              gettext_lazy("Оцінка центру відвідувачами за національною шкалою")),
    ChartSpec("satisfaction-by-indicator", "survey_indicators", "question",
              gettext_lazy("Частка задоволених за показниками якості, %")),
    ChartSpec("loyalty-by-office", "survey_loyalty_index", "office",
              gettext_lazy("Індекс лояльності за офісами (від −100 до +100)")),
    ChartSpec("wait-by-hour", "queue_wait_minutes", "hour",
              gettext_lazy("Середнє очікування в черзі за годиною отримання талона, хв")),
    ChartSpec("tickets-by-weekday", "queue_tickets", "weekday",
              gettext_lazy("Талони черги за днями тижня")),
    ChartSpec("mystery-by-office", "mystery_score", "office",
              gettext_lazy("Оцінка таємного відвідувача за офісами, %")),
)  # fmt: skip
CHARTS_BY_SLUG = {spec.slug: spec for spec in CHARTS}


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    unit: str
    current: str  # formatted: «1 234», «74,5 %», «приховано», «—»
    previous: str
    year_earlier: str


@dataclass(frozen=True)
class TableLine:
    label: str
    value: str  # as written in the table and on the bar
    n: str  # the answers behind a mean or share ("" when the metric has none)


@dataclass(frozen=True)
class DashboardChart:
    slug: str
    title: str
    dimension: str  # the title of the first column («Офіс»)
    table: FigureTable
    chart: Chart
    lines: list[TableLine]
    total: TableLine
    has_n: bool


@dataclass(frozen=True)
class Dashboard:
    year: int
    quarter: int
    label: str
    previous_label: str
    year_earlier_label: str
    start: dt.date
    end: dt.date
    figures: list[KeyFigure]
    charts: list[DashboardChart]


def _registered(key: str) -> bool:
    try:
        get_metric(key)
    except KeyError:
        return False
    return True


def format_value(value: float | int | None, unit: str, *, withheld: bool = False) -> str:
    """A figure as a person reads it; a withheld one says so (never a number)."""
    if value is None:
        return _("приховано") if withheld else "—"
    if unit == "count":
        return number_format(int(value), force_grouping=True)
    text = number_format(value, decimal_pos=1)
    if unit == "percent":
        return f"{text} %"
    if unit == "score" and value > 0:
        return f"+{text}"
    return text


def _total(table: FigureTable) -> str:
    return format_value(table.total, table.unit, withheld=table.withheld)


def _key_figure(centre: Centre, key: str, year: int, quarter: int, public: bool) -> KeyFigure:
    tables = [
        figure_table(centre=centre, key=key, start=start, end=end, public=public)
        for start, end in (
            quarter_bounds(year, quarter),
            quarter_bounds(*previous_quarter(year, quarter)),
            quarter_bounds(*year_earlier(year, quarter)),
        )
    ]
    current, previous, earlier = (_total(table) for table in tables)
    return KeyFigure(key, tables[0].label, tables[0].unit, current, previous, earlier)


def chart_table(
    *, centre: Centre, spec: ChartSpec, start: dt.date, end: dt.date, public: bool
) -> FigureTable:
    return figure_table(
        centre=centre, key=spec.metric, start=start, end=end, by=(spec.by,), public=public
    )


def _has_n(table: FigureTable) -> bool:
    return table.unit != "count"


def _n(n: int | None, table: FigureTable) -> str:
    if not _has_n(table):
        return ""
    return format_value(n, "count", withheld=table.withheld or n is None)


def _chart(spec: ChartSpec, table: FigureTable) -> DashboardChart:
    lines = [
        TableLine(
            row.labels[spec.by],
            format_value(row.value, table.unit, withheld=True),
            _n(row.n, table),
        )
        for row in table.rows
    ]
    total = TableLine(_("Усього"), _total(table), _n(table.total_n, table))
    bars = [
        Bar(line.label, row.value, line.value) for line, row in zip(lines, table.rows, strict=True)
    ]
    chart = bar_chart(
        chart_id=f"chart-{spec.slug}",
        title=str(spec.title),
        description=", ".join(f"{line.label}: {line.value}" for line in lines),
        bars=bars,
        maximum=100 if table.unit in ("percent", "score") else None,
        minimum=-100 if table.unit == "score" else 0,
    )
    return DashboardChart(
        spec.slug,
        str(spec.title),
        table.titles[spec.by],
        table,
        chart,
        lines,
        total,
        _has_n(table),
    )


def table_csv_rows(table: FigureTable) -> tuple[list[str], list[list[object]]]:
    """The chart's table as CSV: the same lines and figures as the page (numbers as numbers, a
    withheld one as the word), the total last."""
    hidden = _("приховано")
    header = [*(table.titles[name] for name in table.by), table.label]
    if _has_n(table):
        header.append(_("Кількість відповідей"))

    def line(labels: list[str], value: float | int | None, n: int | None) -> list[object]:
        cells: list[object] = [*labels, hidden if value is None else value]
        if _has_n(table):
            cells.append(hidden if value is None else ("" if n is None else n))
        return cells

    rows = [line([row.labels[name] for name in table.by], row.value, row.n) for row in table.rows]
    blanks = [""] * (len(table.by) - 1)
    total = line([_("Усього"), *blanks], table.total, table.total_n)
    if table.total is None and not table.withheld:  # no answers at all: nothing to hide
        total[len(table.by)] = "—"
    rows.append(total)
    return header, rows


def _build(centre: Centre, year: int, quarter: int, public: bool) -> Dashboard:
    start, end = quarter_bounds(year, quarter)
    figures = [
        _key_figure(centre, key, year, quarter, public) for key in KEY_METRICS if _registered(key)
    ]
    charts = []
    for spec in CHARTS:
        if not _registered(spec.metric):
            continue
        table = chart_table(centre=centre, spec=spec, start=start, end=end, public=public)
        if table.rows:
            charts.append(_chart(spec, table))
    return Dashboard(
        year=year,
        quarter=quarter,
        label=quarter_label(year, quarter),
        previous_label=quarter_label(*previous_quarter(year, quarter)),
        year_earlier_label=quarter_label(*year_earlier(year, quarter)),
        start=start,
        end=end,
        figures=figures,
        charts=charts,
    )


def dashboard_cache_key(
    centre: Centre, year: int, quarter: int, public: bool, language: str | None = None
) -> str:
    audience = "public" if public else "staff"
    period = f"{year}q{quarter}"
    language = language or get_language()
    return f"analytics:dashboard:v{CACHE_VERSION}:{centre.pk}:{period}:{audience}:{language}"


def dashboard_build(*, centre: Centre, year: int, quarter: int, public: bool) -> Dashboard:
    """The centre's dashboard for the quarter, from the cache when it is there."""
    key = dashboard_cache_key(centre, year, quarter, public)
    found = cache.get(key)
    if isinstance(found, Dashboard):
        return found
    with metrics_scope():  # the figures of one period share their reads
        dashboard = _build(centre, year, quarter, public)
    ended = dashboard.end < timezone.localdate()
    cache.set(key, dashboard, PAST_SECONDS if ended else CURRENT_SECONDS)
    return dashboard


def dashboard_cache_clear(*, centre: Centre, year: int, quarter: int) -> None:
    """Forget a quarter's dashboards (both audiences, every language), e.g. after an import of
    that quarter's services."""
    cache.delete_many(
        [
            dashboard_cache_key(centre, year, quarter, public, language)
            for public in (True, False)
            for language, _name in settings.LANGUAGES
        ]
    )


def dashboard_cache_forget(*, centre: Centre, days: Iterable[dt.date]) -> None:
    """Once the transaction commits, forget every dashboard that shows a figure of these days:
    the days' quarters, the quarters after them (their «previous quarter» column) and the same
    quarters a year later (their «a year earlier» column)."""
    quarters: set[tuple[int, int]] = set()
    for year, quarter in {quarter_of(day) for day in days}:
        following = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        quarters |= {(year, quarter), following, (year + 1, quarter)}

    def clear() -> None:
        for year, quarter in sorted(quarters):
            dashboard_cache_clear(centre=centre, year=year, quarter=quarter)

    transaction.on_commit(clear)
