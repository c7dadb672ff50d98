"""A case's registration number, given in the last statement before COMMIT (issue 15, part 4).

The centre's counter row of the year is the lock every registration of the centre waits on, so it
is taken as late as possible: one statement increments the counter (INSERT ... ON CONFLICT DO
UPDATE ... RETURNING: the year's first registration creates the row) and, in the same statement,
inserts the case numbered with it, its "registered" event and its audit record — the three rows
that carry the number. The lock is then held for that statement's remainder and the COMMIT only.

Numbers stay without gaps: a refusal fails before this statement, and a failure in it (a repeated
submission key meeting the first one's row) rolls the increment back with everything else.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django_tasks.base import Task

from vidhuk.core.models import AuditEvent
from vidhuk.core.sqlinsert import insert_sql, with_statement
from vidhuk.core.taskrows import task_row

from ..models import Appeal, AppealEvent, RegistrationCounter
from ._common import registration_index

# Stands for the registration index inside texts written before the number is known.
INDEX_MARK = "\ufffcindex\ufffc"
_COUNTER_SQL = """
    INSERT INTO {table} AS counter (centre_id, year, last_number) VALUES (%s, %s, 1)
    ON CONFLICT (centre_id, year) DO UPDATE SET last_number = counter.last_number + 1
    RETURNING last_number
"""
# The registration index, made once: «prefix-number/year».
_INDEX_SQL = "SELECT %s || last_number || %s AS text FROM counter_next"
_NUMBER = RawSQL("(SELECT last_number FROM counter_next)", ())
_INDEX = RawSQL("(SELECT text FROM index_new)", ())
# A text with INDEX_MARK (written in, a constant) where the index goes.
_WITH_INDEX_SQL = "replace(%s, '\ufffcindex\ufffc', (SELECT text FROM index_new))"
_APPEAL_ID = RawSQL("(SELECT id FROM appeal_new)", ())
_APPEAL_ID_TEXT = RawSQL("(SELECT id::text FROM appeal_new)", ())


def register_numbered(
    *,
    appeal: Appeal,
    prefix: str,
    event: AppealEvent,
    audit: AuditEvent,
    then: Task[Any, Any] | None = None,
    then_args: tuple[Any, ...] = (),
) -> bool:
    """Number and insert `appeal` with `event` and `audit` (unsaved; their texts may hold
    `INDEX_MARK` where the index goes) in one statement. The instances are updated with their
    keys, the number and the index. A repeated submission key raises IntegrityError.

    `then`, a task called with the case's key and `then_args`, is queued in the same statement
    when its queue is this database's (`core.taskrows`): True then; False leaves it to the
    caller, to queue after COMMIT."""
    year = appeal.registration_year
    event_text, audit_repr = event.public_text, audit.object_repr
    appeal.registration_number = _NUMBER  # type: ignore[assignment]
    appeal.registration_index = _INDEX  # type: ignore[assignment]
    event.appeal_id = _APPEAL_ID
    event.public_text = _with_index(event.public_text)  # type: ignore[assignment]
    audit.object_id = _APPEAL_ID_TEXT  # type: ignore[assignment]
    audit.object_repr = _with_index(audit.object_repr)  # type: ignore[assignment]
    connection = connections[router.db_for_write(Appeal)]
    counter_sql = _COUNTER_SQL.format(table=_table(RegistrationCounter))
    if connection.vendor != "postgresql":
        # A data-modifying WITH is PostgreSQL's; the embedded SQLite writes them one by one in
        # a transaction (it has one writer at a time, so the counter's lock is the database's).
        event.public_text, audit.object_repr = event_text, audit_repr
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(counter_sql, [appeal.centre_id, year])
            (number,) = cursor.fetchone()
            _save_apart(appeal, event, audit, prefix=prefix, number=number)
        return False
    queued = task_row(then, args=(_APPEAL_ID, *then_args), using=connection.alias) if then else None
    parts: list[tuple[str, str, list[Any]]] = [
        ("counter_next", counter_sql, [appeal.centre_id, year]),
        ("index_new", _INDEX_SQL, [f"{prefix}-", f"/{year}"]),
        ("appeal_new", *insert_sql(appeal, connection, returning=True)),
        ("event_new", *insert_sql(event, connection, returning=True)),
        ("audit_new", *insert_sql(audit, connection, returning=True)),
    ]
    if queued is not None:
        parts.append(("task_new", *insert_sql(queued, connection)))
    sql, params = with_statement(
        parts,
        "SELECT (SELECT id FROM appeal_new), (SELECT last_number FROM counter_next),"
        " (SELECT id FROM event_new), (SELECT id FROM audit_new)",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        appeal_id, number, event.pk, audit.pk = cursor.fetchone()
    index = registration_index(prefix=prefix, number=number, year=year)
    appeal.pk, appeal.registration_number, appeal.registration_index = appeal_id, number, index
    event.appeal = appeal
    event.public_text = event_text.replace(INDEX_MARK, index)
    audit.object_id = str(appeal_id)
    audit.object_repr = audit_repr.replace(INDEX_MARK, index)
    for written in (appeal, event, audit):
        written._state.adding, written._state.db = False, connection.alias
    return queued is not None


def _save_apart(
    appeal: Appeal, event: AppealEvent, audit: AuditEvent, *, prefix: str, number: int
) -> None:
    index = registration_index(prefix=prefix, number=number, year=appeal.registration_year)
    appeal.registration_number, appeal.registration_index = number, index
    appeal.save(force_insert=True)
    event.appeal = appeal
    event.public_text = event.public_text.replace(INDEX_MARK, index)
    event.save(force_insert=True)
    audit.object_id = str(appeal.pk)
    audit.object_repr = audit.object_repr.replace(INDEX_MARK, index)
    audit.save(force_insert=True)


def appeal_id_reserve() -> int:
    """A key for a case not yet written (its files are stored before it is numbered)."""
    connection = connections[router.db_for_write(Appeal)]
    if connection.vendor != "postgresql":
        return _sqlite_id_reserve(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s))", [Appeal._meta.db_table, "id"]
        )
        (reserved,) = cursor.fetchone()
    return int(reserved)


def _sqlite_id_reserve(connection: Any) -> int:
    """SQLite's AUTOINCREMENT keeps the last key in `sqlite_sequence`; moving it on reserves the
    next one (inside the registration's transaction, SQLite's single writer)."""
    table = Appeal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = %s RETURNING seq", [table]
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_table(Appeal)}")  # noqa: S608
            (reserved,) = cursor.fetchone()
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, reserved]
            )
            return int(reserved)
    return int(row[0])


def _with_index(text: str) -> RawSQL:
    return RawSQL(_WITH_INDEX_SQL, (text,))  # noqa: S611 — constant SQL, the text a parameter


def _table(model: type[Model]) -> str:
    return connections[router.db_for_write(model)].ops.quote_name(model._meta.db_table)
