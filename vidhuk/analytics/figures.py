"""One metric over one period as a table anybody may read: the single door through which the
dashboard, the quarterly report, the gender passport and open data take figures (issue 14).

``figure_table`` runs the metric's query (core/metrics.py) split by ``by`` and once more for the
total, turns the dimensions' codes into labels, and — when ``public`` — applies the shared
small-cell rules of core/suppression.py (docs/decisions/0004; Мінсоцполітики order №359: no
published figure about fewer than 5 people):

- the whole table is withheld when the total is about 1–4 people;
- split by one dimension: every group of 1–4 people is hidden, then the smallest others until the
  hidden ones add up to at least 5 (``hidden_groups``), so the total gives nothing away;
- split by two or more: the rows form a cross table (the last dimension across), and
  ``hidden_cells`` hides along every row and column, zero cells of a non-empty line included
  (those come back as rows whose value is withheld).

"People" is a row's ``n`` when the metric gives one (means, medians, shares), else the count
itself. A withheld value is ``None`` — the real figure never leaves this module. Staff of the
centre (``public=False``) get every figure as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vidhuk.core.metrics import dimension_labels, dimension_title, get_metric, memo
from vidhuk.core.suppression import THRESHOLD, hidden_cells, hidden_groups

if TYPE_CHECKING:
    from vidhuk.core.models import Centre

Number = float | int


@dataclass(frozen=True)
class FigureRow:
    keys: dict[str, str]  # dimension -> stored code ("female", office id as text, ...)
    labels: dict[str, str]  # dimension -> label in the active language
    value: Number | None  # None = withheld; never the real number then
    n: int | None = None  # people behind a mean or share (None when withheld or not given)


@dataclass(frozen=True)
class FigureTable:
    key: str
    label: str
    unit: str
    start: dt.date
    end: dt.date
    by: tuple[str, ...]
    rows: list[FigureRow]
    total: Number | None
    withheld: bool  # the whole table is about 1–4 people (public only)
    total_n: int | None = None
    titles: dict[str, str] = field(default_factory=dict)  # dimension -> its title ("Офіс")

    @property
    def has_hidden(self) -> bool:
        return self.withheld or any(row.value is None for row in self.rows)


def _number(value: Any) -> Number | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int | float) else float(value)


def _code(value: Any) -> str:
    return "" if value is None else str(value)


def _weight(row: Mapping[str, Any], unit: str) -> int | None:
    """How many people a row is about, when that can be told."""
    if row.get("n") is not None:
        return int(row["n"])
    if unit == "count" and row.get("value") is not None:
        return int(row["value"])
    return None


def _small(weight: int | None) -> bool:
    return weight is not None and 0 < weight < THRESHOLD


def _cross_hidden(
    keys: list[tuple[str, ...]], weights: list[int]
) -> tuple[set[int], list[tuple[str, ...]]]:
    """Rows (by index) to hide in a breakdown by 2+ dimensions, and the absent (zero) cells that
    must read as hidden too."""
    lines = list(dict.fromkeys(key[:-1] for key in keys))
    columns = list(dict.fromkeys(key[-1] for key in keys))
    at = {key: index for index, key in enumerate(keys)}
    grid = [[0] * (len(columns) + 1) for _ in range(len(lines) + 1)]
    for key, weight in zip(keys, weights, strict=True):
        i, j = lines.index(key[:-1]), columns.index(key[-1])
        grid[i][j] += weight
        grid[i][-1] += weight
        grid[-1][j] += weight
        grid[-1][-1] += weight
    flags = hidden_cells(grid)
    hidden: set[int] = set()
    absent: list[tuple[str, ...]] = []
    for i, line in enumerate(lines):
        for j, column in enumerate(columns):
            if not flags[i][j]:
                continue
            key = (*line, column)
            if key in at:
                hidden.add(at[key])
            else:
                absent.append(key)
    return hidden, absent


def _hidden(keys: list[tuple[str, ...]], weights: list[int | None]) -> tuple[set[int], list]:
    counted = [weight or 0 for weight in weights]
    if not keys:
        return set(), []
    if len(keys[0]) == 1:
        return hidden_groups(counted), []
    return _cross_hidden(keys, counted)


def _labels(
    centre: Centre, key: str, by: Sequence[str], codes: Iterable[tuple[str, ...]]
) -> dict[str, dict[str, str]]:
    found = list(codes)
    return {
        name: dimension_labels(name, [code[i] for code in found], centre=centre, metric=key)
        for i, name in enumerate(by)
    }


def figure_table(
    *,
    centre: Centre,
    key: str,
    start: dt.date,
    end: dt.date,
    by: Sequence[str] = (),
    public: bool,
) -> FigureTable:
    """The metric ``key`` from ``start`` to ``end`` (inclusive) split by ``by``; suppressed when
    ``public`` (see the module's docstring)."""
    metric = get_metric(key)
    by = tuple(by)
    unknown = set(by) - set(metric.dimensions)
    if unknown:
        raise ValueError(f"metric {key} cannot be split by {sorted(unknown)}")
    raw = list(metric.query(centre, start, end, by)) if by else []
    # The total is asked again by every breakdown of the metric on a page: shared in a scope.
    totals = memo(
        ("analytics.figures.total", key, centre.pk, start, end),
        lambda: list(metric.query(centre, start, end, ())),
    )
    total_row: Mapping[str, Any] = (
        totals[0] if totals else {"value": 0 if metric.unit == "count" else None}
    )
    total, total_n = _number(total_row.get("value")), total_row.get("n")
    keys = [tuple(_code(row.get(name)) for name in by) for row in raw]
    values = [_number(row.get("value")) for row in raw]
    ns = [None if row.get("n") is None else int(row["n"]) for row in raw]
    weights = [_weight(row, metric.unit) for row in raw]
    withheld = public and _small(_weight(total_row, metric.unit))
    hidden: set[int] = set()
    absent: list[tuple[str, ...]] = []
    if withheld:
        hidden = set(range(len(raw)))
        total = total_n = None
    elif public:
        hidden, absent = _hidden(keys, weights)
    labels = _labels(centre, key, by, [*keys, *absent])
    rows = [
        FigureRow(
            keys=dict(zip(by, codes, strict=True)),
            labels={name: labels[name][code] for name, code in zip(by, codes, strict=True)},
            value=None if index in hidden else values[index],
            n=None if index in hidden else ns[index],
        )
        for index, codes in enumerate(keys)
    ]
    rows += [
        FigureRow(
            keys=dict(zip(by, codes, strict=True)),
            labels={name: labels[name][code] for name, code in zip(by, codes, strict=True)},
            value=None,
        )
        for codes in absent
    ]
    return FigureTable(
        key=key,
        label=str(metric.label),
        unit=metric.unit,
        start=start,
        end=end,
        by=by,
        rows=rows,
        total=total,
        withheld=withheld,
        total_n=None if total_n is None else int(total_n),
        titles={name: dimension_title(name) for name in by},
    )
