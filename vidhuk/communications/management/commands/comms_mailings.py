"""The mailing worker: ``manage.py comms_mailings`` (run it as a service; several at once share
the work and the rate). ``--until-idle`` stops when nothing is left to send."""

from django.core.management.base import BaseCommand

from vidhuk.communications.services.mailings import mailing_work


class Command(BaseCommand):
    help = "Send mailings: claim deliveries with SKIP LOCKED and send them at the set rate."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--until-idle", action="store_true")
        parser.add_argument("--base-url", default="")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sent = mailing_work(base_url=options["base_url"], until_idle=options["until_idle"])
        self.stdout.write(f"sent {sent}")
