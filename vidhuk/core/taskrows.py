"""A background task queued by the very statement that writes what it is about (issue 15).

A service queues its follow-up work (a confirmation mail, say) with `transaction.on_commit`, so a
rollback queues nothing. That costs a second round trip after COMMIT — an ORM `create` of the
queue's row, compiled on every call — and leaves a window: a process that dies between COMMIT and
the enqueue has saved the case and lost its mail.

When the task's backend is django-tasks-db's queue on the same PostgreSQL database, `task_row`
gives the queue's row unsaved, for the service to write with `sqlinsert.insert_sql` inside its
own statement: both are saved or neither, in one round trip. Its arguments may be `RawSQL`
reading that statement's WITH queries (the key of the row just inserted), so a task can name a
row whose key is not known yet. Any other backend (RQ, the immediate one of the tests and
`make run`, another database) gives None: queue it after COMMIT as before.

The row is what `DatabaseBackend.enqueue` stores (same fields, same defaults, the task checked by
the backend's `validate_task`). What the library does besides storing it is not done: its
`task_enqueued` signal, whose only receiver there writes a debug log line, is not sent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django_tasks.base import Task
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max


def task_row(task: Task[Any, Any], *, args: Sequence[Any], using: str) -> Model | None:
    """The queue's unsaved row for `task` called with `args` (JSON values, or `RawSQL` of a
    typed value — a key read from the statement — turned into JSON by PostgreSQL's `to_jsonb`),
    when `task` is queued in the database `using` on PostgreSQL; else None."""
    backend = task.get_backend()
    # A backend given its own `id_function` makes the keys: its enqueue, after COMMIT, then.
    if not isinstance(backend, DatabaseBackend) or backend.options.get("id_function"):
        return None
    if router.db_for_write(DBTaskResult) != using or connections[using].vendor != "postgresql":
        return None
    backend.validate_task(task)
    return DBTaskResult(
        id=DBTaskResult._meta.pk.get_default(),
        args_kwargs=_args_kwargs(args),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        # What the library's pre_save receiver sets (insert_sql sends no model signals).
        run_after=task.run_after or get_date_max(),
        backend_name=backend.alias,
    )


def _args_kwargs(args: Sequence[Any]) -> Any:
    """{"args": [...], "kwargs": {}} as the library stores it; built by PostgreSQL when an
    argument is read from the statement itself."""
    if not any(isinstance(arg, RawSQL) for arg in args):
        return normalize_json({"args": list(args), "kwargs": {}})
    parts: list[str] = []
    params: list[Any] = []
    for arg in args:
        if isinstance(arg, RawSQL):
            parts.append(f"to_jsonb({arg.sql})")
            params.extend(arg.params)
        else:
            parts.append("%s::jsonb")
            params.append(json.dumps(normalize_json(arg)))
    array = ", ".join(parts)
    sql = f"jsonb_build_object('args', jsonb_build_array({array}), 'kwargs', '{{}}'::jsonb)"
    return RawSQL(sql, params)  # noqa: S611 — fixed SQL; every value a parameter
