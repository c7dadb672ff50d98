"""Background tasks are idempotent: run twice, they send or change things once."""

import datetime as dt
import socket
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from vidhuk.appeals import services, tasks
from vidhuk.appeals.choices import Status
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.choices import MailStatus
from vidhuk.core.mail import mail_retry_due
from vidhuk.core.models import OutgoingMail

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


@pytest.fixture
def mail_leaves(django_capture_on_commit_callbacks):
    """The ledger sends a mail once the transaction commits: here, at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_registration_confirmation_is_sent_once(centre, mail_leaves):
    appeal = AppealFactory(centre=centre)

    with mail_leaves():
        first = tasks.appeal_send_registration_confirmation.call(appeal.pk, "https://cnap.example")
        second = tasks.appeal_send_registration_confirmation.call(appeal.pk, "https://cnap.example")

    link = f"https://cnap.example/verbivka/appeals/track/?t={tracker_token_for(salt=appeal.tracker_salt)}"
    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert list(OutgoingMail.objects.values_list("key", "status")) == [
        (f"registered:{appeal.pk}", MailStatus.SENT)
    ]


def test_answer_is_sent_once(centre, head, mail_leaves):
    appeal = AppealFactory(centre=centre)
    services.appeal_answer(appeal=appeal, actor=head, answer_text="Так.", delivery="email")
    mail.outbox.clear()

    with mail_leaves():
        tasks.appeal_send_answer.call(appeal.pk)
        tasks.appeal_send_answer.call(appeal.pk)

    assert len(mail.outbox) == 1


def test_a_second_extension_sends_a_second_notice(centre, frozen, mail_leaves):
    appeal = AppealFactory(centre=centre, due_at=dt.datetime(2026, 4, 10, 23, 59, 59, tzinfo=KYIV))
    with mail_leaves():
        tasks.appeal_send_extension_notice.call(appeal.pk)
    appeal.due_at = dt.datetime(2026, 4, 16, 23, 59, 59, tzinfo=KYIV)
    appeal.save()

    with mail_leaves():
        tasks.appeal_send_extension_notice.call(appeal.pk)
        tasks.appeal_send_extension_notice.call(appeal.pk)

    assert len(mail.outbox) == 2


def test_nothing_is_sent_about_an_anonymised_case(centre, head, mail_leaves):
    appeal = AppealFactory(centre=centre, status="closed")
    services.appeal_anonymise(appeal=appeal, actor=head)

    with mail_leaves():
        assert tasks.appeal_send_registration_confirmation.call(appeal.pk, "https://x/") is False
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 0


def test_digest_is_sent_once_a_day(centre, executor, frozen, mail_leaves):
    AppealFactory(centre=centre, executor=executor, due_at=NOW - dt.timedelta(days=1))

    with mail_leaves():
        assert tasks.appeals_send_daily_digest.call() == 1
        assert tasks.appeals_send_daily_digest.call() == 0
    frozen.move_to(NOW + dt.timedelta(days=1), tick=False)
    with mail_leaves():
        assert tasks.appeals_send_daily_digest.call() == 1

    assert len(mail.outbox) == 2


def test_digest_is_not_sent_where_the_centre_switched_it_off(centre, executor, head):
    services.appeals_settings_update(
        centre=centre, actor=head, retention_days=1826, digest_enabled=False
    )
    AppealFactory(centre=centre, executor=executor, due_at=NOW - dt.timedelta(days=1))

    assert tasks.appeals_send_daily_digest.call() == 0


def test_digest_skips_closed_cases_and_former_members(centre, executor):
    from vidhuk.accounts.models import Membership

    AppealFactory(centre=centre, executor=executor, status=Status.CLOSED, due_at=NOW)
    AppealFactory(centre=centre, executor=executor, due_at=NOW)
    Membership.objects.filter(user=executor).update(is_active=False)

    assert tasks.appeals_send_daily_digest.call() == 0


def test_retention_task_anonymises_expired_cases_once(centre, frozen):
    expired = AppealFactory(
        centre=centre,
        status=Status.CLOSED,
        closed_at=NOW - dt.timedelta(days=6 * 365),
        received_at=NOW - dt.timedelta(days=6 * 365 + 20),
    )

    assert tasks.appeals_anonymise_expired_task.call() == 1
    assert tasks.appeals_anonymise_expired_task.call() == 0
    expired.refresh_from_db()
    assert expired.full_name == ""


def test_tasks_can_be_enqueued_with_json_arguments(centre):
    appeal = AppealFactory(centre=centre)

    result = tasks.appeal_send_registration_confirmation.enqueue(appeal.pk, "https://cnap.example")

    assert result.return_value is True


def test_a_mail_the_server_refused_is_sent_when_its_retry_is_due(
    centre, head, settings, frozen, mail_leaves
):
    appeal = AppealFactory(centre=centre, status="answered", answer_text="Відповідь.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    # A port held (bound, never listening) for the whole call: a real refused connection, and
    # no other test process can start a server on it meanwhile.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", held.getsockname()[1]
        with mail_leaves():
            assert tasks.appeal_send_answer.call(appeal.pk) is True
    [refused] = OutgoingMail.objects.all()
    assert (refused.status, refused.attempts) == (MailStatus.RETRYING, 1)
    assert "ConnectionRefusedError" in refused.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.appeal_send_answer.call(appeal.pk) is False  # queued already: not a second mail
    frozen.shift(dt.timedelta(minutes=1))
    assert mail_retry_due() == 1
    assert len(mail.outbox) == 1
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (MailStatus.SENT, 2)
