"""Browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server.

* `browser` — one headless Chromium for the whole run, started from /usr/bin/chromium (a browser
  is never downloaded).
* `open_page(...)` — a fresh page in its own context (viewport, JavaScript on or off); every
  request to a host other than the live server is aborted and recorded, and a test whose pages
  tried to reach another host FAILS (no CDNs, web fonts or analytics on public pages).
* `axe(page)` — runs axe-core's WCAG 2.1 A/AA rules and fails with each violation's rule, impact,
  help text and the failing elements.
* `public_site` — a realistic centre: main office with hours and special days, a remote
  workplace and a starosta office, 28 published services over two catalog pages, categories and
  life situations, a second centre; `staff_member` adds a head of the centre.

They live in `fixtures/` by part (`browser`, `axe`, `site` with `catalog_data`, `layout`) and
are imported here, so every test under tests/browser/ gets them as before.

The clock is frozen (ticking) on a Tuesday at 12:20 in Kyiv, so the home page always shows the
main office open and the remote workplace closed for lunch — both status tags are checked.
"""

from __future__ import annotations

import os

import pytest

from .fixtures.axe import axe
from .fixtures.browser import (
    DESKTOP_WIDTH,
    KYIV,
    NOW,
    _frozen_clock,
    browser,
    offsite_requests,
    open_page,
    page,
    signed_in,
)
from .fixtures.layout import sticking_out
from .fixtures.site import PublicSite, public_site, staff_member

# Playwright's sync API runs an asyncio loop in this thread; without this Django's ORM refuses
# the queries the tests make between page actions.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The fixtures (pytest finds them by name in this module) and what tests import from here.
__all__ = [
    "DESKTOP_WIDTH",
    "KYIV",
    "NOW",
    "PublicSite",
    "_frozen_clock",
    "axe",
    "browser",
    "offsite_requests",
    "open_page",
    "page",
    "public_site",
    "signed_in",
    "staff_member",
    "sticking_out",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    offsite = getattr(item, "funcargs", {}).get("offsite_requests")
    if offsite:
        raise AssertionError(
            "Pages tried to fetch from other hosts or broke the Content-Security-Policy "
            "(pages must be self-contained, with no inline script or style):\n  "
            + "\n  ".join(offsite)
        )
    return result
