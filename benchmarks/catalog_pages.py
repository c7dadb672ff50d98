"""The pages `catalog_http.py` loads: key → (label, path), the statuses they answer with, and
the paths found in-process before the load (a booking's free time, the board's state)."""

from __future__ import annotations

import re
import time
import urllib.parse

CENTRE = "verbivka"
SEARCH = "паспорта"

# key: (label, path); the bare view always runs first: every ratio is to it, in the same run.
BOARD_OFFICE = "demo-queue"  # vidhuk/demo/queue.py's DEMO_OFFICE_SLUG
SURVEY = "visitor-survey"  # vidhuk/demo/surveys.py's SLUG


def pages(service_slug: str) -> dict[str, tuple[str, str]]:
    return {
        "healthz": ("bare view /healthz", "/healthz"),
        "list": ("catalog list", f"/{CENTRE}/services/"),
        "search": (
            f"search «{SEARCH}»",
            f"/{CENTRE}/services/?q={urllib.parse.quote(SEARCH)}",
        ),
        "card": ("service card", f"/{CENTRE}/services/{service_slug}/"),
        "home": ("centre home", f"/{CENTRE}/"),
        "board": ("queue board", f"/{CENTRE}/queue/{BOARD_OFFICE}/board/"),
        # What every screen asks every 2 s: its state in `v` (found in-process), 204 while
        # nothing changed.
        "board-poll": ("queue board's poll, nothing new (204)", BOARD_POLL[0]),
        "survey": ("public survey form", f"/{CENTRE}/survey/{SURVEY}/"),
        # What cannot come from the page cache: the form sent back with the required answers
        # missing (a POST: the body found in-process, FORM_BODIES). The query only tells this
        # page's figures from the form's; the view ignores it.
        "survey-errors": ("public survey form, sent back with errors (POST)", SURVEY_ERRORS),
        "results": ("public survey results", f"/{CENTRE}/survey/{SURVEY}/results/"),
        "booking": ("booking, first step", f"/{CENTRE}/booking/"),
        # The steps after it show live free times: never cached (BOOKING: found in-process).
        "booking-office": ("booking, the office", _step(2)),
        "booking-day": ("booking, the day", _step(3)),
        "booking-time": ("booking, the time", _step(4)),
        "booking-contact": ("booking, the contact form", _step(5)),
    }


BOOKING = [f"/{CENTRE}/booking/0/0/2000-01-01/0900/"]  # a free time's contact form
BOARD_POLL = [f"/{CENTRE}/queue/{BOARD_OFFICE}/board/calls/?v=0"]  # with the board's state
EXPECT = {"board-poll": 204}  # the status a page answers with, when not 200
SURVEY_ERRORS = f"/{CENTRE}/survey/{SURVEY}/?sent=errors"
# path → the urlencoded form POSTed to it (found in-process: the page's key and stamp).
FORM_BODIES: dict[str, str] = {}


def _expected(path: str) -> int:
    key = next((k for k, (_label, p) in pages(SERVICE[0]).items() if p == path), "")
    return EXPECT.get(key, 200)


def _step(parts: int) -> str:
    """The booking step whose path has `parts` parts after the centre (booking/…)."""
    return "/" + "/".join(BOOKING[0].strip("/").split("/")[: parts + 1]) + "/"


SELECTED: list[str] = list(pages("card"))
SERVICE = ["card"]  # the service card's slug, once known


def urls(service_slug: str) -> list[str]:
    every = pages(service_slug)
    return [every[key][1] for key in ["healthz", *[k for k in SELECTED if k != "healthz"]]]


FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')


def survey_errors_body() -> str:
    """The survey form as a visitor gets it (its key and stamp, from the page cache) with only
    the free-text answer typed: every required question comes back with its error. Nothing is
    stored, so the same body serves every request of the run."""
    from django.test import Client

    page = Client(HTTP_HOST="127.0.0.1").get(pages("card")["survey"][1]).content.decode()
    data = dict(HIDDEN_INPUT.findall(page))
    if "form_stamp" not in data:
        raise RuntimeError("the survey form carries no stamp")
    data["q_improve"] = "Більше місць для сидіння."
    from vidhuk.core.formguard import FORM_MIN_SECONDS

    time.sleep(FORM_MIN_SECONDS + 0.5)  # a younger stamp is refused as a script's
    return urllib.parse.urlencode(data)
