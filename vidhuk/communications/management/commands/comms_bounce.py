"""Read one bounce (DSN) or complaint (ARF) message from stdin: ``manage.py comms_bounce < msg``."""

import sys

from django.core.management.base import BaseCommand

from vidhuk.communications.bounces import bounce_process


class Command(BaseCommand):
    help = "Process one bounce or complaint message read from standard input."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = bounce_process(raw=sys.stdin.buffer.read())
        self.stdout.write(
            f"{result.kind} delivery={result.delivery_id} suppressed={result.suppressed}"
        )
