"""Fixtures shared by every app's tests.

The database is a real PostgreSQL server that the test run starts itself
(see vidhuk/testing/postgres.py).
"""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.models import Centre
from vidhuk.core.tests.factories import CentreFactory
from vidhuk.testing.postgres import ensure_server
from vidhuk.testing.smtp import Mailbox, smtp_server


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    ensure_server()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Passwords in tests are hashed with a fast hasher, as Django's testing guide advises.

    Production keeps Django's PBKDF2 (a million rounds, 0.4 s of CPU here). Over a thousand
    tests make a staff member or sign one in, so that cost alone was minutes of the suite. The
    live server of the browser tests runs in this process and checks with the same hasher; the
    demo smoke test's separate processes keep the real one."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with empty caches: rate-limit counters, cached reports and public pages
    of an earlier test in the same worker never leak into the next one."""
    for each in caches.all(initialized_only=False):
        each.clear()
    yield
    for each in caches.all(initialized_only=False):
        each.clear()


@pytest.fixture(autouse=True)
def _ukrainian() -> Iterator[None]:
    """Each test starts in Ukrainian: a request to an /en/ page leaves English active in the
    thread, and a test that renders messages without a request would otherwise get English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def centre(db) -> Centre:
    return CentreFactory(slug="verbivka", name="ЦНАП Вербівської міської ради")


@pytest.fixture
def other_centre(db) -> Centre:
    return CentreFactory(slug="luhove", name="ЦНАП Лугівської сільської ради")


def sign_in_verified(client: Client, user) -> None:
    """Sign in with password and a confirmed second factor, as the sign-in flow leaves it."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def staff_client(db, centre):
    """A factory: `staff_client(Role.ADMINISTRATOR)` → (client, membership) in `centre`."""

    def make(
        role: str = Role.HEAD, *, for_centre: Centre | None = None
    ) -> tuple[Client, Membership]:
        membership = MembershipFactory(centre=for_centre or centre, role=role)
        client = Client()
        sign_in_verified(client, membership.user)
        return client, membership

    return make


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> Iterator[list]:  # type: ignore[type-arg]
    """SMS in tests stay in memory (vidhuk.core.sms.LocmemBackend); read them here."""
    from vidhuk.core.sms import LocmemBackend

    settings.VIDHUK_SMS_BACKEND = "vidhuk.core.sms.LocmemBackend"
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()


@pytest.fixture
def smtp_mailbox(settings) -> Mailbox:
    """Mail goes through Django's SMTP backend to a real local SMTP server; read it here."""
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield mailbox
