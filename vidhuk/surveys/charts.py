"""Charts of survey results as SVG drawn on the server: no JavaScript, no external files.

Each chart is an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``)
and is always shown beside a data table with the same figures, which is the text alternative
(WCAG 1.1.1). Colours meet WCAG 1.4.11 against white: bars #1d4f91 (8.1:1), negative bars
#8a1c1c (8.9:1), text #0b0c0c and axis #484949 (9.0:1). Only presentation attributes are used —
no ``style`` attribute, so the strict CSP holds, and WeasyPrint draws the same markup in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import QuestionResult, ResultRow, ResultsReport

WIDTH = 640
BAR = "#1d4f91"
NEGATIVE = "#8a1c1c"
TEXT = "#0b0c0c"
AXIS = "#484949"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (nothing to draw)
    shown: str  # the figure written at the end of the bar, e.g. "12 (40 %)"


def _open(chart_id: str, title: str, description: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vd-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: list[Bar], maximum: float | None = None
) -> SafeString:
    """Horizontal bars, each with its label above it and its figure after it."""
    row = 46
    height = max(row * len(bars) + 8, 40)
    top = max([maximum or 0, *(b.value or 0 for b in bars)]) or 1
    room = WIDTH - 150  # the longest bar leaves room for its figure
    parts = [_open(chart_id, title, description, height)]
    for index, bar in enumerate(bars):
        y = index * row + 4
        length = 0.0 if not bar.value else max(room * bar.value / top, 2.0)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="14" fill="{TEXT}">{escape(bar.label)}</text>'
            f'<rect x="0" y="{y + 20}" width="{length:.1f}" height="18" fill="{BAR}"/>'
            f'<text x="{length + 6:.1f}" y="{y + 34}" font-size="14" fill="{TEXT}" '
            f'font-weight="bold">{escape(bar.shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    columns: list[Bar],
    low: float,
    high: float,
    unit: str = "",
) -> SafeString:
    """Vertical columns over a scale from ``low`` to ``high`` (a zero line when low < 0), e.g.
    the loyalty index (−100…+100) or a share (0…100 %) by month."""
    left, top, plot_height, bottom = 48, 12, 220, 56
    height = top + plot_height + bottom
    plot_width = WIDTH - left - 8
    count = max(len(columns), 1)
    step = plot_width / count

    def y_of(value: float) -> float:
        return top + plot_height * (high - value) / (high - low)

    parts = [_open(chart_id, title, description, height)]
    for tick in _ticks(low, high):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{AXIS}" stroke-width="{1.5 if tick == 0 else 0.5}"/>'
            f'<text x="{left - 6}" y="{y + 5:.1f}" font-size="13" fill="{TEXT}" '
            f'text-anchor="end">{tick:g}{escape(unit)}</text>'
        )
    label_every = max(1, -(-count // 12))
    zero = y_of(max(low, 0))
    for index, column in enumerate(columns):
        x = left + index * step
        if column.value is not None:
            y = y_of(column.value)
            y1, y2 = min(y, zero), max(y, zero)
            colour = NEGATIVE if column.value < 0 else BAR
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{y1:.1f}" width="{step * 0.7:.1f}" '
                f'height="{max(y2 - y1, 1):.1f}" fill="{colour}"/>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_height + 20}" font-size="13" '
                f'fill="{TEXT}" text-anchor="middle">{escape(column.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _ticks(low: float, high: float) -> list[float]:
    step = (high - low) / 4
    return [low + step * i for i in range(5)]


# --- the figures of a results report, laid out for a page ---------------------------------------


@dataclass(frozen=True)
class QuestionFigure:
    code: str
    text: str
    respondents: int
    mean: float | None
    rows: list[tuple[str, int | None, float | None]]  # label, count, per cent (None: hidden)
    chart: SafeString
    hidden: bool = False  # answered by fewer than 5 (public pages)


@dataclass(frozen=True)
class ReportFigures:
    trend_share: SafeString | None
    trend_index: SafeString | None
    by_office: SafeString | None
    by_channel: SafeString | None
    questions: list[QuestionFigure]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _figure(value: float | None, unit: str = " %") -> str:
    if value is None:
        return "—"
    sign = "+" if unit == "" and value > 0 else ""
    return f"{sign}{number_format(value, decimal_pos=1)}{unit}"


def _hidden() -> str:
    return _("приховано")


def _row_share(row: ResultRow) -> tuple[float | None, str]:
    return (None, _hidden()) if row.hidden else (row.share, _figure(row.share))


def _row_index(row: ResultRow) -> tuple[float | None, str]:
    return (None, _hidden()) if row.hidden else (row.index, _figure(row.index, ""))


def report_figures(report: ResultsReport, *, prefix: str = "chart") -> ReportFigures:
    """Charts (and the rows of their tables) of a results report; ``prefix`` keeps the ids of
    the SVG titles unique on the page."""
    months = report.by_month
    trend_share = trend_index = by_office = by_channel = None
    if months and report.satisfaction_question:
        trend_share = column_chart(
            chart_id=f"{prefix}-trend-share",
            title=_("Частка задоволених за місяцями, %"),
            description=", ".join(f"{m.label}: {_row_share(m)[1]}" for m in months),
            columns=[Bar(m.label, *_row_share(m)) for m in months],
            low=0,
            high=100,
        )
    if months and report.has_loyalty:
        trend_index = column_chart(
            chart_id=f"{prefix}-trend-index",
            title=_("Індекс лояльності за місяцями (від −100 до +100)"),
            description=", ".join(f"{m.label}: {_row_index(m)[1]}" for m in months),
            columns=[Bar(m.label, *_row_index(m)) for m in months],
            low=-100,
            high=100,
        )
    if report.by_office and report.satisfaction_question:
        by_office = _share_bars(
            f"{prefix}-office", _("Частка задоволених за офісами, %"), report.by_office
        )
    if report.by_channel and report.satisfaction_question:
        by_channel = _share_bars(
            f"{prefix}-channel", _("Частка задоволених за каналами, %"), report.by_channel
        )
    return ReportFigures(
        trend_share=trend_share,
        trend_index=trend_index,
        by_office=by_office,
        by_channel=by_channel,
        questions=[
            _question_figure(question, f"{prefix}-q{index}")
            for index, question in enumerate(report.questions)
        ],
    )


def _share_bars(chart_id: str, title: str, rows: list[ResultRow]) -> SafeString:
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=", ".join(f"{row.label}: {_row_share(row)[1]}" for row in rows),
        bars=[Bar(row.label, *_row_share(row)) for row in rows],
        maximum=100,
    )


def _question_figure(question: QuestionResult, chart_id: str) -> QuestionFigure:
    rows: list[tuple[str, int | None, float | None]] = [
        (bucket.label, None, None)
        if bucket.hidden
        else (bucket.label, bucket.count, _percent(bucket.count, question.respondents))
        for bucket in question.buckets
    ]

    def shown(count: int | None, share: float | None) -> str:
        if count is None:
            return _hidden()
        return f"{count} ({_figure(share)})" if share is not None else str(count)

    lead = (
        _("Відповіли менше 5 осіб: ")
        if question.hidden
        else _("Відповіли %(count)s: ") % {"count": question.respondents}
    )
    chart = bar_chart(
        chart_id=chart_id,
        title=question.text,
        description=lead
        + ", ".join(
            f"{label} — {_hidden() if count is None else count}" for label, count, _share in rows
        ),
        bars=[Bar(label, count, shown(count, share)) for label, count, share in rows],
    )
    return QuestionFigure(
        code=question.code,
        text=question.text,
        respondents=question.respondents,
        mean=question.mean,
        rows=rows,
        chart=chart,
        hidden=question.hidden,
    )
