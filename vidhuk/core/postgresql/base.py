"""Django's PostgreSQL backend, its persistent connections' health checked only after a pause.

With CONN_HEALTH_CHECKS (production), Django asks a reused connection ``SELECT 1`` before the
first statement of every request: one more round trip to the server on every request that
reads anything, most of them served a few milliseconds after the same connection last
answered. Here a connection that created a cursor less than `TRUSTED_SECONDS` ago, has seen no
error since (Django's ``errors_occurred``) and is not known to psycopg as closed or broken is
taken as healthy; after a pause it is asked, as Django does. A server restarted within that
second fails the request that finds out, and Django closes the connection after it — as any
request in flight at the restart fails anyway.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

TRUSTED_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = float("-inf")

    def close_if_health_check_failed(self) -> None:
        checking = getattr(self, "health_check_enabled", False)
        if self._answered_lately() and checking and not getattr(self, "health_check_done", True):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _answered_lately(self) -> bool:
        connection = self.connection
        return (
            connection is not None
            and not (connection.closed or connection.broken)
            and not self.errors_occurred
            and time.monotonic() - self._used_at < TRUSTED_SECONDS
        )

    def _cursor(self, name: Any = None) -> Any:
        cursor = super()._cursor(name)  # type: ignore[misc]
        self._used_at = time.monotonic()
        return cursor

    def close(self) -> None:
        super().close()
        self._used_at = float("-inf")
