"""The INSERT Django would run for one unsaved instance, as SQL and parameters, for a service
that writes it inside a larger statement (a data-modifying WITH, an ON CONFLICT DO NOTHING that
must still say whether it inserted) — one round trip instead of several, no savepoint.

The fields' `pre_save` runs as in `save()` (auto_now dates are set on the instance); values may
be expressions without column references (`RawSQL` reading a WITH query, e.g.). Model signals are
not sent: use it only where no receiver is needed.
"""

from __future__ import annotations

from typing import Any

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
        if not (field.primary_key and getattr(obj, field.attname) is None)
    ]
    query = InsertQuery(type(obj), on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk] if returning else None
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)
