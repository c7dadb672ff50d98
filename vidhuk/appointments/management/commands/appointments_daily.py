"""Alias of `manage.py daily --only appointments` (the job is registered in
vidhuk/appointments/extensions.py), kept so that existing cron lines keep working
(docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vidhuk.core.dailyjobs import daily_alias_handle


class Command(BaseCommand):
    help = "Run the appointments daily job only (alias of `manage.py daily --only appointments`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "VIDHUK_BASE_URL", ""),
            help="Scheme and host of the site, for the private links in reminders "
            "(e.g. https://cnap.hromada.gov.ua). Without it reminders carry the code only.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        daily_alias_handle(self, "appointments", base_url=options["base_url"])
