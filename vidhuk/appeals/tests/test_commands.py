import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command

from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory

executor = factories.executor

KYIV = ZoneInfo("Europe/Kyiv")


def test_daily_command_sends_each_executor_one_digest_and_anonymises_expired_cases(
    centre, executor, django_capture_on_commit_callbacks
):
    # given an overdue case of an executor and a case closed six years ago
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=KYIV), tick=False):
        AppealFactory(
            centre=centre,
            executor=executor,
            received_at=dt.datetime(2026, 2, 2, 10, 0, tzinfo=KYIV),
            due_at=dt.datetime(2026, 2, 17, 23, 59, 59, tzinfo=KYIV),
        )
        expired = AppealFactory(
            centre=centre,
            status="closed",
            received_at=dt.datetime(2020, 1, 10, 10, 0, tzinfo=KYIV),
            closed_at=dt.datetime(2020, 1, 20, 10, 0, tzinfo=KYIV),
        )

        # when the daily command runs twice the same morning (mail leaves after the commit)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("appeals_daily")
            call_command("appeals_daily")

    # then the executor got one digest and the old case lost its personal data
    expired.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[executor.email]]
    assert (expired.full_name, expired.email, expired.anonymised_at is not None) == ("", "", True)
