"""Short messages to residents' phones, through one backend chosen in settings.

``VIDHUK_SMS_BACKEND`` names the backend class (a dotted path); empty means SMS is off and
``sms_is_configured()`` says so. The default writes each message to a file in
``VIDHUK_SMS_FILE_PATH`` (``var/outbox/`` beside the e-mail of the embedded default), as
Django's file e-mail backend does; tests use ``LocmemBackend``, whose ``outbox`` they read. A
real provider is one class with a ``send`` method::

    class ProviderBackend(BaseSmsBackend):
        def send(self, message: SmsMessage) -> None:
            ...  # POST to the provider; raise on refusal, so the caller can retry

Public API: ``sms_send(*, to, body)``, ``sms_is_configured()``, ``SmsMessage``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "vidhuk.core.sms.FileBackend"


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, +380…
    body: str


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class FileBackend(BaseSmsBackend):
    """One UTF-8 text file per message in ``VIDHUK_SMS_FILE_PATH`` (default var/outbox/)."""

    def send(self, message: SmsMessage) -> None:
        folder = Path(
            getattr(settings, "VIDHUK_SMS_FILE_PATH", "")
            or Path(getattr(settings, "VAR_DIR", settings.BASE_DIR / "var")) / "outbox"
        )
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = folder / f"sms-{stamp}-{secrets.token_hex(4)}.txt"
        path.write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")


class LocmemBackend(BaseSmsBackend):
    """Keeps the messages in ``LocmemBackend.outbox`` (a test clears it)."""

    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> None:
        type(self).outbox.append(message)


def _backend_path() -> str:
    return str(getattr(settings, "VIDHUK_SMS_BACKEND", DEFAULT_BACKEND) or "")


def sms_is_configured() -> bool:
    return bool(_backend_path())


def sms_send(*, to: str, body: str) -> bool:
    """Send one message now; False when SMS is off or there is no number. A refusal raises."""
    path = _backend_path()
    if not path or not to:
        return False
    backend: BaseSmsBackend = import_string(path)()
    backend.send(SmsMessage(to=to, body=body))
    return True
