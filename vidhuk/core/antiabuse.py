"""Checks against bots and floods for the public forms, without storing anything about a person.

- A **form stamp**: a signed note of when the form was shown (django.core.signing); a form sent
  back within seconds, or a day later, is refused. Nothing is stored.
- A **rate limit per client**: a counter in the shared cache under an HMAC of the client's
  address with the site's secret, so not even the cache holds the address; it lives only for the
  window. Used by the appeals form and the surveys.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest


def issue_form_stamp(*, salt: str) -> str:
    """A signed note of when the form was shown."""
    return signing.dumps({"at": time.time()}, salt=salt, compress=False)


def form_stamp_age(stamp: str, *, salt: str, max_age: int) -> float | None:
    """Seconds since the form was shown, or None when the stamp is missing, forged or too old."""
    try:
        payload = signing.loads(stamp, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    try:
        return time.time() - float(payload["at"])
    except (KeyError, TypeError, ValueError):
        return None


def client_rate_key(request: HttpRequest, *, scope: str) -> str:
    """The cache key of this client in `scope`: an HMAC of its address, never the address."""
    address = get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}-rate:{address}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{scope}:rate:{digest}"


def client_over_rate_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count this request; True once the client sent more than `limit` within `window` seconds."""
    key = client_rate_key(request, scope=scope)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
