"""An answer is recorded as sent when it was sent: a refused mail shows on the case page and in
the inbox as «Лист не доставлено», can be sent again or printed, and counts on the home page."""

import datetime as dt
import re
import socket

import pytest
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.appeals import services
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.choices import AuditAction, MailStatus
from vidhuk.core.mail import mail_retry_due, mail_stuck_count
from vidhuk.core.models import AuditEvent, OutgoingMail
from vidhuk.testing.smtp import smtp_server

frozen = factories.frozen
head = factories.head

ANSWER = "Пандус встановимо до 1 травня."


@pytest.fixture
def smtp_down(settings):
    """A port held (bound, never listening): the mail server refuses while it lasts."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", held.getsockname()[1]
        yield held


@pytest.fixture
def refused_answer(centre, head, smtp_down, frozen, django_capture_on_commit_callbacks):
    appeal = AppealFactory(centre=centre)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=appeal, actor=head, answer_text=ANSWER, delivery="email")
    return appeal


def _detail(appeal):
    return reverse("appeals_staff:detail", kwargs={"centre_slug": "verbivka", "pk": appeal.pk})


def test_a_refused_answer_shows_as_undelivered_on_the_case_page_and_in_the_inbox(
    refused_answer, staff_client
):
    client, _member = staff_client(Role.HEAD)

    page = client.get(_detail(refused_answer)).text
    inbox = client.get(reverse("appeals_staff:inbox", kwargs={"centre_slug": "verbivka"})).text

    [mail] = OutgoingMail.objects.all()
    assert mail.status == MailStatus.RETRYING
    assert "Лист не доставлено" in page
    assert "1 спроба." in page
    assert "ConnectionRefusedError" in page
    assert "Надіслати ще раз" in page
    assert (
        reverse(
            "appeals_staff:mail_letter",
            kwargs={"centre_slug": "verbivka", "pk": refused_answer.pk, "mail_pk": mail.pk},
        )
        in page
    )
    assert "Лист не доставлено" in inbox


def test_a_delivered_answer_shows_no_warning(
    smtp_mailbox, centre, head, staff_client, django_capture_on_commit_callbacks
):
    appeal = AppealFactory(centre=centre)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=appeal, actor=head, answer_text=ANSWER, delivery="email")
    client, _member = staff_client(Role.HEAD)

    page = client.get(_detail(appeal)).text

    assert len(smtp_mailbox.messages) == 1
    assert "Лист не доставлено" not in page


def test_resend_delivers_one_message_when_the_server_is_back(
    refused_answer, staff_client, settings, django_capture_on_commit_callbacks
):
    client, member = staff_client(Role.HEAD)
    [mail] = OutgoingMail.objects.all()
    url = reverse(
        "appeals_staff:mail_resend",
        kwargs={"centre_slug": "verbivka", "pk": refused_answer.pk, "mail_pk": mail.pk},
    )

    with smtp_server() as (mailbox, port):
        settings.EMAIL_PORT = port
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
            client.post(url)  # a double submit sends no second mail

    mail.refresh_from_db()
    [message] = mailbox.messages
    assert response.url == _detail(refused_answer)
    assert ANSWER in mailbox.bodies(message)["text/plain"]
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert (
        AuditEvent.objects.filter(
            object_type="core.outgoingmail", object_id=str(mail.pk), action=AuditAction.UPDATE
        )
        .get()
        .actor
        == member.user
    )
    assert "Лист не доставлено" not in client.get(_detail(refused_answer)).text


def test_a_role_that_does_not_work_on_appeals_cannot_resend(refused_answer, staff_client):
    client, _member = staff_client(Role.ANALYST)
    [mail] = OutgoingMail.objects.all()

    response = client.post(
        reverse(
            "appeals_staff:mail_resend",
            kwargs={"centre_slug": "verbivka", "pk": refused_answer.pk, "mail_pk": mail.pk},
        )
    )

    mail.refresh_from_db()
    assert response.status_code == 403
    assert (mail.status, mail.attempts) == (MailStatus.RETRYING, 1)
    assert not AuditEvent.objects.filter(object_type="core.outgoingmail").exists()


def test_the_undelivered_answer_prints_as_a_letter(refused_answer, staff_client):
    client, _member = staff_client(Role.HEAD)
    [mail] = OutgoingMail.objects.all()

    response = client.get(
        reverse(
            "appeals_staff:mail_letter",
            kwargs={"centre_slug": "verbivka", "pk": refused_answer.pk, "mail_pk": mail.pk},
        )
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_back_office_home_counts_undelivered_mail(refused_answer, staff_client, frozen):
    frozen.shift(dt.timedelta(hours=73))
    mail_retry_due()  # the server still refuses: after 72 hours the mail is given up
    client, _member = staff_client(Role.HEAD)

    page = client.get(reverse("backoffice:home", kwargs={"centre_slug": "verbivka"})).text

    assert OutgoingMail.objects.get().status == MailStatus.UNDELIVERABLE
    assert re.search(
        r'__value">1</span>\s*<span class="vd-key-figure__label">Листів не доставлено', page
    )
    assert "Спроби припинено" in client.get(_detail(refused_answer)).text


def test_anonymising_the_case_erases_its_mail_and_stops_the_retries(refused_answer, head):
    services.appeal_close(appeal=refused_answer, actor=head)
    services.appeal_anonymise(appeal=refused_answer, actor=head)

    mail = OutgoingMail.objects.get()
    assert (mail.to, mail.body_text, mail.status) == ("", "", MailStatus.UNDELIVERABLE)
    assert mail_retry_due() == 0
    assert mail_stuck_count(centre=refused_answer.centre) == 0  # nobody can act on it now
