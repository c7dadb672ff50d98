"""Visit tokens: short random codes printed as QR codes; the database keeps only their HMAC."""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

# No 0/O, 1/I/L: the code is also typed by hand from a printed receipt.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_visit_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def visit_code_hash(code: str) -> str:
    """HMAC-SHA256 under SECRET_KEY: a copy of the database alone cannot forge a working code."""
    return salted_hmac(
        "vidhuk.surveys.visit_token", normalise_code(code), algorithm="sha256"
    ).hexdigest()


def spent_code_digest(code: str) -> str:
    """HMAC of a used code under its own purpose: unlike ``visit_code_hash``, so the row that
    remembers a spent code cannot be matched to the deleted token row (or a backup of it)."""
    return salted_hmac(
        "vidhuk.surveys.spent-visit-code", normalise_code(code), algorithm="sha256"
    ).hexdigest()
