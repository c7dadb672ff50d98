"""Charts of survey results: the bars are core's (core/charts.py, shared with analytics); this
module lays a results report out as charts and the rows of their tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vidhuk.core.charts import FONT_SIZE, WIDTH, Bar, Chart, bar_chart

from .results.types import QuestionResult, ResultRow, ResultsReport

__all__ = ["FONT_SIZE", "WIDTH", "Bar", "Chart", "bar_chart", "report_figures"]


# --- the figures of a results report, laid out for a page ---------------------------------------


@dataclass(frozen=True)
class QuestionFigure:
    code: str
    text: str
    lang: str  # "uk" when the text is Ukrainian on an English page, else ""
    respondents: int
    mean: float | None
    rows: list[tuple[str, int | None, float | None]]  # label, count, per cent (None: hidden)
    chart: Chart
    hidden: bool = False  # answered by fewer than 5 (public pages)


@dataclass(frozen=True)
class ReportFigures:
    trend_share: Chart | None
    trend_index: Chart | None
    by_office: Chart | None
    by_channel: Chart | None
    by_service: Chart | None
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
    trend_share = trend_index = by_office = by_channel = by_service = None
    if months and report.satisfaction_question:
        trend_share = _share_bars(
            f"{prefix}-trend-share", _("Частка задоволених за місяцями, %"), months
        )
    if months and report.has_loyalty:
        trend_index = bar_chart(
            chart_id=f"{prefix}-trend-index",
            title=_("Індекс лояльності за місяцями (від −100 до +100)"),
            description=", ".join(f"{m.label}: {_row_index(m)[1]}" for m in months),
            bars=[Bar(m.label, *_row_index(m)) for m in months],
            maximum=100,
            minimum=-100,
        )
    if report.satisfaction_question:
        if report.by_office:
            by_office = _share_bars(
                f"{prefix}-office", _("Частка задоволених за офісами, %"), report.by_office
            )
        if report.by_channel:
            by_channel = _share_bars(
                f"{prefix}-channel", _("Частка задоволених за каналами, %"), report.by_channel
            )
        if report.by_service:
            by_service = _share_bars(
                f"{prefix}-service", _("Частка задоволених за послугами, %"), report.by_service
            )
    return ReportFigures(
        trend_share=trend_share,
        trend_index=trend_index,
        by_office=by_office,
        by_channel=by_channel,
        by_service=by_service,
        questions=[
            _question_figure(question, f"{prefix}-q{index}")
            for index, question in enumerate(report.questions)
        ],
    )


def _share_bars(chart_id: str, title: str, rows: list[ResultRow]) -> Chart:
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
        title=_("Відповіді на питання «%(question)s»") % {"question": question.text},
        description=lead
        + ", ".join(
            f"{label} — {_hidden() if count is None else count}" for label, count, _share in rows
        ),
        bars=[Bar(label, count, shown(count, share)) for label, count, share in rows],
    )
    return QuestionFigure(
        code=question.code,
        text=question.text,
        lang=question.lang,
        respondents=question.respondents,
        mean=question.mean,
        rows=rows,
        chart=chart,
        hidden=question.hidden,
    )
