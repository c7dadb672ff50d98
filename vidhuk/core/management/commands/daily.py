"""Run every app's daily jobs (`vidhuk.core.dailyjobs`), in their order, logging each.

Run once a day from cron or a systemd timer (docs/operations.md). Every job is idempotent, so a
second run on the same day is harmless. A job that fails is logged and the others still run;
the command then exits with an error, so the timer's monitoring notices.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vidhuk.core.dailyjobs import daily_job_get, daily_job_run, daily_jobs

logger = logging.getLogger("vidhuk.daily")


class Command(BaseCommand):
    help = "Run every registered daily job once (each app's retention, reminders, closing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "VIDHUK_BASE_URL", ""),
            help="Scheme and host of the site, for the links in the mail the jobs send "
            "(e.g. https://cnap.hromada.gov.ua).",
        )
        parser.add_argument(
            "--only", action="append", default=[], metavar="JOB", help="Run only this job."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = daily_jobs()
        if options["only"]:
            unknown = [name for name in options["only"] if daily_job_get(name) is None]
            if unknown:
                raise CommandError(f"Unknown daily job(s): {', '.join(unknown)}")
            jobs = [job for job in jobs if job.name in options["only"]]
        today = timezone.localdate()
        failed = []
        for job in jobs:
            try:
                lines = daily_job_run(job, today=today, base_url=options["base_url"])
            except Exception:
                logger.exception("daily job %s failed", job.name)
                self.stderr.write(f"{job.name}: FAILED (see the log)")
                failed.append(job.name)
                continue
            for line in lines:
                logger.info("daily job %s: %s", job.name, line)
                self.stdout.write(f"[{job.name}] {line}")
        if failed:
            raise CommandError(f"Daily job(s) failed: {', '.join(failed)}")
