"""Holes in a cached page: the few values each visitor must get afresh (a form's stamp and its
submission key), so that a page with a form that posts can still come from the page cache
(vidhuk/core/pagecache.py).

A view renders `hole(kind, arg)` where such a value goes; the page is stored with the holes and
every answer — rendered or from the cache — has them filled for its own request by
`fill_holes`. A hole is a string of two private-use characters around its kind and argument:
HTML escaping leaves it as it is, and no text a person types reaches a page unanswered with it
(a form comes back bound, without holes)."""

from __future__ import annotations

import re
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateformat import time_format

from . import antiabuse

OPEN, CLOSE = "\ue000", "\ue001"
_PATTERN = re.compile(f"{OPEN}hole:([a-z-]+):([^{CLOSE}]*){CLOSE}".encode())


KINDS = ("uuid", "form-stamp", "now-ms", "clock")


def hole(kind: str, arg: str = "") -> str:
    """The place of a value filled per request: ``uuid`` (a new random key), ``form-stamp``
    (a form stamp with the salt ``arg`` for the requesting client, `formguard.GuardedForm`),
    ``now-ms`` (the time now in milliseconds since the epoch) or ``clock`` (the local time now
    as ``{{ now|time:"H:i" }}`` shows it)."""
    if kind not in KINDS:
        raise ValueError(f"unknown hole {kind!r}")
    return f"{OPEN}hole:{kind}:{arg}{CLOSE}"


def _filled(request: HttpRequest, kind: str, arg: str) -> str:
    if kind == "uuid":
        return str(uuid.uuid4())
    if kind == "now-ms":
        return str(int(timezone.now().timestamp() * 1000))
    if kind == "clock":
        return time_format(timezone.localtime(), "H:i")
    return antiabuse.issue_form_stamp(salt=arg, client=antiabuse.client_address(request))


def fill_holes(request: HttpRequest, response: HttpResponse) -> None:
    content = response.content
    if OPEN.encode() not in content:
        return
    filled = _PATTERN.sub(
        lambda found: _filled(request, found[1].decode(), found[2].decode()).encode(), content
    )
    response.content = filled
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(filled))
