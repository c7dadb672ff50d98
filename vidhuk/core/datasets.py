"""Registry of the open datasets the open-data app publishes (vidhuk/opendata); each app
registers its own from its `extensions.py`.

A dataset has a key, a title, its columns with Table Schema types (https://specs.frictionlessdata.io
/table-schema/), a row iterator ``rows(centre)`` yielding one tuple per row in column order
(streamed, aggregates only, never a row about a person) and what its passport needs (Resolution of
the Cabinet of Ministers No. 835): a description, keywords, the update frequency (one of
``UPDATE_FREQUENCIES``) and the purpose of collecting it. ``passport`` may still carry
``description`` and ``update_frequency`` (the first datasets did); the fields win when set.

Periods: a dataset with both a ``year`` and a ``quarter`` column is published one resource per
quarter (a changed quarter changes one file); any other dataset is a snapshot ("as of the
release"). Columns named ``count`` or ending in ``_count`` count people or their cases: each is
empty (withheld) or at least 5 — the privacy test holds every dataset to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any

from .suppression import hidden_groups

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre

COLUMN_TYPES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "year"})
# КМУ №835's periodicity of updates, as data.gov.ua offers it.
UPDATE_FREQUENCIES = frozenset(
    {"daily", "weekly", "monthly", "quarterly", "half-yearly", "yearly", "on-change"}
)
PERIOD_COLUMNS = ("year", "quarter")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: Promise | str = ""


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[[Centre], Iterable[Sequence[Any]]]
    passport: Mapping[str, str] = field(default_factory=dict)
    description: Promise | str = ""
    keywords: tuple[Promise | str, ...] = ()
    update_frequency: str = ""
    purpose: Promise | str = ""

    @property
    def is_quarterly(self) -> bool:
        """Whether its rows carry their quarter (published one resource per quarter)."""
        names = {column.name for column in self.columns}
        return all(name in names for name in PERIOD_COLUMNS)

    @property
    def frequency(self) -> str:
        return self.update_frequency or self.passport.get("update_frequency", "") or "quarterly"

    @property
    def about(self) -> Promise | str:
        return self.description or self.passport.get("description", "")

    def column_index(self, name: str) -> int:
        return [column.name for column in self.columns].index(name)


def is_count_column(column: Column) -> bool:
    return column.name == "count" or column.name.endswith("_count")


_registry: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    unknown = {c.type for c in dataset.columns} - COLUMN_TYPES
    if unknown:
        raise ValueError(f"dataset {dataset.key}: unknown column type(s) {sorted(unknown)}")
    if dataset.frequency not in UPDATE_FREQUENCIES:
        raise ValueError(f"dataset {dataset.key}: unknown update frequency {dataset.frequency}")
    _registry[dataset.key] = dataset


def unregister_dataset(key: str) -> None:
    _registry.pop(key, None)


def datasets() -> list[Dataset]:
    return sorted(_registry.values(), key=lambda d: d.key)


def dataset_get(key: str) -> Dataset | None:
    return _registry.get(key)


def open_quarter_start(today: dt.date) -> dt.date:
    """The first day of the quarter ``today`` is in: quarterly datasets publish only the quarters
    before it (the current one is still growing)."""
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def suppress_by_quarter(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """Rows ``(year, quarter, …, count)`` ordered by quarter, as they may be published: within
    each quarter every count of 1 to 4 becomes ``None``, then the smallest others until the
    withheld add up to at least 5 (`suppression.hidden_groups`), so the quarter's total gives no
    small group away."""
    for _quarter, group in groupby(rows, key=lambda row: (row[0], row[1])):
        quarter_rows = list(group)
        hidden = hidden_groups([int(row[-1]) for row in quarter_rows])
        for index, row in enumerate(quarter_rows):
            yield (*row[:-1], None if index in hidden else row[-1])
