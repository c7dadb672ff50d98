"""`manage.py worker`: django-tasks' `db_worker` that survives its database going away.

The stock worker lets an OperationalError (PostgreSQL restarted, network lost) end the process,
and a worker that is not restarted never sends another mail. This one closes its connections,
waits (1, 2, 4 … 30 s) and goes on with the same loop, until it is told to stop. It takes the
same options as `db_worker`. Run it under systemd with Restart=always all the same
(docs/operations.md).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

LONGEST_PAUSE = 30.0


class ReconnectingWorker(db_worker.Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pause = 1.0

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return  # told to stop, or --batch / --max-tasks reached
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "Database unavailable (%s); reconnecting in %.0f s", error, self.pause
                )
                self.running_task = False
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                    connection.close()
                time.sleep(self.pause)
                self.pause = min(self.pause * 2, LONGEST_PAUSE)

    def run_task(self, db_task_result: Any) -> None:
        self.pause = 1.0  # the database answered: the next outage starts from a short pause
        super().run_task(db_task_result)


class Command(db_worker.Command):
    help = "Run the database background worker; it reconnects when the database comes back."

    def handle(self, **options: Any) -> None:
        original = db_worker.Worker
        db_worker.Worker = ReconnectingWorker  # type: ignore[misc]
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
