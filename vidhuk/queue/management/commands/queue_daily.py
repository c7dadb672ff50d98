"""Close the queue's past days: tickets still waiting or called when their day ended become
«не обслуговано до закриття» (`tickets_close_day`).

Run once a day from cron or a systemd timer after midnight (docs/operations.md). It is
idempotent and never touches today's tickets, so a second run, or a run at any hour, is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vidhuk.queue.services import tickets_close_day


class Command(BaseCommand):
    help = "Mark the tickets of past days still waiting or called as unserved at closing."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        closed = tickets_close_day(day=today)
        self.stdout.write(f"queue: {closed} ticket(s) of days before {today} closed as unserved")
