"""The ticket's short reference: how the public ticket page is found without a secret in a path.

The reference is the ticket's random ``public_id`` (128 bits) written in 22 URL-safe characters;
it travels in the query string (``?t=…``) or a form, never in a URL path, and is unguessable.
"""

from __future__ import annotations

import base64
import binascii
import uuid

REFERENCE_LENGTH = 22


def ticket_reference(public_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(public_id.bytes).rstrip(b"=").decode()


def public_id_from_reference(reference: str) -> uuid.UUID | None:
    """The ``public_id`` behind a reference, or None for anything that is not one."""
    reference = (reference or "").strip()
    if len(reference) != REFERENCE_LENGTH:
        return None
    try:
        return uuid.UUID(bytes=base64.urlsafe_b64decode(reference + "=="))
    except (binascii.Error, ValueError):
        return None
