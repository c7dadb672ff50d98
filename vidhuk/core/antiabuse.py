"""Checks against bots and floods for the public forms, without storing anything about a person.

- **The client's address** (`client_address`): the one place that reads it, for these checks and
  for the sign-in lockout (django-axes calls it too, see AXES_CLIENT_IP_CALLABLE). Behind
  `AXES_PROXY_COUNT` trusted proxies it is the entry the outermost of them appended to
  X-Forwarded-For; whatever a client wrote there itself is ignored.
- A **form stamp**: a signed note of when the form was shown and to which client (an HMAC of the
  address, never the address); a form sent back within seconds, a day later, or from another
  client is refused. A stamp is accepted once: its digest stays in the cache until the stamp
  would expire anyway; the same form sent twice (a double click, the same submission key) is
  still the same form, and the service makes one record of it.
- A **rate limit per client and centre**: a counter in the shared cache under an HMAC of the
  client's address with the site's secret, so not even the cache holds the address; it lives
  only for the window. Checking (`client_over_rate_limit`, before saving) and counting
  (`client_count_submission`, after a successful save) are separate: a form shown again with
  errors does not count. Past the limit, `rate_limited_response` shows the form again with what
  was typed and says why it was not sent.
"""

from __future__ import annotations

import ipaddress
import time
from secrets import token_hex
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from .tokens import token_digest, token_equal, token_hash

if TYPE_CHECKING:
    from vidhuk.core.models import Centre

# --- the client's address ------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, with N trusted proxies in front
    (`AXES_PROXY_COUNT`), the N-th entry from the right of X-Forwarded-For — the one the
    outermost trusted proxy appended (nginx's `$proxy_add_x_forwarded_for`). Entries further
    left were written by the client and prove nothing."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote  # not through the proxies (the liveness probe, a local call)
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def _client_digest(address: str, *, purpose: str) -> str:
    return token_digest(purpose, address, key_in_message=True)


# --- the form stamp ------------------------------------------------------------------------------


def issue_form_stamp(*, salt: str, client: str = "") -> str:
    """A signed note of when the form was shown and to which client (`client_address`)."""
    return signing.dumps(
        # The nonce makes each stamp one of a kind, so spending one spends no other.
        {"at": time.time(), "c": _client_digest(client, purpose="stamp")[:24], "n": token_hex(8)},
        salt=salt,
        compress=False,
    )


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


def form_stamp_refusal(
    stamp: str, *, salt: str, max_age: int, client: str, once_for: str
) -> str | None:
    """Why a stamp (already checked for age) is refused, or None when it is accepted — and
    then spent: it is accepted again only for the same `once_for` (the form's submission key),
    so a double submit of one form passes and a replay of the stamp with other data does not."""
    try:
        payload = signing.loads(stamp, salt=salt, max_age=max_age)
    except signing.BadSignature:
        payload = {}
    expected = _client_digest(client, purpose="stamp")[:24]
    if not token_equal(str(payload.get("c", "")), expected):
        return _(
            "Форму відкрили з іншого підключення (наприклад, телефон перейшов з Wi-Fi на "
            "мобільний інтернет). Перевірте відповіді й надішліть ще раз."
        )
    key = "stamp:used:" + token_hash(f"{salt}:{stamp}")
    if cache.add(key, once_for, timeout=max_age) or cache.get(key) == once_for:
        return None
    return _("Цю форму вже надіслали. Перевірте відповіді й надішліть ще раз.")


# --- the rate limit ------------------------------------------------------------------------------


def client_rate_key(request: HttpRequest, *, scope: str, centre: Centre | None = None) -> str:
    """The cache key of this client in `scope` (and centre): an HMAC of its address, never the
    address."""
    place = f"{centre.pk}" if centre is not None else "-"
    digest = _client_digest(client_address(request), purpose=f"{scope}-rate:{place}")
    return f"{scope}:rate:{place}:{digest}"


def client_over_rate_limit(
    request: HttpRequest, *, scope: str, limit: int, window: int, centre: Centre | None = None
) -> bool:
    """True once this client's saved submissions in `scope` (and centre) within the window
    reached `limit`. Counts nothing: see `client_count_submission`. (`window` is accepted for the
    callers' symmetry; the counter's own lifetime is the window.)"""
    del window
    count = cache.get(client_rate_key(request, scope=scope, centre=centre)) or 0
    return int(count) >= limit


def client_count_submission(
    request: HttpRequest, *, scope: str, window: int, centre: Centre | None = None
) -> None:
    """Count one saved submission of this client in `scope` (and centre)."""
    key = client_rate_key(request, scope=scope, centre=centre)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)


def typed_initial(data: QueryDict) -> dict[str, Any]:
    """What was typed into a form, as the `initial` of an unbound copy of it: shown again as it
    was, with nothing checked (and no stamp spent)."""
    typed: dict[str, Any] = {}
    for name, values in data.lists():
        if name == "csrfmiddlewaretoken":
            continue
        typed[name] = values if len(values) > 1 else values[0]
    return typed


def rate_limited_response(
    request: HttpRequest, *, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The form page again (`template` with `context`, whose form holds what was typed), under a
    message that nothing was sent and when to try again; status 429."""
    return render(
        request,
        "rate_limited.html",
        {**context, "form_template": template, "rate_limited": True},
        status=429,
    )
