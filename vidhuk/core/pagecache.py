"""Anonymous public pages served from a cache, invalidated by a version per centre.

A view decorated with `@public_page()` is answered from the `pages` cache (settings.CACHES)
when the request is an anonymous GET: no session cookie (so nobody signed in, no booking or
form in progress) and no messages cookie (nothing to tell this visitor). The key holds the
centre, the language and the full path with its query, so English and Ukrainian pages never mix
and every filter of the catalog is its own entry.

Each entry carries the centre's version; `public_pages_changed(centre)` sets a new version
after the transaction commits, so every page of that centre is rendered afresh on its next
view. The services that change what those pages show call it (catalog, offices, hours,
closures, calendar, ...). A page whose rendering needed a CSRF token (a form that posts), set a
cookie or wrote to the session is never stored. Pages with live parts (the home page's «open
now» and people waiting) are kept only `seconds` (30 s there) besides the version; every entry
expires after `VIDHUK_PAGE_CACHE_SECONDS` at the latest, for what no service announces (0 turns
the cache off: benchmarks/catalog_http.py --compare-page-cache measures both).

`PageCacheMiddleware` answers a stored page before the URL is resolved; an entry also keeps the
page gzipped for browsers that accept it; a page with a form that posts can still be stored
when its per-visitor values are holes (`public_page(holes=True)`, core/pageholes.py). A live
page that knows when it changes (the queue board and its poll) is stored there too, with guards
checked on every answer (`store_live_page`).

Why and the alternatives: docs/decisions/0009-public-page-cache-and-language-links.md.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from .dbrouter import primary_position, reads_from_replica, replica_has_reached
from .pageholes import fill_holes

ALIAS = "pages"
HEADER = "X-Page-Cache"

View = Callable[..., HttpResponse]
T = TypeVar("T")


def _cache() -> Any:
    return caches[ALIAS]


def centre_version_key(slug: str) -> str:
    """The cache key of the centre's version (in the `pages` cache), for a live part that keeps
    its own entries under it (the queue board's poll)."""
    return f"pages:version:{slug}"


_version_key = centre_version_key


def current_centre_version(slug: str) -> str:
    """The centre's version now (one is set when there is none yet)."""
    return _current_version(slug, _cache().get_many([_version_key(slug)]))


def _page_key(slug: str, request: HttpRequest) -> str:
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pages:page{FORMAT}:{slug}:{translation.get_language()}:{where}"


def public_pages_changed(centre: Any) -> None:
    """What the centre's public pages show has changed: render them afresh.

    Called by the services that write what those pages show."""
    slug = centre.slug

    def bump(position: str = "") -> None:
        _cache().set(_version_key(slug), uuid.uuid4().hex + position, None)

    # Now, and again after the commit: a page rendered meanwhile from the data before the
    # commit was stored under the first new version, which the second one retires. With a read
    # replica the second carries the primary's log position after the commit
    # (vidhuk/core/dbrouter.py): a page read from a replica not yet there is not stored.
    bump()
    transaction.on_commit(lambda: bump(_at(primary_position())))


def _anonymous_get(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _storable(request: HttpRequest, response: HttpResponse, *, live: bool = False) -> bool:
    """A page to keep: a 200 (for a live page, a 204 too: «nothing new»), no cookie set, no
    CSRF token used, no session written."""
    session = getattr(request, "session", None)
    return (
        (response.status_code == 200 or (live and response.status_code == 204))
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def _at(position: str) -> str:
    return f"@{position}" if position else ""


def _replica_shows(version: str) -> bool:
    """Will this page's reads (if from a replica) see the change that made `version`?"""
    return not reads_from_replica() or replica_has_reached(version.partition("@")[2])


def _current_version(slug: str, found: dict[str, Any]) -> str:
    version = found.get(_version_key(slug))
    if version is None:
        _cache().add(_version_key(slug), uuid.uuid4().hex, None)
        version = _cache().get(_version_key(slug))
    return str(version)


def public_page(*, seconds: int | None = None, holes: bool = False) -> Callable[[View], View]:
    """Serve the view's page from the cache for anonymous GETs (see the module's docstring).
    `seconds`: how long an entry may live when the page has live parts. `holes`: the page
    carries values filled per request (vidhuk/core/pageholes.py) — filled on every answer."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            slug = kwargs.get("centre_slug")
            off = settings.VIDHUK_PAGE_CACHE_SECONDS <= 0  # the switch to measure without it
            if off or not slug or not _anonymous_get(request):
                return _filled(request, view(request, *args, **kwargs), holes)
            timeout = min(seconds or settings.VIDHUK_PAGE_CACHE_SECONDS,
                          settings.VIDHUK_PAGE_CACHE_SECONDS)  # fmt: skip
            if getattr(request, _LOOKED_UP, False):
                # PageCacheMiddleware found no page: it stores this one, with every header, and
                # fills the holes after.
                version = _current_version(slug, _cache().get_many([_version_key(slug)]))
                fresh = _replica_shows(version)
                response = view(request, *args, **kwargs)
                setattr(response, _TO_STORE, (slug, version, timeout, holes, fresh))
                return response
            page_key = _page_key(slug, request)
            found = _cache().get_many([_version_key(slug), page_key])
            entry = found.get(page_key)
            if entry is not None and entry[0] == found.get(_version_key(slug)):
                return _from_entry(request, entry)
            version = _current_version(slug, found)
            fresh = _replica_shows(version)  # before the view reads: a later read sees no less
            response = view(request, *args, **kwargs)
            if _storable(request, response) and fresh:
                response[HEADER] = "miss"
                _cache().set(page_key, (version, *_stored(response, holes)), timeout)
            return _filled(request, response, holes)

        return wrapped

    return decorator


def _filled(request: HttpRequest, response: HttpResponse, holes: bool) -> HttpResponse:
    if holes and not response.streaming:
        fill_holes(request, response)
    return response


# What an entry keeps of a page (`_stored`); FORMAT is part of the keys, so entries of an
# earlier shape left in a shared cache by an earlier release are never read.
Stored = tuple[bytes, list[tuple[str, str]], bool, bytes]
FORMAT = 3
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Below this a compressed page saves less than its headers cost.
GZIP_MIN_BYTES = 1024


def _stored(
    response: HttpResponse, holes: bool
) -> tuple[bytes, list[tuple[str, str]], bool, bytes]:
    """(content, headers, holes, the content gzipped or b""): what an entry keeps of a page.
    A page with holes is filled per request, so it is never kept compressed; nothing a page
    keeps is a secret (no CSRF token, nothing of a person), so compressing it gives BREACH
    nothing to guess."""
    patch_vary_headers(response, ("Accept-Encoding",))
    content = response.content
    small = holes or len(content) < GZIP_MIN_BYTES or response.has_header("Content-Encoding")
    packed = b"" if small else gzip.compress(content, compresslevel=6, mtime=0)
    return content, list(response.items()), holes, packed


def _from_entry(request: HttpRequest, entry: tuple[Any, ...]) -> HttpResponse:
    """A response from a stored (version, content, headers, holes, gzipped): the gzipped bytes
    to a client that accepts them (every browser does), stored once instead of compressed on
    every answer by a proxy."""
    packed = entry[4] and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(entry[4] if packed else entry[1])
    if len(entry) > 5 and entry[5] is not None:  # a live page's guards, with its status
        response.status_code = entry[5][3]
    for name, value in entry[2]:
        response[name] = value
    if packed:
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(entry[4]))
    response[HEADER] = "hit"
    return _filled(request, response, entry[3])


def public_fragment(centre: Any, name: str, render: Callable[[], str]) -> str:
    """A part of a page that cannot be cached whole (a form that posts, with its fresh stamp):
    the HTML `render` returns, kept under the centre's version like the pages, so it changes
    with them. `name` says what it is and of what (the questionnaire's version, say); the active
    language is part of the key."""
    name = f"part:{translation.get_language()}:{name}"
    html = public_value(centre, name, lambda: str(render()))
    return mark_safe(html)  # noqa: S308 — HTML the template rendered and escaped


def public_value(centre: Any, name: str, compute: Callable[[], T]) -> T:
    """What a live public page reads that only the services announcing a change to the centre
    can change (an office's hours, special days and calendar for the queue board, say): the
    value `compute` returns, kept under the centre's version like the pages. `name` says what
    it is and of what; the value must pickle."""
    return centre_value(centre.slug, name, compute)


def centre_value(slug: str, name: str, compute: Callable[[], T]) -> T:
    """`public_value` of the centre whose public address has `slug`, for what is read before the
    centre itself (the centre's row: `core.selectors.centre_get_public`). A `compute` that
    raises keeps nothing."""
    if settings.VIDHUK_PAGE_CACHE_SECONDS <= 0:
        return compute()
    key = f"pages:value:{slug}:{name}"
    found = _cache().get_many([_version_key(slug), key])
    entry = found.get(key)
    version = found.get(_version_key(slug))
    if entry is not None and entry[0] == version:
        return cast(T, entry[1])
    version = _current_version(slug, found)
    value = compute()
    if _replica_shows(version):
        _cache().set(key, (version, value), settings.VIDHUK_PAGE_CACHE_SECONDS)
    return value


# --- before the views: a hit without URL resolution or the inner middleware ---------------------

_LOOKED_UP = "_vidhuk_page_cache_looked_up"
_TO_STORE = "_vidhuk_page_cache_store"


def _early_key(request: HttpRequest) -> str:
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pages:early{FORMAT}:{translation.get_language()}:{where}"


class PageCacheMiddleware:
    """Answers an anonymous GET of a page `@public_page` stored, before the URL is resolved and
    before the middleware after it (CSRF, authentication, OTP, messages, axes) runs; what comes
    before it (security headers, CSP, WhiteNoise, sessions, the language) runs on every answer.
    A page is stored here, with the headers the inner middleware gave it, when the view's
    decorator marks it; the checks are the decorator's (`_storable`, the centre's version, the
    replica). Sits right after LocaleMiddleware: the language is part of the key."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.VIDHUK_PAGE_CACHE_SECONDS <= 0 or not _anonymous_get(request):
            return self.get_response(request)
        key = _early_key(request)
        entry = _cache().get(key)
        if entry is not None and _still_valid(request, entry):
            return _from_entry(request, entry[1:])
        setattr(request, _LOOKED_UP, True)
        response = self.get_response(request)
        marked = getattr(response, _TO_STORE, None)
        if marked is None:
            return response
        slug, version, timeout, holes, fresh, *guarded = marked
        if fresh and _storable(request, response, live=bool(guarded)):
            response[HEADER] = "miss"
            stored = (slug, version, *_stored(response, holes), guarded[0] if guarded else None)
            _cache().set(key, stored, timeout)
        return _filled(request, response, holes)


def _still_valid(request: HttpRequest, entry: tuple[Any, ...]) -> bool:
    """(slug, version, content, headers, holes, gzipped, guards): the centre's version is
    still the entry's and, for a live page (`store_live_page`), so are its guards' values, its
    time has not run out and the request carries none of the cookies it leaves to the view."""
    slug, version, guards = entry[0], entry[1], entry[6]
    if guards is None:
        return bool(version == _cache().get(_version_key(slug)))
    values, until, unless_cookies, _status = guards
    if time.time() >= until or any(name in request.COOKIES for name in unless_cookies):
        return False
    keys = [_version_key(slug), *(name for name, _ in values)]
    found = _cache().get_many(keys)
    return found.get(keys[0]) == version and all(found.get(k) == v for k, v in values)


def store_live_page(
    request: HttpRequest,
    response: HttpResponse,
    *,
    centre_slug: str,
    centre_version: str,
    guards: tuple[tuple[str, str], ...],
    until: float,
    unless_cookies: tuple[str, ...] = (),
    holes: bool = True,
) -> HttpResponse:
    """A live page that knows when it changes (the queue board, which keeps its own state):
    answered by `PageCacheMiddleware` before the URL is resolved while the centre's version is
    `centre_version`, each guard's key in the pages cache still holds its value and the
    timestamp `until` has not passed; a request with one of `unless_cookies` goes to the view.
    Its status is kept (a 204 too); its `holes` are filled on every answer. Returns the response
    to send now."""
    remaining = int(until - time.time())
    if getattr(request, _LOOKED_UP, False) and remaining > 0 and _anonymous_get(request):
        extra = (guards, until, unless_cookies, response.status_code)
        marked = (centre_slug, centre_version, remaining, holes, True, extra)
        setattr(response, _TO_STORE, marked)
        return response
    return _filled(request, response, holes)
