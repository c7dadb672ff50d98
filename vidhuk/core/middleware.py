"""Guards every request passes before a view sees it.

- **Too large**: a body whose declared `Content-Length` is over
  `settings.VIDHUK_REQUEST_MAX_BYTES` is refused with 413 before anything reads it, so a 2 GB
  upload is not streamed to disk first. The limit is the largest form's (the mystery shopper's
  ten photos); the proxy's `client_max_body_size` in docs/operations.md is the same number.
- **NUL characters**: no person types U+0000, and PostgreSQL refuses it in text and jsonb
  columns. A query string or form field carrying one gets 400 with a plain page here instead of
  a server error deep in a view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

NUL = "\x00"


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _carries_nul(values: object) -> bool:
    pairs = values.lists()  # type: ignore[attr-defined]
    return any(NUL in key or any(NUL in item for item in items) for key, items in pairs)


def _plain_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    context = {"max_mb": settings.VIDHUK_REQUEST_MAX_BYTES // (1024 * 1024)}
    return HttpResponse(render_to_string(template, context, request=request), status=status)


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.VIDHUK_REQUEST_MAX_BYTES:
            return _plain_page(request, "413.html", 413)
        if _carries_nul(request.GET):
            return _plain_page(request, "400.html", 400)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        # Form fields are read here, after the language and session are set up, so that the
        # page is in the visitor's language; uploads are parsed once and kept on the request.
        if request.method == "POST" and _carries_nul(request.POST):
            return _plain_page(request, "400.html", 400)
        return None
