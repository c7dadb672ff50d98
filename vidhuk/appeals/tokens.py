"""Private tracker tokens of cases (the link a resident follows to see their case)."""

from __future__ import annotations

import secrets

from vidhuk.core.tokens import token_hash, token_link

__all__ = ["new_tracker_token", "token_hash", "tracker_token_for"]


def tracker_token_for(*, salt: str) -> str:
    """The private tracker token of a case: HMAC-SHA256 of its random salt under SECRET_KEY.

    Derived rather than stored, so the confirmation task needs only the case's id (nothing secret
    sits in the task queue) and a repeated submit can show the same link again; someone holding
    a copy of the database but not the key cannot make a working link.
    """
    return token_link("vidhuk.appeals.tracker", salt)


def new_tracker_token() -> tuple[str, str, str]:
    """(salt, token, SHA-256 of the token): the database keeps the salt and the hash only."""
    salt = secrets.token_hex(16)
    token = tracker_token_for(salt=salt)
    return salt, token, token_hash(token)
