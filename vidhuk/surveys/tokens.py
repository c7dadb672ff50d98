"""Visit tokens: short random codes printed as QR codes; the database keeps only their HMAC.

A code is typed by hand from a printed slip, so it is read with ``code_normalise`` like every
other typed code (Cyrillic look-alikes from a Ukrainian keyboard included)."""

from __future__ import annotations

from vidhuk.core.tokens import code_new, code_normalise, token_digest

CODE_LENGTH = 12


def new_visit_code() -> str:
    return code_new(CODE_LENGTH)


def visit_code_hash(code: str) -> str:
    """HMAC-SHA256 under SECRET_KEY: a copy of the database alone cannot forge a working code."""
    return token_digest("vidhuk.surveys.visit_token", code_normalise(code))


def spent_code_digest(code: str) -> str:
    """HMAC of a used code under its own purpose: unlike ``visit_code_hash``, so the row that
    remembers a spent code cannot be matched to the deleted token row (or a backup of it)."""
    return token_digest("vidhuk.surveys.spent-visit-code", code_normalise(code))
