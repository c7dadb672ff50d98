"""Several unrelated reads in one SQL statement: ``SELECT (count), ARRAY(rows), ...``.

A page that gathers what many apps contribute (the portal's home: a figure per tile, the
latest items of each block) would otherwise ask one query per contribution. Each contribution
names its reads as querysets — ``Count(qs)`` for a number, ``Rows(qs)`` for its rows — and
``read_together`` sends them all at once; ``Rows`` come back as model instances (or as dicts
for a ``.values()`` queryset), converted by the fields as Django would.

Each queryset is compiled by Django and placed as a subquery, so filters, ordering, slices and
annotations work as in a query of its own. Rows travel as JSON (``row_to_json``), so a
``Rows`` queryset may not use ``select_related`` (its columns would clash) — it is dropped.

``row_to_json`` and ``ARRAY(SELECT …)`` are PostgreSQL's; on another database (SQLite, the
embedded default of ``make run``) each read runs as a query of its own, with the same results.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Count:
    """How many rows the queryset has (``SELECT COUNT(*) FROM (…)``)."""

    queryset: QuerySet


@dataclass(frozen=True)
class Rows:
    """The queryset's rows, in its order: model instances, or dicts for ``.values()``."""

    queryset: QuerySet


Read = Count | Rows


def read_together(reads: Mapping[str, Read], *, using: str = "default") -> dict[str, Any]:
    """Every read's result by its name, from one statement (none when there is nothing to read)."""
    if connections[using].vendor != "postgresql":
        return {name: _read_alone(read, using) for name, read in reads.items()}
    parts: list[str] = []
    params: list[Any] = []
    names: list[str] = []
    found: dict[str, Any] = {}
    for name, read in reads.items():
        queryset = read.queryset
        if isinstance(read, Rows) and not _is_values(queryset):
            queryset = queryset.select_related(None)
        try:
            sql, sql_params = queryset.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:
            found[name] = 0 if isinstance(read, Count) else []
            continue
        # Django's own compiled SQL; every value travels in ``params``.
        if isinstance(read, Count):
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS _counted)")  # noqa: S608
        else:
            parts.append(f"ARRAY(SELECT row_to_json(_row)::text FROM ({sql}) AS _row)")  # noqa: S608
        params.extend(sql_params)
        names.append(name)
    if parts:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        for name, value in zip(names, row, strict=True):
            read = reads[name]
            found[name] = value if isinstance(read, Count) else _rows(read.queryset, value, using)
    return {name: found[name] for name in reads}


def _read_alone(read: Read, using: str) -> Any:
    queryset = read.queryset.using(using)
    if isinstance(read, Count):
        return queryset.count()
    return list(queryset if _is_values(queryset) else queryset.select_related(None))


def _rows(queryset: QuerySet, texts: list[str], using: str) -> list[Any]:
    rows = [json.loads(text) for text in texts]
    if not _is_values(queryset):
        return [_instance(queryset, row, using) for row in rows]
    converters = _converters(queryset)
    return [
        {
            name: converters[name](value) if name in converters else value
            for name, value in row.items()
        }
        for row in rows
    ]


def _is_values(queryset: QuerySet) -> bool:
    """A ``.values()`` queryset (its rows are dicts), not one of model instances."""
    return queryset.query.values_select != () or getattr(queryset, "_fields", None) is not None


def _converters(queryset: QuerySet) -> dict[str, Callable[[Any], Any]]:
    """How each column of a ``.values()`` row becomes a Python value: by its field (following
    ``__`` through relations) or its annotation's output field."""
    found: dict[str, Callable[[Any], Any]] = {}
    for name in queryset.query.values_select:
        model, field = queryset.model, None
        for part in name.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model or model
        if field is not None:
            found[name] = _to_python(field)
    for name, annotation in queryset.query.annotation_select.items():
        output = getattr(annotation, "output_field", None)
        if output is not None:
            found[name] = _to_python(output)
    return found


def _to_python(field: Any) -> Callable[[Any], Any]:
    target = field.target_field if field.is_relation and field.many_to_one else field
    return target.to_python


def _instance(queryset: QuerySet, row: dict[str, Any], using: str) -> Model:
    model = queryset.model
    fields = model._meta.concrete_fields
    values = [_to_python(field)(row.get(field.column)) for field in fields]
    instance = model.from_db(using, [field.attname for field in fields], values)
    for name, annotation in queryset.query.annotation_select.items():
        if name in row:
            output = getattr(annotation, "output_field", None)
            value = row[name]
            setattr(instance, name, _to_python(output)(value) if output is not None else value)
    return instance
