"""Subscriptions, mailings, one-click unsubscribe, DKIM and bounces — read back from the real
SMTP server (vidhuk.testing.smtp)."""

import base64
import re
import subprocess

import dkim
import pytest
import time_machine
from django.test import Client

from vidhuk.communications.bounces import bounce_process
from vidhuk.communications.models import (
    DeliveryState,
    MailingDelivery,
    MailingState,
    Subscriber,
    Suppression,
)
from vidhuk.communications.services.mailings import (
    MailingIntake,
    mailing_create,
    mailing_progress,
    mailing_recover,
    mailing_send_batch,
    mailing_start,
)
from vidhuk.communications.services.subscriptions import (
    Interests,
    subscriber_link_token,
    subscriber_subscribe,
)

pytestmark = pytest.mark.django_db
BASE = "https://cnap.example"
NOW = "2027-03-01 09:00:00+02:00"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.COMMS_MAIL_RATE_PER_MINUTE = 60_000
    settings.DEFAULT_FROM_EMAIL = "ЦНАП <news@cnap.example>"


def _confirmed(centre, email, **fields):
    return Subscriber.objects.create(
        centre=centre, email=email, confirmed_at="2027-01-01T10:00:00+02:00", **fields
    )


def _mailing(centre, **extra):
    intake = MailingIntake(subject="Нові години роботи", body="Абзац один.\n\nАбзац два.",
                           segment={}, rate_per_minute=6000, **extra)  # fmt: skip
    mailing = mailing_create(centre=centre, intake=intake)
    mailing_start(mailing=mailing)
    return mailing


def test_double_opt_in_mail_arrives_and_only_a_post_confirms(
    centre, smtp_mailbox, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber_subscribe(centre=centre, email=" Olena@Example.com ", interests=Interests(),
                             base_url=BASE)  # fmt: skip
    (message,) = smtp_mailbox.messages
    body = smtp_mailbox.bodies(message)["text/plain"]
    url = re.search(r"https://cnap\.example(\S+/confirm/\S+/)", body).group(1)

    client.get(url)
    assert Subscriber.objects.get().confirmed_at is None
    client.post(url)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "olena@example.com"
    assert subscriber.confirmed_at is not None
    assert [c.action for c in subscriber.consents.all()] == ["subscribe", "confirm"]


def test_a_confirmation_link_expires_after_seven_days(
    centre, smtp_mailbox, client, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        subscriber_subscribe(centre=centre, email="a@example.com", interests=Interests(),
                             base_url=BASE)  # fmt: skip
    body = smtp_mailbox.bodies(smtp_mailbox.messages[0])["text/plain"]
    url = re.search(r"https://cnap\.example(\S+/confirm/\S+/)", body).group(1)
    with time_machine.travel("2027-03-08 09:01:00+02:00", tick=False):
        response = client.post(url)
    assert response.status_code == 410
    assert Subscriber.objects.get().confirmed_at is None


def test_the_audience_is_only_confirmed_unsuppressed_subscribers(centre):
    _confirmed(centre, "yes@example.com")
    Subscriber.objects.create(centre=centre, email="unconfirmed@example.com")
    _confirmed(centre, "left@example.com", unsubscribed_at="2027-02-01T10:00:00+02:00")
    _confirmed(centre, "bounced@example.com")
    Suppression.objects.create(centre=centre, email="bounced@example.com", reason="hard_bounce")

    mailing = _mailing(centre)

    assert list(mailing.deliveries.values_list("email", flat=True)) == ["yes@example.com"]


def _rsa_key():
    """A fresh 2048-bit key made by openssl (dkimpy signs with its PEM, verifies with its DER)."""
    private = subprocess.run(  # noqa: S603
        ["openssl", "genrsa", "2048"],  # noqa: S607
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout
    public = subprocess.run(  # noqa: S603
        ["openssl", "rsa", "-pubout", "-outform", "DER"],  # noqa: S607
        input=private,
        capture_output=True,
        check=True,
    ).stdout
    return private.decode(), base64.b64encode(public).decode()


def test_a_mailing_arrives_once_with_rfc8058_headers_verp_and_a_valid_dkim_signature(
    centre, smtp_mailbox, settings
):
    private, public = _rsa_key()
    settings.COMMS_DKIM_PRIVATE_KEY = private
    settings.COMMS_DKIM_SELECTOR = "vidhuk"
    settings.COMMS_DKIM_DOMAIN = "cnap.example"
    subscriber = _confirmed(centre, "reader@example.com")
    mailing = _mailing(centre)

    assert mailing_send_batch(base_url=BASE) == 1
    assert mailing_send_batch(base_url=BASE) == 0

    (message,) = smtp_mailbox.messages
    delivery = MailingDelivery.objects.get()
    link = f"{BASE}/{centre.slug}/subscribe/u/{subscriber.pk}/{subscriber_link_token(subscriber)}/"
    header = smtp_mailbox.header
    assert header(message, "Subject") == "Нові години роботи"
    assert header(message, "To") == "reader@example.com"
    assert header(message, "From") == "ЦНАП <news@cnap.example>"
    assert header(message, "List-Unsubscribe") == f"<{link}>"
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert header(message, "Message-ID") == (
        f"<mailing-{mailing.pk}.delivery-{delivery.pk}@cnap.example>"
    )
    assert re.fullmatch(
        rf"bounces\+{delivery.pk}-[\w-]{{16}}@cnap\.example", header(message, "X-Envelope-From")
    )
    bodies = smtp_mailbox.bodies(message)
    assert "Абзац два." in bodies["text/plain"]
    assert link in bodies["text/plain"]
    assert 'style="' in bodies["text/html"]  # the CSS is inlined
    signature = header(message, "DKIM-Signature")
    assert "list-unsubscribe:list-unsubscribe-post" in signature.replace(" ", "").lower()
    raw = smtp_mailbox.raw[0]
    record = f"v=DKIM1; k=rsa; p={public}".encode()
    assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: record)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    mailing.refresh_from_db()
    mailing_send_batch(base_url=BASE)
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE


def test_one_click_post_without_cookie_or_csrf_unsubscribes_and_get_does_not(centre):
    subscriber = _confirmed(centre, "reader@example.com")
    url = f"/{centre.slug}/subscribe/u/{subscriber.pk}/{subscriber_link_token(subscriber)}/"
    browser = Client(enforce_csrf_checks=True)

    assert browser.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None

    response = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert browser.post(url.replace("/u/", "/u/").rstrip("/") + "x/").status_code == 404


def test_a_worker_killed_mid_send_leaves_one_ambiguous_row_that_is_sent_again(
    centre, smtp_mailbox, settings
):
    settings.COMMS_MAILING_STALE_SECONDS = 60
    for n in range(3):
        _confirmed(centre, f"r{n}@example.com")
    mailing = _mailing(centre)
    rows = list(mailing.deliveries.order_by("pk"))
    # a dead worker's batch: the first row was being handed to SMTP, the others not yet
    MailingDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(
        state=DeliveryState.CLAIMED, claimed_at="2020-01-01T00:00:00Z"
    )
    MailingDelivery.objects.filter(pk=rows[0].pk).update(message_id="<x@cnap.example>")

    assert mailing_recover() == 3
    while mailing_send_batch(base_url=BASE):
        pass

    assert sorted(str(m["To"]) for m in smtp_mailbox.messages) == [
        "r0@example.com", "r1@example.com", "r2@example.com",
    ]  # fmt: skip
    progress = mailing_progress(mailing=mailing)
    assert (progress.sent, progress.left, progress.ambiguous) == (3, 0, 1)


def _dsn(verp: str, status: str) -> bytes:
    return (
        f"From: MAILER-DAEMON@mx.example.net\r\nTo: {verp}\r\nSubject: Undelivered Mail\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n"
        "Final-Recipient: rfc822; gone@example.com\r\n"
        f"Action: {'failed' if status.startswith('5') else 'delayed'}\r\nStatus: {status}\r\n\r\n"
        "--B--\r\n"
    ).encode()


def _verp(smtp_mailbox):
    return str(smtp_mailbox.messages[-1]["X-Envelope-From"])


def test_a_hard_bounce_suppresses_and_the_next_mailing_skips_the_address(centre, smtp_mailbox):
    _confirmed(centre, "gone@example.com")
    _mailing(centre)
    mailing_send_batch(base_url=BASE)

    result = bounce_process(raw=_dsn(_verp(smtp_mailbox), "5.1.1"))

    assert (result.kind, result.suppressed) == ("hard", True)
    assert Suppression.objects.filter(centre=centre, email="gone@example.com").exists()
    assert _mailing(centre).deliveries.count() == 0


def test_three_soft_bounces_suppress(centre, smtp_mailbox):
    _confirmed(centre, "gone@example.com")
    results = []
    for _ in range(3):
        _mailing(centre)
        mailing_send_batch(base_url=BASE)
        results.append(bounce_process(raw=_dsn(_verp(smtp_mailbox), "4.2.2")).suppressed)
    assert results == [False, False, True]


def test_a_complaint_suppresses_the_address_in_every_centre(centre, other_centre, smtp_mailbox):
    _confirmed(centre, "angry@example.com")
    _confirmed(other_centre, "angry@example.com")
    _mailing(centre)
    mailing_send_batch(base_url=BASE)
    arf = (
        f"From: fbl@isp.example\r\nTo: {_verp(smtp_mailbox)}\r\nSubject: complaint\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nA complaint.\r\n"
        "--B\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
        "Version: 1\r\n\r\n--B--\r\n"
    ).encode()

    assert bounce_process(raw=arf).kind == "complaint"
    assert Suppression.objects.filter(email="angry@example.com").count() == 2
    assert _mailing(other_centre).deliveries.count() == 0


def test_staff_start_a_mailing_and_see_its_progress(centre, staff_client):
    from vidhuk.accounts.choices import Role

    client, _membership = staff_client(Role.HEAD)
    _confirmed(centre, "reader@example.com")
    base = f"/staff/{centre.slug}/communications/mailings/"
    response = client.post(
        f"{base}new/", {"subject": "Тема", "body": "Текст", "rate_per_minute": 60}
    )
    mailing_url = response["Location"]

    client.post(f"{mailing_url}move/", {"move": "start"})
    page = client.get(mailing_url).content.decode()

    assert "Надсилається" in page
    assert MailingDelivery.objects.filter(email="reader@example.com").count() == 1


@pytest.mark.parametrize(
    ("slot", "source"),
    [
        ("appeals.sent.offers", "appeal"),
        ("appointments.booked.offers", "booking"),
        ("surveys.thanks.offers", "survey"),
    ],
)
def test_the_end_of_an_appeal_a_booking_and_a_survey_offers_a_subscription(centre, slot, source):
    from django.template import Context, Template

    template = Template(f'{{% load objectslots %}}{{% object_slot "{slot}" centre %}}')
    html = template.render(Context({"centre": centre}))

    assert "Підписатися на новини" in html
    assert f"/{centre.slug}/subscribe/?from={source}" in html


def test_the_form_records_where_the_consent_was_given(
    centre, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{centre.slug}/subscribe/?from=booking", {"email": "a@example.com", "consent": "on"}
        )
    assert response.status_code == 302
    consent = Subscriber.objects.get(email="a@example.com").consents.get()
    assert (consent.action, consent.source, consent.text_version) == (
        "subscribe", "booking", "2026-12-v1",
    )  # fmt: skip


def test_the_form_without_consent_says_why_and_records_nothing(centre, client):
    response = client.post(f"/{centre.slug}/subscribe/", {"email": "a@example.com"})
    assert "Щоб підписатися, потрібна ваша згода." in response.content.decode()
    assert not Subscriber.objects.exists()
