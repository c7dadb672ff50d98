"""Checks against bots and floods for the public forms, without storing anything about a person.

- **The client's address** (`client_address`): the one place that reads it, for these checks and
  for the sign-in lockout (django-axes calls it too, see AXES_CLIENT_IP_CALLABLE). Behind
  `AXES_PROXY_COUNT` trusted proxies it is the entry the outermost of them appended to
  X-Forwarded-For; whatever a client wrote there itself is ignored.
- A **form stamp**: a signed note of when the form was shown and to which client (an HMAC of the
  address, never the address); a form sent back within seconds, a day later, or from another
  client is refused. A stamp is accepted once: spending it is one INSERT ... ON CONFLICT into
  `core_spentstamp` (kept until the stamp would expire anyway); the same form sent twice (a
  double click, the same submission key) is still the same form, and the service makes one
  record of it.
- A **rate limit per client and centre**: a counter under an HMAC of the client's address with
  the site's secret, so nothing holds the address; it lives only for the window. Each operation
  is ONE statement (issue 15): an INSERT ... ON CONFLICT DO UPDATE ... RETURNING on
  `core_ratecount`, or the cache alias ``"ratelimit"`` when the settings define one (Redis).
  `client_rate_take` checks and counts at once, before saving; `client_rate_give_back` returns
  the count when nothing was saved (a form shown again with errors, a repeated submit), so only
  saved submissions count. A guarded form given a `client_rate` takes the count together with
  its stamp (`form_stamp_check`): one statement on PostgreSQL, and a form with mistakes in it
  takes none. The older pair — `client_over_rate_limit` before saving,
  `client_count_submission` after — stays for the forms that use it. Past the limit,
  `rate_limited_response` shows the form again with what was typed and says why it was not sent.
  Expired rows of both tables are removed by the daily job `core_antiabuse_expired`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import time
from secrets import token_hex
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core import signing
from django.core.cache import BaseCache, caches
from django.db import connections, router
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


class RateTake(NamedTuple):
    """A rate-limit count to take together with a form's stamp (`form_stamp_check`): the
    client's key (`client_rate_key`), the limit and the window."""

    key: str
    limit: int
    window: int


def client_rate(
    request: HttpRequest, *, scope: str, limit: int, window: int, centre: Centre | None = None
) -> RateTake:
    """This client's count in `scope` (and centre), to be taken with the form's stamp."""
    return RateTake(client_rate_key(request, scope=scope, centre=centre), limit, window)


# The form's own error past the limit; the page `rate_limited_response` shows says it too.
RATE_LIMITED_MESSAGE = gettext_lazy(
    "З вашого підключення за короткий час надіслали забагато форм, тож цю ще не прийняли. "
    "Нічого не збережено."
)


class StampCheck(NamedTuple):
    """What `form_stamp_check` found: why the form is refused (None: the stamp accepted and
    spent), and, when a rate count was asked for, whether it was taken or the client is past the
    limit (then `refusal` is `RATE_LIMITED_MESSAGE` and nothing was spent)."""

    refusal: str | None
    rate_taken: bool = False
    over_rate_limit: bool = False


def form_stamp_refusal(
    stamp: str, *, salt: str, max_age: int, client: str, once_for: str
) -> str | None:
    """Why a stamp (already checked for age) is refused, or None when it is accepted — and
    then spent: it is accepted again only for the same `once_for` (the form's submission key),
    so a double submit of one form passes and a replay of the stamp with other data does not."""
    return form_stamp_check(
        stamp, salt=salt, max_age=max_age, client=client, once_for=once_for
    ).refusal


def form_stamp_check(
    stamp: str,
    *,
    salt: str,
    max_age: int,
    client: str,
    once_for: str,
    rate: RateTake | None = None,
) -> StampCheck:
    """`form_stamp_refusal`, and with a `rate` the client's count taken first — in the same
    statement on PostgreSQL, one after the other in the cache or on SQLite: past the limit
    neither is spent (`over_rate_limit`); a stamp refused after the count was taken leaves it
    taken (`rate_taken`: the caller gives it back, as for any form that saved nothing)."""
    try:
        payload = signing.loads(stamp, salt=salt, max_age=max_age)
    except signing.BadSignature:
        payload = {}
    expected = _client_digest(client, purpose="stamp")[:24]
    if not token_equal(str(payload.get("c", "")), expected):
        return StampCheck(
            _(
                "Форму відкрили з іншого підключення (наприклад, телефон перейшов з Wi-Fi на "
                "мобільний інтернет). Перевірте відповіді й надішліть ще раз."
            )
        )
    digest = token_hash(f"{salt}:{stamp}")
    if rate is None:
        spent = _stamp_spend(digest, once_for=once_for, max_age=max_age)
    else:
        counted, spent = _rate_add_and_stamp_spend(rate, digest, once_for=once_for, max_age=max_age)
        if not counted:
            return StampCheck(str(RATE_LIMITED_MESSAGE), over_rate_limit=True)
    refusal = (
        None if spent else _("Цю форму вже надіслали. Перевірте відповіді й надішліть ще раз.")
    )
    return StampCheck(refusal, rate_taken=rate is not None)


def signed_value_spend(signed: str, *, purpose: str, max_age: int) -> bool:
    """True the first time a signed value (a receipt in a link, say) is spent, False after: one
    INSERT ... ON CONFLICT into `core_spentstamp`, kept for `max_age` seconds."""
    return _stamp_spend(token_hash(f"{purpose}:{signed}"), once_for=token_hex(8), max_age=max_age)


_STAMP_SPEND = """
    INSERT INTO core_spentstamp AS spent (digest, once_for, expires_at) VALUES (%s, %s, %s)
    ON CONFLICT (digest) DO UPDATE SET once_for = EXCLUDED.once_for,
        expires_at = EXCLUDED.expires_at
    WHERE spent.once_for = EXCLUDED.once_for OR spent.expires_at <= %s
    RETURNING 1
"""


def _stamp_spend(digest: str, *, once_for: str, max_age: int) -> bool:
    """Spend the stamp for `once_for`: True the first time, and again for the same `once_for`."""
    once_for = once_for[:64]
    limiter = _rate_cache()
    if limiter is not None:
        key = "stamp:used:" + digest
        return bool(limiter.add(key, once_for, timeout=max_age) or limiter.get(key) == once_for)
    now = timezone.now()
    expires_at = now + dt.timedelta(seconds=max_age)
    return _fetch_one(_STAMP_SPEND, [digest, once_for, expires_at, now]) is not None


# The rate count first; the stamp is spent only when the count was taken (a row from `rate`).
_RATE_ADD_AND_STAMP_SPEND = """
    WITH rate AS ({rate}),
    spent AS (
        INSERT INTO core_spentstamp AS spent (digest, once_for, expires_at)
        SELECT %s, %s, %s::timestamptz FROM rate
        ON CONFLICT (digest) DO UPDATE SET once_for = EXCLUDED.once_for,
            expires_at = EXCLUDED.expires_at
        WHERE spent.once_for = EXCLUDED.once_for OR spent.expires_at <= %s
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM rate), (SELECT count(*) FROM spent)
"""


def _rate_add_and_stamp_spend(
    rate: RateTake, digest: str, *, once_for: str, max_age: int
) -> tuple[bool, bool]:
    """(counted, spent): `_rate_add` and, when it counted, `_stamp_spend` — in one statement
    on PostgreSQL (issue 15: a round trip less for every public form sent), one after the
    other in the cache or on SQLite."""
    if _rate_cache() is not None or _write_connection().vendor != "postgresql":
        if not _rate_add(rate.key, window=rate.window, limit=rate.limit):
            return False, False
        return True, _stamp_spend(digest, once_for=once_for, max_age=max_age)
    if rate.limit <= 0:
        return False, False
    now = timezone.now()
    rate_params = _rate_add_params(rate.key, window=rate.window, limit=rate.limit, now=now)
    expires_at = now + dt.timedelta(seconds=max_age)
    row = _fetch_one(
        _RATE_ADD_AND_STAMP_SPEND.format(rate=_RATE_ADD),
        [*rate_params, digest, once_for[:64], expires_at, now],
    )
    counted, spent = row or (0, 0)
    return bool(counted), bool(spent)


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
    key = client_rate_key(request, scope=scope, centre=centre)
    limiter = _rate_cache()
    if limiter is not None:
        return int(limiter.get(key) or 0) >= limit
    row = _fetch_one(_RATE_READ, [key, timezone.now()])
    return row is not None and int(row[0]) >= limit


def client_count_submission(
    request: HttpRequest, *, scope: str, window: int, centre: Centre | None = None
) -> None:
    """Count one saved submission of this client in `scope` (and centre)."""
    _rate_add(client_rate_key(request, scope=scope, centre=centre), window=window, limit=None)


def client_rate_take(
    request: HttpRequest, *, scope: str, limit: int, window: int, centre: Centre | None = None
) -> bool:
    """Check and count at once (one statement): True when this client is still within `limit`
    submissions in `scope` (and centre) for the window, and then the submission is counted;
    False past the limit, counting nothing. Give the count back with `client_rate_give_back`
    when nothing was saved after all."""
    key = client_rate_key(request, scope=scope, centre=centre)
    return _rate_add(key, window=window, limit=limit)


def client_rate_give_back(
    request: HttpRequest, *, scope: str, centre: Centre | None = None
) -> None:
    """Undo one count (`client_rate_take`, or `form_stamp_check` with a rate) whose submission
    saved nothing (errors, a repeated submit)."""
    key = client_rate_key(request, scope=scope, centre=centre)
    limiter = _rate_cache()
    if limiter is not None:
        with contextlib.suppress(ValueError):  # the window ended meanwhile
            limiter.decr(key)
        return
    _fetch_one(_RATE_GIVE_BACK, [key, timezone.now()])


def antiabuse_forget_expired() -> str:
    """The daily job: rate counts and spent stamps past their time are removed."""
    from .models import RateCount, SpentStamp

    now = timezone.now()
    counts, _kinds = RateCount.objects.filter(expires_at__lte=now).delete()
    stamps, _kinds = SpentStamp.objects.filter(expires_at__lte=now).delete()
    return f"rate counts removed: {counts}, spent stamps removed: {stamps}"


_RATE_READ = "SELECT count FROM core_ratecount WHERE key = %s AND expires_at > %s"
# One statement: a new window starts at 1; within the window the count goes up only while it is
# below the limit (no row returned past it); a NULL limit always counts.
_RATE_ADD = """
    INSERT INTO core_ratecount AS rate (key, count, expires_at) VALUES (%s, 1, %s)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate.expires_at <= %s THEN 1 ELSE rate.count + 1 END,
        expires_at = CASE WHEN rate.expires_at <= %s THEN EXCLUDED.expires_at
                          ELSE rate.expires_at END
    WHERE rate.expires_at <= %s OR %s::integer IS NULL OR rate.count < %s::integer
    RETURNING count
"""
# SQLite (the embedded demo) has no `::` casts; its untyped parameter needs none.
_RATE_ADD_SQLITE = _RATE_ADD.replace("%s::integer", "%s")
_RATE_GIVE_BACK = """
    UPDATE core_ratecount SET count = count - 1
    WHERE key = %s AND count > 0 AND expires_at > %s RETURNING count
"""


def _rate_cache() -> BaseCache | None:
    """The cache alias "ratelimit" when the settings define one (Redis, every web node), else
    None: the counters are then rows of core's own tables."""
    return caches["ratelimit"] if "ratelimit" in settings.CACHES else None


def _rate_add(key: str, *, window: int, limit: int | None) -> bool:
    limiter = _rate_cache()
    if limiter is not None:
        return _rate_add_in_cache(limiter, key, window=window, limit=limit)
    if limit is not None and limit <= 0:
        return False
    params = _rate_add_params(key, window=window, limit=limit, now=timezone.now())
    return _fetch_one(_RATE_ADD, params, sqlite_sql=_RATE_ADD_SQLITE) is not None


def _rate_add_params(key: str, *, window: int, limit: int | None, now: dt.datetime) -> list[Any]:
    return [key, now + dt.timedelta(seconds=window), now, now, now, limit, limit]


def _rate_add_in_cache(limiter: BaseCache, key: str, *, window: int, limit: int | None) -> bool:
    limiter.add(key, 0, timeout=window)
    try:
        count = limiter.incr(key)
    except ValueError:  # the window ended between add and incr
        limiter.set(key, 1, timeout=window)
        count = 1
    if limit is not None and count > limit:
        limiter.decr(key)
        return False
    return True


def _fetch_one(
    sql: str, params: list[Any], *, sqlite_sql: str | None = None
) -> tuple[Any, ...] | None:
    """One statement on the primary database (the counters are never read from a replica);
    `sqlite_sql` is the statement's spelling off PostgreSQL, when it differs."""
    connection = _write_connection()
    if sqlite_sql is not None and connection.vendor != "postgresql":
        sql = sqlite_sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _write_connection() -> Any:
    from .models import RateCount

    return connections[router.db_for_write(RateCount)]


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
