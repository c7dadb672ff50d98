"""The INSERT Django would run for one unsaved instance, as SQL and parameters, for a service
that writes it inside a larger statement (a data-modifying WITH, an ON CONFLICT DO NOTHING that
must still say whether it inserted) — one round trip instead of several, no savepoint.

The fields' `pre_save` runs as in `save()` (auto_now dates are set on the instance); values may
be expressions without column references (`RawSQL` reading a WITH query, e.g.). Model signals are
not sent: use it only where no receiver is needed.

`insert_or_nothing` is the common case: an INSERT that a unique constraint may turn away, without
a savepoint. Saving inside ``transaction.atomic()`` to catch ``IntegrityError`` costs three
statements (SAVEPOINT, INSERT, RELEASE) on every save, for a clash that almost never happens; this
sends one, ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (SQLite: ``INSERT OR IGNORE …
RETURNING id``), and a row turned away leaves the transaction usable.

`atomic_unless_alone` is for a service whose write is one such statement: outside any
transaction (autocommit: a web request) the statement is atomic by itself and needs no BEGIN and
COMMIT; inside a caller's transaction it still gets its savepoint, so that a refused row (a
repeated key) does not abort the caller's transaction (docs/decisions/0011).

`constants_inlined` writes the parameters that are None, True, False or '' into the statement
as the literals psycopg would send for them. A row has many empty columns (an appeal's INSERT
with its event and audit entry: 93 parameters, most of them empty); psycopg parses a statement's
placeholders again on every execution when it has more than 50 parameters (its cache's limit),
which cost about a tenth of a web submission's CPU. With the empty ones inlined the statement has
fewer than 50, its text takes a few shapes, and both are parsed once.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery


def atomic_unless_alone(*, alone: bool = True, using: str | None = None) -> Any:
    """``transaction.atomic()``, or nothing when `alone` (the write is one statement) and no
    transaction is open on the connection."""
    if alone and not transaction.get_connection(using).in_atomic_block:
        return contextlib.nullcontext()
    return transaction.atomic(using=using)


def insert_sql(
    obj: Model, connection: Any, *, returning: bool = False, ignore_conflicts: bool = False
) -> tuple[str, list[Any]]:
    """`INSERT INTO ... VALUES (...)` for `obj` on `connection`; with `returning`, RETURNING its
    primary key; with `ignore_conflicts`, ON CONFLICT DO NOTHING (then no row comes back)."""
    meta = obj._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not (field.primary_key and getattr(obj, field.attname) is None) and not field.generated
    ]
    values = [field.pre_save(obj, True) for field in fields]
    raw = tuple(_raw_sql(value) for value in values)
    shape = (type(obj), tuple(f.attname for f in fields), raw, returning, ignore_conflicts)
    keeps = False not in raw and not any(hasattr(field, "get_placeholder") for field in fields)
    sql = _templates.get((*shape, connection.alias)) if keeps else None
    if sql is not None:  # the statement Django compiled for this shape, its parameters in order
        params: list[Any] = []
        for field, value in zip(fields, values, strict=True):
            if isinstance(value, RawSQL):
                params.extend(value.params)
            else:
                params.append(field.get_db_prep_save(value, connection))
        return sql, params
    query = InsertQuery(type(obj), on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk] if returning else None
    [(sql, compiled_params)] = compiler.as_sql()
    if keeps and len(_templates) < _TEMPLATES_KEPT:
        _templates[(*shape, connection.alias)] = sql
    return sql, list(compiled_params)


def _raw_sql(value: Any) -> str | None | bool:
    """None for a plain value (a %s), the SQL of a `RawSQL` (its text is the statement's, its
    parameters are in place), False for any other expression (compiled every time)."""
    if type(value) is RawSQL:
        return value.sql
    return False if hasattr(value, "resolve_expression") else None


# The INSERT Django compiled for a model, its columns and options, when every value was a plain
# value (each a %s then) or a `RawSQL` (its SQL in the key): compiling it again costs more than
# the rest of `insert_sql`.
_templates: dict[tuple[Any, ...], str] = {}
# Shapes are few (RawSQL texts are constants); a caller that varied its SQL would stop here.
_TEMPLATES_KEPT = 1000


def insert_select_sql(
    objs: Sequence[Model], connection: Any, *, source: str, from_source: dict[str, str]
) -> tuple[str, list[Any]]:
    """`INSERT INTO … SELECT … FROM source, (VALUES …)`: the rows of `objs` (unsaved, of one
    model, in this order) once for each row of `source` — a WITH query of the same statement,
    so nothing is inserted when it returned nothing. The fields named in `from_source`
    (attname → an expression over `source`, e.g. "id") take their value from it; the others are
    parameters as `save()` would send them, cast to their column's type (a VALUES list does
    not take the types of the columns it is inserted into)."""
    meta, quote = objs[0]._meta, connection.ops.quote_name
    fields = [
        field
        for field in meta.local_concrete_fields
        if not field.generated and not (field.primary_key and field.attname not in from_source)
    ]
    given = [field for field in fields if field.attname not in from_source]
    rows: list[str] = []
    params: list[Any] = []
    for position, obj in enumerate(objs):
        casts = ", ".join(f"%s::{field.db_type(connection)}" for field in given)
        rows.append(f"({position}, {casts})")
        params.extend(
            field.get_db_prep_save(field.pre_save(obj, True), connection) for field in given
        )
    names = {field.attname: f"v{index}" for index, field in enumerate(given)}
    values = [from_source.get(field.attname) or f"given.{names[field.attname]}" for field in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 — the model's names
        f"SELECT {', '.join(values)} FROM {source}, (VALUES {', '.join(rows)}) "
        f"AS given (position, {', '.join(names.values())}) ORDER BY given.position"
    )
    return sql, params


_PLACEHOLDER = re.compile(r"(%%|%s)")


def _literal(value: Any) -> str | None:
    """The SQL literal for a constant psycopg would send as one (None when it is not one)."""
    if value is None:
        return "NULL"
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if type(value) is str and not value:
        return "''"
    return None


@lru_cache(maxsize=256)
def _inlined(sql: str, literals: tuple[str | None, ...]) -> str | None:
    pieces = _PLACEHOLDER.split(sql)
    if sum(piece == "%s" for piece in pieces) != len(literals):
        return None
    position = iter(literals)
    return "".join((next(position) or piece) if piece == "%s" else piece for piece in pieces)


def constants_inlined(sql: str, params: list[Any]) -> tuple[str, list[Any]]:
    """`sql` with its None, True, False and '' parameters written in as literals, and the
    parameters left; unchanged when its placeholders cannot be counted."""
    literals = tuple(_literal(param) for param in params)
    inlined = _inlined(sql, literals) if any(literals) else None
    if inlined is None:
        return sql, params
    return inlined, [
        param for param, literal in zip(params, literals, strict=True) if literal is None
    ]


def with_statement(parts: list[tuple[str, str, list[Any]]], final: str) -> tuple[str, list[Any]]:
    """``WITH name AS (part), … final`` from (name, SQL, parameters) parts, with all their
    parameters in order and the empty ones written in (`constants_inlined`)."""
    statement = "WITH " + ", ".join(f"{name} AS ({part})" for name, part, _params in parts)
    params = [param for _name, _part, part_params in parts for param in part_params]
    return constants_inlined(f"{statement} {final}", params)


def mark_saved(obj: Model, pk: Any, using: str) -> None:
    """`obj` as `save()` leaves it: its primary key set, no longer adding, from `using`."""
    obj.pk = pk
    obj._state.adding, obj._state.db = False, using


def insert_or_nothing(obj: Model) -> bool:
    """Insert ``obj``; True with its primary key set, or False (nothing saved) when a unique
    constraint holds another row."""
    using = router.db_for_write(type(obj), instance=obj)
    connection = connections[using]
    statement, params = constants_inlined(
        *insert_sql(obj, connection, returning=True, ignore_conflicts=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    mark_saved(obj, row[0], using)
    return True
