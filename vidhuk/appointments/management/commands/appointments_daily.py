"""Booking's daily jobs: past visits nobody came to marked «не прийшов», tomorrow's reminders
and the retention schedule.

Run once a day from cron or a systemd timer (docs/operations.md); every step is idempotent, so
a second run on the same day marks nothing twice, sends no second reminder and anonymises
nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from vidhuk.appointments.services import appointments_mark_no_shows
from vidhuk.appointments.tasks import (
    appointments_anonymise_expired_task,
    appointments_send_reminders,
)


class Command(BaseCommand):
    help = (
        "Mark past booked visits nobody came to as no-shows, queue tomorrow's booking reminders "
        "and the anonymisation of past visits' contacts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "VIDHUK_BASE_URL", ""),
            help="Scheme and host of the site, for the private links in reminders "
            "(e.g. https://cnap.hromada.gov.ua). Without it reminders carry the code only.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        no_shows = appointments_mark_no_shows()
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        reminders = appointments_send_reminders.enqueue(tomorrow, options["base_url"])
        retention = appointments_anonymise_expired_task.enqueue()
        self.stdout.write(
            f"no-shows marked: {no_shows}; reminders {tomorrow}: {reminders.id}; "
            f"retention: {retention.id}"
        )
