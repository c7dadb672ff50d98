"""Tokens and codes, in one place: keyed digests, random tokens, human codes and how a typed
code is read.

- ``token_digest(purpose, value)``: HMAC-SHA256 under ``SECRET_KEY`` with a key of its own per
  purpose (Django's ``salted_hmac``), so a copy of the database alone cannot make a working link or
  code, and a digest of one purpose never matches another's. ``token_link`` is the same digest
  written for a URL. A purpose's derivation never changes: digests in databases must keep matching.
- ``token_hash(token)``: a plain SHA-256 for random tokens of 256 bits that are mailed or linked
  (nothing to guess, so no key); ``token_equal`` compares digests in constant time.
- ``token_new`` and ``code_new``: random tokens, and codes a person reads and types (no look-alike
  characters in ``CODE_ALPHABET``).
- ``code_normalise(typed)``: every code a person types (booking check-in codes, visit codes from
  paper slips, a queue device's set-up code) read the same way: spaces and dashes dropped,
  capitals, Cyrillic look-alikes (a Ukrainian keyboard: «КМ4ТХ») as the Latin letters they look
  like. Codes are Latin; names are the other way round (``vidhuk.core.names`` makes Latin
  look-alikes inside a Cyrillic word Cyrillic) — both use the same pairs of letters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings
from django.utils.crypto import salted_hmac

# No 0/O, 1/I/L: a code is read off a slip or a screen and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# Cyrillic capitals that look like Latin ones (small letters are made capital first); the same
# pairs as ``vidhuk.core.names`` folds the other way.
_CYRILLIC_LOOK_ALIKES = str.maketrans("АВСЕНІКМОРТХУ", "ABCEHIKMOPTXY")


def _mac(purpose: str, value: str) -> hmac.HMAC:
    return salted_hmac(purpose, value, algorithm="sha256")


def token_digest(purpose: str, value: str, *, key_in_message: bool = False) -> str:
    """HMAC-SHA256 of ``value`` for ``purpose``, in 64 hex characters.

    ``key_in_message`` is the older derivation of booking contacts and the anti-abuse digests
    (``SECRET_KEY`` itself as the key, ``"purpose:value"`` as the message), kept because their
    digests are stored; a new purpose never uses it."""
    if key_in_message:
        message = f"{purpose}:{value}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return _mac(purpose, value).hexdigest()


def token_link(purpose: str, value: str) -> str:
    """``token_digest`` written for a link: 43 URL-safe characters."""
    return base64.urlsafe_b64encode(_mac(purpose, value).digest()).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """SHA-256 of a random token: what a database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_equal(a: str, b: str) -> bool:
    """Whether two digests are the same, in time that does not tell how much of them matched."""
    return hmac.compare_digest(a.encode(), b.encode())


def token_new(nbytes: int = 32) -> str:
    """A random token for a link or a cookie (``nbytes`` random bytes, URL-safe)."""
    return secrets.token_urlsafe(nbytes)


def code_new(length: int, alphabet: str = CODE_ALPHABET) -> str:
    """A random code a person reads and types."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def code_normalise(typed: str) -> str:
    """A typed code as it was issued: compatibility forms made plain (full-width digits), capitals,
    Cyrillic look-alikes as Latin, everything but letters and digits (spaces, dashes) dropped."""
    upper = unicodedata.normalize("NFKC", typed).upper().translate(_CYRILLIC_LOOK_ALIKES)
    return "".join(ch for ch in upper if ch.isalnum())
