"""Daily care of surveys' visit codes (`spent_visit_codes_tidy`): forget the codes answered
with once they could no longer be valid anyway, and rewrite the rest so that no row written with
an answer stays in the database with that answer's transaction id.

Run once a day from cron or a systemd timer (docs/operations.md). Idempotent: a second run, or
a run at any hour, is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vidhuk.surveys.services.responses import spent_visit_codes_tidy


class Command(BaseCommand):
    help = "Forget visit codes answered with that could no longer be valid; rewrite the rest."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        deleted = spent_visit_codes_tidy(today=today)
        self.stdout.write(f"surveys: {deleted} spent visit code(s) forgotten")
