"""The sign-in lockout cannot be turned against a member, and a locked-out member gets back in
with their authenticator app or a mailed link (read from a real SMTP server)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import PASSWORD, MembershipFactory
from vidhuk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
LOCKED = "Вхід тимчасово заблоковано"
LOGIN = reverse("accounts:login")
UNLOCK = reverse("accounts:unlock")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def head(centre):
    user = MembershipFactory(centre=centre, role=Role.HEAD).user
    TOTPDevice.objects.create(user=user, name="телефон", confirmed=True)
    return user


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client: Client, user, password: str, address: str):
    return client.post(
        LOGIN, {"login": user.get_username(), "password": password}, REMOTE_ADDR=address
    )


def lock_out(user, address: str = "198.51.100.1") -> Client:
    client = Client()
    for n in range(5):
        sign_in(client, user, f"wrong-{n}", address)
    assert LOCKED in sign_in(client, user, PASSWORD, address).text
    return client


def test_wrong_passwords_from_five_addresses_do_not_lock_the_head_out(head, frozen):
    attacker = Client()
    for n in range(5):
        sign_in(attacker, head, f"guess-{n}", f"203.0.113.{n + 1}")

    response = sign_in(Client(), head, PASSWORD, "198.51.100.77")

    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")


def test_five_wrong_passwords_from_one_address_still_lock_that_address(head, frozen):
    client = lock_out(head, "198.51.100.1")

    assert sign_in(client, head, PASSWORD, "198.51.100.1").status_code == 429


def test_many_accounts_tried_from_one_address_block_that_address(centre, settings, frozen):
    settings.VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    members = [MembershipFactory(centre=centre).user for _ in range(4)]
    sprayer = Client()
    for member in members[:3]:
        sign_in(sprayer, member, "Spring2026!", "203.0.113.9")

    blocked = sign_in(sprayer, members[3], PASSWORD, "203.0.113.9")
    elsewhere = sign_in(Client(), members[3], PASSWORD, "198.51.100.2")

    assert blocked.status_code == 429
    assert "Вхід з цього підключення тимчасово заблоковано" in blocked.text
    assert elsewhere.status_code == 302


def test_a_locked_out_member_unlocks_with_the_code_from_their_app(head, frozen):
    client = lock_out(head)

    wrong = client.post(
        UNLOCK,
        {"way": "code", "code-login": head.get_username(), "code-token": "000000"},
        REMOTE_ADDR="198.51.100.1",
    )
    frozen.shift(dt.timedelta(seconds=5))  # django-otp waits a moment after a wrong code
    unlocked = client.post(
        UNLOCK,
        {"way": "code", "code-login": head.email, "code-token": code_for(head)},
        REMOTE_ADDR="198.51.100.1",
    )
    again = sign_in(client, head, PASSWORD, "198.51.100.1")

    assert "Код не підходить до цього облікового запису" in wrong.text
    assert unlocked.status_code == 302
    assert again.status_code == 302
    assert again.url == reverse("accounts:second_factor")
    assert AuditEvent.objects.filter(object_id=str(head.pk), changes__has_key="sign_in_lockout")


def test_a_locked_out_member_unlocks_with_a_mailed_link_once(
    head, frozen, smtp_mailbox, django_capture_on_commit_callbacks
):
    client = lock_out(head)

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(UNLOCK, {"way": "mail", "mail-login": head.email})
    [message] = smtp_mailbox.messages
    body = smtp_mailbox.bodies(message)["text/plain"]
    link = re.search(r"http://testserver(/\S+)", body).group(1)
    page = client.get(link)
    unlocked = client.post(link)
    again = sign_in(client, head, PASSWORD, "198.51.100.1")
    reused = client.post(link)

    assert "Якщо такий обліковий запис існує" in sent.text
    assert smtp_mailbox.header(message, "X-Envelope-To") == head.email
    assert "Розблокувати вхід" in page.text
    assert unlocked.status_code == 302
    assert again.status_code == 302
    assert reused.status_code == 410
    assert "вже використали" in reused.text


def test_asking_for_a_link_for_nobody_says_the_same_and_sends_nothing(
    head, frozen, smtp_mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = Client().post(UNLOCK, {"way": "mail", "mail-login": "nobody@example.com"})

    assert "Якщо такий обліковий запис існує" in sent.text
    assert smtp_mailbox.messages == []


def test_an_expired_link_does_not_unlock(
    head, frozen, smtp_mailbox, django_capture_on_commit_callbacks
):
    client = lock_out(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UNLOCK, {"way": "mail", "mail-login": head.email})
    body = smtp_mailbox.bodies(smtp_mailbox.messages[0])["text/plain"]
    link = re.search(r"http://testserver(/\S+)", body).group(1)

    frozen.shift(dt.timedelta(minutes=31))

    assert client.post(link).status_code == 410
