"""Charts as SVG drawn on the server: no JavaScript, no external files — survey results, the
analytics dashboard and the quarterly report draw with the same bars.

Each chart is an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``),
a visible title (the figure's caption, ``Chart.title``) and is always shown beside a data table
with the same figures, which is the text alternative (WCAG 1.1.1). Colours meet WCAG 1.4.11
against white: bars #1d4f91 (8.1:1), negative bars #8a1c1c (8.9:1), text #0b0c0c and axis
#484949 (9.0:1). Only presentation attributes are used — no ``style`` attribute, so the strict
CSP holds, and WeasyPrint draws the same markup in the PDF.

Readable on a phone: every chart is horizontal bars, each label above its bar and wrapped to
the chart's width, drawn in a narrow box (``WIDTH``) with large type (``FONT_SIZE``). The page
never scales a chart above its own size, so on a 320 px screen the text is still 12 px or more
and on a wide one it stays at its drawn size.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 340
FONT_SIZE = 16
LINE = 20  # the height of a line of a label
LABEL_CHARACTERS = 32  # a line of a label wraps after this many characters
FIGURE_ROOM = 132  # right of the longest bar: its figure, e.g. "1234 (45,6 %)"
BAR_HEIGHT = 18
GAP = 14
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


@dataclass(frozen=True)
class Chart:
    """A chart and the title shown above it."""

    title: str
    svg: SafeString

    def __str__(self) -> str:
        return self.svg


def _open(chart_id: str, title: str, description: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vd-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _lines(label: str) -> list[str]:
    return textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=True) or [""]


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    maximum: float | None = None,
    minimum: float = 0,
) -> Chart:
    """Horizontal bars, each with its label above it (wrapped) and its figure after it.

    With ``minimum`` below zero (the loyalty index, −100…+100) the bars start at a zero line
    drawn across the chart: negative ones go left of it in the second colour."""
    top = max([maximum or 0, *(b.value or 0 for b in bars)]) or 1
    room = WIDTH - FIGURE_ROOM
    zero = room * (-minimum) / (top - minimum) if minimum < 0 else 0.0
    scale = (room - zero) / top
    parts: list[str] = []
    y = 4
    for bar in bars:
        for line in _lines(bar.label):
            y += LINE
            parts.append(
                f'<text x="0" y="{y - 5}" font-size="{FONT_SIZE}" fill="{TEXT}">'
                f"{escape(line)}</text>"
            )
        bar_top = y + 2
        if bar.value is None:
            end = zero
        elif bar.value < 0:
            length = max(-bar.value * scale, 2.0)
            parts.append(
                f'<rect x="{zero - length:.1f}" y="{bar_top}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{NEGATIVE}"/>'
            )
            end = zero
        else:
            length = max(bar.value * scale, 2.0) if bar.value else 0.0
            parts.append(
                f'<rect x="{zero:.1f}" y="{bar_top}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{BAR}"/>'
            )
            end = zero + length
        parts.append(
            f'<text x="{end + 6:.1f}" y="{bar_top + BAR_HEIGHT - 3}" font-size="{FONT_SIZE}" '
            f'fill="{TEXT}" font-weight="bold">{escape(bar.shown)}</text>'
        )
        y = bar_top + BAR_HEIGHT + GAP
    height = max(y, 40)
    if minimum < 0:
        parts.append(
            f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="0" y2="{height}" '
            f'stroke="{AXIS}" stroke-width="1.5"/>'
        )
    svg = _open(chart_id, title, description, height) + "".join(parts) + "</svg>"
    return Chart(title=title, svg=mark_safe(svg))  # noqa: S308 — every text above is escaped
