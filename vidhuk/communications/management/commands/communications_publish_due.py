"""Publish scheduled publications whose time has come and fire what publishing sets off
(cron or a systemd timer: every minute, beside `mail_retry`; docs/operations.md). Safe to run
from two machines at once: each action fires once per publication."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vidhuk.communications.services.publications import publications_publish_due


class Command(BaseCommand):
    help = "Publish scheduled publications that are due; fire each publishing action once."

    def handle(self, *args: Any, **options: Any) -> None:
        report = publications_publish_due(now=timezone.now())
        if options["verbosity"] > 1 or report.published or report.fired:
            self.stdout.write(str(report))
