"""One row by columns equal to values, its statement built once per shape.

A queryset is compiled to SQL on every evaluation: for a lookup by one or two columns that is
about 0.5 ms of CPU, five times what the database takes to answer it. On a path that runs it
on every request and must read it live (a kiosk's device, which staff may revoke at any time),
`first_where` builds the statement once per model, columns and database, and turns the row into
an instance as the ORM would: the same columns, the same converters (SQLite's datetimes, e.g.),
`Model.from_db`.

It knows only equality and IS NULL (a value of None). Anything more is a queryset's job.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


@lru_cache(maxsize=64)
def _shape(
    model: type[Model], names: tuple[str, ...], nulls: tuple[bool, ...], alias: str
) -> tuple[str, list[Field[Any, Any]], list[tuple[Any, list[Any]]]]:
    """(SQL, the fields compared with a parameter, each selected column with its converters)."""
    connection = connections[alias]
    meta, quote = model._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    fields = list(meta.concrete_fields)
    compared = [meta.get_field(name) for name in names]
    if any(field not in fields for field in compared):
        raise ValueError(f"first_where compares only {model.__name__}'s own columns: {names}")
    where = " AND ".join(
        f"{table}.{quote(field.column)} {'IS NULL' if null else '= %s'}"  # type: ignore[union-attr,arg-type]
        for field, null in zip(compared, nulls, strict=True)
    )
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in fields)
    order = f"{table}.{quote(meta.pk.column)}"  # type: ignore[union-attr,arg-type]
    # Names from the model's own fields, quoted; the values are parameters.
    sql = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order} LIMIT 1"  # noqa: S608
    converters = []
    for field in fields:
        col = field.get_col(meta.db_table)
        converters.append(
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        )
    params = [field for field, null in zip(compared, nulls, strict=True) if not null]
    return sql, params, converters  # type: ignore[return-value]


def first_where(model: type[M], *, using: str | None = None, **equal: Any) -> M | None:
    """The row of `model` (the first by primary key) whose columns equal `equal`'s values, None
    for IS NULL; a field is named by its name or its column's attribute (``office_id``) and
    compared with a plain value (an id, not an instance). None when no row matches."""
    if not equal:
        raise ValueError("first_where needs at least one column to compare")
    alias = using or router.db_for_read(model)
    connection = connections[alias]
    names = tuple(sorted(equal))
    sql, compared, converters = _shape(
        model, names, tuple(equal[name] is None for name in names), alias
    )
    values = [equal[name] for name in names if equal[name] is not None]
    params = [
        field.get_db_prep_value(value, connection, prepared=False)
        for field, value in zip(compared, values, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    converted = []
    for value, (col, functions) in zip(row, converters, strict=True):
        for function in functions:
            value = function(value, col, connection)
        converted.append(value)
    attnames = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(alias, attnames, converted)
