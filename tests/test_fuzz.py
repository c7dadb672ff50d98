"""No request makes a server error: every URL pattern, fuzzed.

The demo centre is loaded (every app has records, so ids in paths reach real objects), then every
public and staff URL pattern — found from the URL configuration, so a page added later is
covered without editing this test — is requested by an anonymous visitor and by the centre's
head with odd values that hypothesis draws: digits that `str.isdigit()` accepts and `int()` does
not (², ٣, full-width ３), NUL and other control characters, huge numbers, dates out of range,
long and right-to-left text; in the path where a converter lets them through and in the query
string and form body under every parameter name the project's forms and views read. Bad methods
too. Any answer of 500 or more, or an exception out of a view, is collected and reported with
the request that caused it; the test fails unless there are none.

`derandomize=True` makes the draws the same on every run, so a failure here is repeatable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.forms import BaseForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import sign_in_verified
from vidhuk.accounts.models import User

ODD_DIGITS = ["²²²²", "٣", "١٢:٣٠", "０９:００", "𝟗", "½", "Ⅻ", "⁰⁹:⁰⁰"]
ODD_NUMBERS = ["0", "-1", "2147483648", "9223372036854775808", "1" * 40, "1e309", "NaN", "0x1F"]
ODD_DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "00:00", "25:61", "31.12.9999"]
ODD_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eевкщ",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "=cmd|' /C calc'!A0",
    "x" * 5000,
    "🙂" * 300,
]
ODD_VALUES = st.one_of(
    st.sampled_from(ODD_DIGITS + ODD_NUMBERS + ODD_DATES + ODD_TEXT),
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
PATH_TEXT = [
    v for v in ODD_DIGITS + ODD_NUMBERS + ODD_DATES + ODD_TEXT if v.strip() and "/" not in v
]
REAL_IDS = ["1", "2", "3", "4", "5", "8", "13"]
IDS = REAL_IDS + REAL_IDS + ["0", "2147483648", "9223372036854775808", "1" * 30]
# Every parameter name at once set to one of these: a field a view reads without a form finds
# its odd value whatever it is called.
SWEEP = ["²²²²", "١٢:٣٠", "9999-12-31", "0001-01-01", "9223372036854775808", "-1", "1e309", "NaN"]
EXAMPLES_PER_ROUTE = 4
CHUNKS = 4
BAD_METHODS = ["put", "patch", "delete", "options", "head", "trace"]


def _walk(patterns, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def routes() -> list[str]:
    found = sorted(set(_walk(get_resolver().url_patterns)))
    # Django's own admin for platform administrators is Django's to fuzz, not ours.
    return [r for r in found if not r.startswith("platform-admin/")]


def parameter_names() -> list[str]:
    """Every field name of the project's forms, and the formsets' management fields."""
    names = {"page", "q", "next", "language", "t", "code", "token", "format", "lang"}
    pending = list(BaseForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("vidhuk."):
            names.update(getattr(form, "base_fields", {}))
    names.update(f"form-{n}" for n in ("TOTAL_FORMS", "INITIAL_FORMS", "0-text", "0-kind"))
    return sorted(names)


def _path_value(converter: str, name: str, pick) -> str:
    """A value for one path parameter; `pick` chooses one of a list (hypothesis, or the first)."""
    if name == "centre_slug":
        return pick(["verbivka", "verbivka", "no-such-centre"])
    if converter == "int":
        return pick(IDS)
    if converter == "slug":
        return pick(REAL_SLUGS + ["x", "9" * 40, "-"])
    if converter == "uuid":
        return pick(["00000000-0000-0000-0000-000000000000", _UUID])
    return pick(REAL_TEXT + PATH_TEXT)


_UUID = "6f1c2b1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e"
REAL_SLUGS: list[str] = []
# Codes, tokens, days and times in the shape the views expect, before the odd ones.
REAL_TEXT = ["2026-12-08", "09:00", "ABC234", "feedback"]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
ALTERNATION = re.compile(r"\(\?P<\w+>([\w|-]+)\)")


TEXT_PARAMETER = re.compile(r"<(?:str:)?(?!centre_slug)\w+>")


def _fill_text(route: str, value: str) -> str:
    """The route with every text parameter (codes, tokens, days, times) set to `value`."""
    return _fill(TEXT_PARAMETER.sub(value, route), lambda options: options[0])


def _fill(route: str, pick) -> str:
    url = ALTERNATION.sub(lambda m: pick(m.group(1).split("|")), route)
    url = CONVERTER.sub(lambda m: _path_value(m.group(1) or "str", m.group(2), pick), url)
    return "/" + url.replace("^", "").replace("$", "")


@pytest.fixture
def demo(db) -> dict[str, Client]:
    call_command("seed_demo", verbosity=0)
    from vidhuk.catalog.models import Service
    from vidhuk.core.models import Office

    REAL_SLUGS[:] = list(Office.objects.values_list("slug", flat=True)) + list(
        Service.objects.values_list("slug", flat=True)[:5]
    )
    head = Client(raise_request_exception=True)
    sign_in_verified(head, User.objects.get(username="demo-head"))
    return {"anonymous": Client(raise_request_exception=True), "head": head}


def _request(client: Client, method: str, url: str, data: dict[str, str]) -> str | None:
    """None when the answer is below 500, else what went wrong."""
    try:
        with transaction.atomic():
            if method == "get":
                response = client.get(url, data)
            elif method == "post":
                response = client.post(url, data)
            else:
                response = getattr(client, method)(url)
    except Exception as error:  # noqa: BLE001 — every escape from a view is the finding
        return f"{type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        return f"status {response.status_code}"
    return None


def _fuzzer(route: str, clients: dict[str, Client], names: list[str], found: list[str]):
    """A hypothesis test of one URL pattern: each example is one request."""

    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        url = _fill(route, lambda options: data.draw(st.sampled_from(options)))
        chosen = data.draw(st.lists(st.sampled_from(names), max_size=6, unique=True))
        params = {name: data.draw(ODD_VALUES) for name in chosen}
        who = data.draw(st.sampled_from(sorted(clients)))
        method = data.draw(st.sampled_from(["get", "post"]))
        found.append(f"{who} {method.upper()} {url!r} {params!r}")
        problem = _request(clients[who], method, url, params)
        if problem:
            found[-1] += f" → {problem}"

    return fuzz


def _sweep(route: str, clients: dict[str, Client], names: list[str], found: list[str]) -> None:
    who = "head" if route.startswith("staff/") else "anonymous"
    url = _fill(route, lambda options: options[0])
    for value in SWEEP:
        for method in ("get", "post"):
            found.append(f"{who} {method.upper()} {url!r} every name = {value!r}")
            problem = _request(clients[who], method, url, dict.fromkeys(names, value))
            if problem:
                found[-1] += f" → {problem}"
    if TEXT_PARAMETER.search(route):
        for value in SWEEP:
            odd = _fill_text(route, value)
            found.append(f"{who} GET {odd!r}")
            problem = _request(clients[who], "get", odd, {})
            if problem:
                found[-1] += f" → {problem}"
    for method in BAD_METHODS:
        found.append(f"head {method.upper()} {url!r}")
        problem = _request(clients["head"], method, url, {})
        if problem:
            found[-1] += f" → {problem}"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_no_url_pattern_answers_with_a_server_error(demo, chunk):
    names = parameter_names()
    mine = routes()[chunk::CHUNKS]
    sent: list[str] = []

    for route in mine:
        _sweep(route, demo, names, sent)
        _fuzzer(route, demo, names, sent)()

    print(f"VIDHUK-FUZZ-REQUESTS {len(sent)}")  # read by benchmarks/reliability.py
    per_route = len(SWEEP) * 2 + len(BAD_METHODS) + EXAMPLES_PER_ROUTE
    assert len(sent) >= len(mine) * per_route
    assert [request for request in sent if " → " in request] == []


def test_the_fuzz_walks_public_and_staff_pages():
    found = routes()

    assert "<slug:centre_slug>/booking/" in found
    assert "staff/<slug:centre_slug>/appeals/export.csv" in found
    assert len(found) > 150
