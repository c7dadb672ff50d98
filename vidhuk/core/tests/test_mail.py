"""The one mail ledger: mail arrives at a real SMTP server (aiosmtpd), once, or is retried."""

import datetime as dt
import socket
import threading
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from vidhuk.core.choices import MailStatus
from vidhuk.core.mail import mail_deliver, mail_enqueue, mail_retry_due, mail_stuck_count
from vidhuk.core.models import OutgoingMail
from vidhuk.core.tests.factories import CentreFactory

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
TEMPLATE = "appeals/email/answer"


@pytest.fixture
def frozen(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def smtp_down(settings):
    """A port held (bound, never listening): a real refused connection for as long as it lasts."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", held.getsockname()[1]
        yield


def _answer_context(centre):
    # Core may not import the appeals app (import-linter): a stand-in case fills its template.
    appeal = SimpleNamespace(
        registration_index="Ш-1/2026",
        full_name="Мар'яна Коваль",
        answer_text="Пандус встановимо до 1 травня.",
        received_at=NOW,
        is_appeal=False,
    )
    return {"appeal": appeal, "centre": centre}


def _enqueue(centre, key="answer:1"):
    return mail_enqueue(
        key=key,
        to="maria@example.com",
        template=TEMPLATE,
        context=_answer_context(centre),
        centre=centre,
        about="appeal:1",
        attachments=[("lyst.pdf", b"%PDF-1.7 letter", "application/pdf")],
    )


def test_a_mail_is_queued_once_and_arrives_once(
    smtp_mailbox, django_capture_on_commit_callbacks, frozen
):
    centre = CentreFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue(centre)
        second = _enqueue(centre)

    [message] = smtp_mailbox.messages
    bodies = smtp_mailbox.bodies(message)
    first.refresh_from_db()
    assert (first.is_new, second.is_new, second.pk) == (True, False, first.pk)
    assert smtp_mailbox.header(message, "Subject") == "Відповідь на ваше звернення Ш-1/2026"
    assert "Мар'яна" in bodies["text/plain"]
    assert "Пандус встановимо до 1 травня." in bodies["text/html"]
    assert [p.get_filename() for p in message.iter_attachments()] == ["lyst.pdf"]
    assert (first.status, first.sent_at, first.attempts) == (MailStatus.SENT, NOW, 1)
    assert (first.body_text, first.attachments) == ("", [])


def test_smtp_down_retries_then_delivers_exactly_one_message(
    smtp_down, django_capture_on_commit_callbacks, frozen, settings
):
    centre = CentreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mail = _enqueue(centre)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.RETRYING, 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at == NOW + dt.timedelta(minutes=1)
    assert mail_stuck_count(centre=centre) == 1

    from vidhuk.testing.smtp import smtp_server

    with smtp_server() as (mailbox, port):
        settings.EMAIL_PORT = port
        assert mail_retry_due() == 0  # not due yet: nothing is tried before its pause is over
        frozen.shift(dt.timedelta(minutes=1))
        assert mail_retry_due() == 1
        assert mail_retry_due() == 0

    mail.refresh_from_db()
    assert len(mailbox.messages) == 1
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert mail_stuck_count(centre=centre) == 0


def test_the_pause_between_attempts_doubles_up_to_an_hour(
    smtp_down, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _enqueue(CentreFactory())
    pauses = []
    for _attempt in range(8):
        mail.refresh_from_db()
        pauses.append(mail.next_attempt_at - dt.datetime.now(tz=KYIV))
        frozen.move_to(mail.next_attempt_at, tick=False)
        mail_retry_due()

    assert [int(p.total_seconds() // 60) for p in pauses] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_after_72_hours_of_refusals_the_mail_is_undeliverable(
    smtp_down, django_capture_on_commit_callbacks, frozen
):
    centre = CentreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mail = _enqueue(centre)

    frozen.shift(dt.timedelta(hours=71, minutes=59))
    mail_retry_due()
    mail.refresh_from_db()
    assert mail.status == MailStatus.RETRYING
    frozen.shift(dt.timedelta(hours=1))
    mail_retry_due()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (
        MailStatus.UNDELIVERABLE,
        3,
        None,
    )
    assert mail_retry_due() == 0
    assert mail_stuck_count(centre=centre) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_message(smtp_mailbox):
    mail = _enqueue(CentreFactory())  # autocommit: the send is queued and run at once
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.QUEUED, sent_at=None)
    smtp_mailbox.messages.clear()
    start = threading.Barrier(2)
    results = []

    def run():
        start.wait()
        try:
            results.append(mail_deliver(mail_id=mail.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, True]
    assert len(smtp_mailbox.messages) == 1


def test_a_month_on_the_ledger_forgets_to_whom_and_what(
    smtp_mailbox, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _enqueue(CentreFactory())
    frozen.shift(dt.timedelta(days=29))
    mail_retry_due()
    mail.refresh_from_db()
    assert (mail.to, mail.status) == ("maria@example.com", MailStatus.SENT)

    frozen.shift(dt.timedelta(days=2))
    mail_retry_due()

    mail.refresh_from_db()
    assert (mail.to, mail.subject, mail.status) == ("", "", MailStatus.SENT)


def test_a_subject_line_drops_bidi_controls_from_what_it_carries(frozen):
    centre = CentreFactory(name="ЦНАП \u202eюавичроп\u202c громади")

    mail = mail_enqueue(
        key="digest:bidi",
        to="head@example.com",
        template="appeals/email/digest",
        context={
            "centre": centre,
            "overdue": [],
            "due_soon": [],
            "executor": SimpleNamespace(get_full_name="Олена Ткач", get_username="olena"),
        },
        centre=centre,
    )

    assert mail.subject.startswith("Звернення на контролі (ЦНАП юавичроп громади)")
