"""DKIM signing of mailings (dkimpy), when a key is configured.

Settings: ``COMMS_DKIM_PRIVATE_KEY`` (PEM text), ``COMMS_DKIM_SELECTOR`` and ``COMMS_DKIM_DOMAIN``.
The signature covers the RFC 8058 headers ``List-Unsubscribe`` and ``List-Unsubscribe-Post``
(RFC 8058, section 4: a one-click request is only trusted when both are signed), besides the
usual From, To, Subject, Date and Message-ID."""

from __future__ import annotations

import dkim
from django.conf import settings

SIGNED_HEADERS = [
    b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
    b"list-unsubscribe", b"list-unsubscribe-post",
]  # fmt: skip


def dkim_is_configured() -> bool:
    return bool(
        getattr(settings, "COMMS_DKIM_PRIVATE_KEY", "")
        and getattr(settings, "COMMS_DKIM_SELECTOR", "")
        and getattr(settings, "COMMS_DKIM_DOMAIN", "")
    )


def dkim_sign(message: bytes) -> bytes:
    """The message with a DKIM-Signature header on top, or unchanged without a key."""
    if not dkim_is_configured():
        return message
    signature = dkim.sign(
        message,
        str(getattr(settings, "COMMS_DKIM_SELECTOR", "")).encode(),
        str(getattr(settings, "COMMS_DKIM_DOMAIN", "")).encode(),
        str(getattr(settings, "COMMS_DKIM_PRIVATE_KEY", "")).encode(),
        include_headers=SIGNED_HEADERS,
    )
    return bytes(signature) + message
