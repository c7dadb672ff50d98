"""`manage.py worker_health`: exit 1 and say why when the background worker is not working.

Two signs, both read from django-tasks' database queue: no task finished in the last
--idle-minutes (default 10), or a task ready to run has waited more than --wait-minutes
(default 5). Each run also queues a no-op heartbeat task, so a live worker always has finished
something lately. Run it from a timer every 5 minutes and alert on a non-zero exit
(docs/operations.md). With RQ (`VIDHUK_TASKS=rq`) it points to `rqstats`; run in-process,
there is no worker to watch.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from vidhuk.core.tasks import worker_heartbeat


class Command(BaseCommand):
    help = "Exit non-zero, saying why, when no task ran lately or tasks wait too long."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--idle-minutes", type=int, default=10)
        parser.add_argument("--wait-minutes", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            if type(backend).__module__.startswith("django_tasks_rq"):
                self.stdout.write(
                    "Tasks are on RQ: watch its workers with `manage.py rqstats` "
                    "(docs/operations.md, «Scaling out»)."
                )
            else:
                self.stdout.write("Tasks run in-process: no worker to watch.")
            return
        now = timezone.now()
        problems = []
        last = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        idle = dt.timedelta(minutes=options["idle_minutes"])
        if last is None or last < now - idle:
            since = f"since {timezone.localtime(last):%Y-%m-%d %H:%M}" if last else "ever"
            problems.append(f"no task has finished in {options['idle_minutes']} min ({since})")
        cutoff = now - dt.timedelta(minutes=options["wait_minutes"])
        waiting = (
            DBTaskResult.objects.ready()
            .filter(Q(run_after__lt=cutoff) | Q(run_after=get_date_max(), enqueued_at__lt=cutoff))
            .count()
        )
        if waiting:
            problems.append(f"{waiting} task(s) ready for more than {options['wait_minutes']} min")
        worker_heartbeat.enqueue()
        if problems:
            raise CommandError("Worker unhealthy: " + "; ".join(problems))
        self.stdout.write("Worker healthy.")
