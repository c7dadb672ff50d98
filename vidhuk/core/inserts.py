"""An INSERT that a unique constraint may turn away, without a savepoint (issue 15, part 4).

Saving inside ``transaction.atomic()`` to catch ``IntegrityError`` costs three statements
(SAVEPOINT, INSERT, RELEASE) on every save, for a clash that almost never happens.
`insert_or_nothing` sends one: ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (SQLite:
``INSERT OR IGNORE … RETURNING id``). A row turned away by any unique constraint leaves the
transaction usable; the caller asks the database what clashed, on that rare path only.

The statement is compiled by Django (``InsertQuery``, as ``Model.save`` compiles its own), so
every field is converted and ``auto_now``/``auto_now_add`` are filled as a save would.
No ``pre_save``/``post_save`` signals are sent: use it only for models nothing listens to.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


def insert_or_nothing(obj: Model) -> bool:
    """Insert ``obj``; True with its primary key set, or False (nothing saved) when a unique
    constraint holds another row."""
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    fields = [f for f in meta.local_concrete_fields if f is not meta.pk and not f.generated]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk]
    ((statement, params),) = compiler.as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return True
