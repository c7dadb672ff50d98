"""Alias of `manage.py daily --only surveys` (the job is registered in vidhuk/surveys/
extensions.py), kept so that existing cron lines keep working (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vidhuk.core.dailyjobs import daily_alias_handle


class Command(BaseCommand):
    help = "Run the surveys daily job only (alias of `manage.py daily --only surveys`)."

    def handle(self, *args: Any, **options: Any) -> None:
        daily_alias_handle(self, "surveys")
