"""Private links to a booked visit (to cancel or move it) and confirmation codes."""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

from .choices import CODE_ALPHABET, CODE_LENGTH


def link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token_for(*, salt: str) -> str:
    """The private link token: HMAC-SHA256 of the visit's random salt under SECRET_KEY.

    The database keeps the salt and the token's SHA-256 only, so its copy cannot make a working
    link; the mail task derives the link from the visit's id alone."""
    digest = salted_hmac("vidhuk.appointments.link", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_link() -> tuple[str, str, str]:
    """(salt, token, hash of the token)."""
    salt = secrets.token_hex(16)
    token = link_token_for(salt=salt)
    return salt, token, link_hash(token)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# Cyrillic capitals that look like Latin ones: a visitor reading the code off a phone often types
# them on a Ukrainian keyboard («КМ4ТХQ» for "KM4TXQ"). Only the look-alikes: a code has no
# other letters.
_CYRILLIC_LOOK_ALIKES = str.maketrans("АВСЕНІКМОРТХУ", "ABCEHIKMOPTXY")


def normalise_code(value: str) -> str:
    """What a visitor typed, as stored: capitals, no spaces or dashes, Cyrillic look-alikes as
    the Latin letters they look like."""
    upper = value.upper().translate(_CYRILLIC_LOOK_ALIKES)
    return "".join(ch for ch in upper if ch.isalnum())
