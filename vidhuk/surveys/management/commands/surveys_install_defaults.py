"""Install the standard visitor questionnaire and the mystery-shopper checklist for centres.

Idempotent: a centre that already has a questionnaire of that slug keeps its own.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vidhuk.core.selectors import centre_list_public
from vidhuk.surveys.services import questionnaire_install_defaults


class Command(BaseCommand):
    help = "Install the default questionnaires for one centre (--centre slug) or every centre."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centre", help="the centre's slug; every centre when left out")

    def handle(self, *args: Any, centre: str | None = None, **options: Any) -> None:
        centres = centre_list_public()
        if centre:
            centres = centres.filter(slug=centre)
            if not centres.exists():
                raise CommandError(f"No centre with the slug {centre!r}.")
        for item in centres:
            installed = questionnaire_install_defaults(centre=item, actor=None)
            self.stdout.write(f"{item.slug}: {', '.join(q.slug for q in installed)}")
