"""Private links to a booked visit (to cancel or move it) and confirmation codes."""

from __future__ import annotations

import secrets

from vidhuk.core.tokens import code_new, token_hash, token_link

from .choices import CODE_ALPHABET, CODE_LENGTH

link_hash = token_hash


def link_token_for(*, salt: str) -> str:
    """The private link token: HMAC-SHA256 of the visit's random salt under SECRET_KEY.

    The database keeps the salt and the token's SHA-256 only, so its copy cannot make a working
    link; the mail task derives the link from the visit's id alone."""
    return token_link("vidhuk.appointments.link", salt)


def new_link() -> tuple[str, str, str]:
    """(salt, token, hash of the token)."""
    salt = secrets.token_hex(16)
    token = link_token_for(salt=salt)
    return salt, token, link_hash(token)


def new_code() -> str:
    return code_new(CODE_LENGTH, CODE_ALPHABET)
