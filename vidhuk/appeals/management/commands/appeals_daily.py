"""Queue the appeals' daily jobs: the executors' digest and the retention schedule.

Run once a day from cron or a systemd timer (docs/operations.md); both tasks are idempotent, so a
second run on the same day sends no second digest and anonymises nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vidhuk.appeals.tasks import appeals_anonymise_expired_task, appeals_send_daily_digest


class Command(BaseCommand):
    help = "Queue today's digest to executors and the anonymisation of expired cases."

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate().isoformat()
        digest = appeals_send_daily_digest.enqueue(day)
        retention = appeals_anonymise_expired_task.enqueue()
        self.stdout.write(f"digest {day}: {digest.id}; retention: {retention.id}")
