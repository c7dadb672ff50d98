"""Finish the residents' notices a killed or lost job left (cron: every minute, beside
`mail_retry`; docs/operations.md). Safe to run at any time: each notice is sent once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vidhuk.decisions.notify import decision_notices_resume, notices_ambiguous


class Command(BaseCommand):
    help = "Record and hand over the decision notices a stopped job left; list ambiguous ones."

    def handle(self, *args: Any, **options: Any) -> None:
        report = decision_notices_resume()
        if options["verbosity"] > 1 or report.marked_ambiguous:
            self.stdout.write(str(report))
        if report.marked_ambiguous:
            for notice in notices_ambiguous():
                self.stdout.write(
                    f"ambiguous: decision {notice.decision_id}, revision "
                    f"{notice.public_revision}, {notice.recipient_key}, mail {notice.mail_id}"
                )
