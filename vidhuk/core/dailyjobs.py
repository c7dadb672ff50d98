"""Registry of the jobs run once a day, and the one command that runs them (`manage.py daily`).

Each app registers its daily jobs from its `extensions.py`; cron or a systemd timer runs
`manage.py daily` once, so a new app adds a job without a new cron line. Every job must be
idempotent (a second run on the same day changes nothing) and returns one line saying what it
did, which the command logs. A job registered with ``per_centre=True`` runs once for each centre.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.management.base import BaseCommand

    from .models import Centre


@dataclass(frozen=True)
class DailyRun:
    today: dt.date
    base_url: str = ""  # scheme and host of the site, for links in the mail a job sends
    centre: Centre | None = None  # set for a job registered per centre


@dataclass(frozen=True)
class DailyJob:
    name: str
    func: Callable[[DailyRun], str]
    order: int = 100
    per_centre: bool = False


_registry: dict[str, DailyJob] = {}


def register_daily_job(
    name: str, func: Callable[[DailyRun], str], order: int = 100, *, per_centre: bool = False
) -> None:
    _registry[name] = DailyJob(name=name, func=func, order=order, per_centre=per_centre)


def unregister_daily_job(name: str) -> None:
    _registry.pop(name, None)


def daily_jobs() -> list[DailyJob]:
    return sorted(_registry.values(), key=lambda j: (j.order, j.name))


def daily_job_get(name: str) -> DailyJob | None:
    return _registry.get(name)


def daily_job_run(job: DailyJob, *, today: dt.date, base_url: str = "") -> list[str]:
    """Run one job (once, or once per centre) and return its report lines."""
    if not job.per_centre:
        return [job.func(DailyRun(today=today, base_url=base_url))]
    from .models import Centre

    return [
        f"{centre.slug}: {job.func(DailyRun(today=today, base_url=base_url, centre=centre))}"
        for centre in Centre.objects.order_by("slug")
    ]


def daily_alias_handle(command: BaseCommand, name: str, *, base_url: str = "") -> None:
    """The body of an app's old `<app>_daily` command, kept as an alias of one registered job so
    existing cron lines keep working; it writes the job's lines as they always were."""
    from django.utils import timezone

    job = _registry[name]
    for line in daily_job_run(job, today=timezone.localdate(), base_url=base_url):
        command.stdout.write(line)
