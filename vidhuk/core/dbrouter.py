"""Reads of public pages and analytics from a PostgreSQL read replica (issue 15, part 7).

With `VIDHUK_REPLICA_DATABASE_URL` set, settings add the `replica` database, this router and
`ReplicaReadsMiddleware`. The rule is decided per request, not per model:

- an anonymous GET or HEAD (no session cookie, no messages cookie: the same visitors the page
  cache serves, vidhuk/core/pagecache.py) reads from the replica;
- everything else reads from the primary: staff and residents with a session (so whoever has
  just written sees what they wrote), every POST, commands and workers;
- once a request writes, or while a transaction is open on the primary, its reads go to the
  primary too: what a request reads to decide a write is never a replica's older copy;
- `replica_reads()` marks other work that can live with a few seconds of lag (an analytics
  export, a dashboard computed off-line) explicitly.

A replica applies each commit a little after the primary. The page cache must not keep a page
read from a replica that has not yet applied the change that retired the previous page: the
centre's new version carries the primary's log position (`primary_position()`), and a page read
from a replica behind it is served but not stored (`replica_has_reached()`).

Writes always go to the primary, and migrations run there only (the replica copies them).
Without a `replica` database every read goes to the primary, whatever is marked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"

# "replica": this context may read from the replica; "primary": it has written (sticky).
_reads: ContextVar[str] = ContextVar("vidhuk_replica_reads", default="primary")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica (when there is one) until something writes."""
    token = _reads.set("replica")
    try:
        yield
    finally:
        _reads.reset(token)


def reads_from_replica() -> bool:
    """Would a read issued now go to the replica?"""
    return (
        _reads.get() == "replica"
        and REPLICA in connections.settings
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Django database router: see the module's docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        if _reads.get() == "replica":
            _reads.set("primary")  # the rest of this request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _replica_routed() -> bool:
    return REPLICA in connections.settings and any(
        str(each).endswith("dbrouter.ReplicaRouter") for each in settings.DATABASE_ROUTERS
    )


def primary_position() -> str:
    """Where the primary's write-ahead log is now ("" without a replica). A public page read from
    a replica that has not replayed this far shows what was before (vidhuk/core/pagecache.py)."""
    if not _replica_routed():
        return ""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # The insert position, not the write position: with synchronous_commit off the commit
        # record may be inserted but not yet written, and a replica at the write position
        # would not have the change.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def replica_has_reached(position: str) -> bool:
    """Has the replica applied the primary's log up to `position`? True without a position or a
    replica, and when the `replica` database is not in recovery (a test mirror)."""
    if not position or not _replica_routed():
        return True
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, NOT pg_is_in_recovery())",
            [position],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _public_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


class ReplicaReadsMiddleware:
    """Marks anonymous GETs of public pages to read from the replica (the outermost middleware:
    the mark covers the whole request and ends with it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _public_read(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
