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
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


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
    query = InsertQuery(type(obj), on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk] if returning else None
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


def insert_or_nothing(obj: Model) -> bool:
    """Insert ``obj``; True with its primary key set, or False (nothing saved) when a unique
    constraint holds another row."""
    using = router.db_for_write(type(obj), instance=obj)
    connection = connections[using]
    statement, params = insert_sql(obj, connection, returning=True, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, using
    return True
