"""Queue the sends of every mail whose retry is due (cron: every minute; docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vidhuk.core.mail import mail_retry_due


class Command(BaseCommand):
    help = "Queue every mail whose retry is due, and mail queued but never picked up."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = mail_retry_due()
        if options["verbosity"] > 1:
            self.stdout.write(f"{queued} mail queued")
