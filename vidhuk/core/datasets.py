"""Registry of the open datasets the open-data app will publish. Empty until that app arrives;
each app will register its own from its `extensions.py`.

A dataset has a key, a title, its columns with Table Schema types (https://specs.frictionlessdata.io
/table-schema/), a row iterator ``rows(centre)`` yielding one tuple per row in column order
(streamed, never personal data) and its passport fields (Resolution of the Cabinet of Ministers
No. 835: update frequency and the like).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre

COLUMN_TYPES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "year"})


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


_registry: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    unknown = {c.type for c in dataset.columns} - COLUMN_TYPES
    if unknown:
        raise ValueError(f"dataset {dataset.key}: unknown column type(s) {sorted(unknown)}")
    _registry[dataset.key] = dataset


def unregister_dataset(key: str) -> None:
    _registry.pop(key, None)


def datasets() -> list[Dataset]:
    return sorted(_registry.values(), key=lambda d: d.key)
