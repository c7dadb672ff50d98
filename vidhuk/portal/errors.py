"""Error pages in the demo and a quiet log for refusals.

- ``ProductErrorPagesMiddleware``: ``make run`` serves with ``DEBUG`` on, so Django answers a
  missing page or a crash with its technical page. With ``VIDHUK_PRODUCT_ERROR_PAGES`` set (the
  Makefile's run target sets it) the resident sees the product's own 404 and 500 pages instead,
  while everything else ``DEBUG`` gives (tracebacks in the console, static files, template
  reloading) stays. Outside ``DEBUG`` Django already uses the handlers and this does nothing.
- ``QuietForbidden``: a 403 is an expected answer (a member without the capability, a stale form),
  not a fault: its log line keeps the status and path but drops the traceback.

Nothing here imports models: the logging configuration loads this module before the apps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Both technical pages (404 and 500) tell the developer this; the product's pages never do.
TECHNICAL_MARK = b"DEBUG = True"


class ProductErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and getattr(settings, "VIDHUK_PRODUCT_ERROR_PAGES", False)
            and response.status_code in (404, 500)
            and not response.streaming
            and TECHNICAL_MARK in response.content
        ):
            from .views import page_not_found, server_error

            if response.status_code == 404:
                return page_not_found(request)
            return server_error(request)
        return response


class QuietForbidden(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
