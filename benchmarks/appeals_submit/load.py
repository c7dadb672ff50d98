"""The load: browsers that open the form and POST submissions over keep-alive connections."""

from __future__ import annotations

import collections
import http.client
import queue
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable

from appeals_common import log, percentile

from .form import CENTRE, FORM_PATH, cookies_from, hidden_inputs
from .reference import REFERENCE_PATH


class Client:
    """One browser: its own cookies, CSRF token and form stamp, one keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.fields: dict[str, str] = {}

    def _headers(self) -> dict[str, str]:
        return {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, str]:
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        cookies_from(response, self.cookies)
        if response.will_close:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return response.status, content, response.headers.get("Location") or ""

    def open_form(self) -> None:
        status, content, _ = self._request("GET", FORM_PATH)
        if status != 200:
            raise RuntimeError(f"GET {FORM_PATH}: {status}")
        found = hidden_inputs(content.decode())
        self.fields = {
            "csrfmiddlewaretoken": found["csrfmiddlewaretoken"],
            "form_stamp": found["form_stamp"],
        }

    def open_form_stamp(self) -> str:
        """Open the form once more (the same browser) for the stamp of one submission."""
        status, content, _ = self._request("GET", FORM_PATH)
        if status != 200:
            raise RuntimeError(f"GET {FORM_PATH}: {status}")
        return hidden_inputs(content.decode())["form_stamp"]

    def submit(self, path: str, data: dict[str, str], key: str, stamp: str) -> tuple[int, str]:
        # Each form's stamp is spent by its first POST (core/antiabuse.py): a submission carries
        # the stamp of a form opened for it; a double submit repeats the same one.
        fields = {**self.fields, "form_stamp": stamp}
        body = urllib.parse.urlencode({**fields, **data, "submission_key": key, "website": ""})
        status, _content, location = self._request("POST", path, body)
        return status, location


def run_load(
    port: int,
    clients: int,
    work: list[tuple[str, str, dict[str, str]]],
    on_start: Callable[[], None],
    on_end: Callable[[], None],
    forms_opened: Callable[[], None] = lambda: None,
) -> dict[str, object]:
    """Open the forms, wait once for the stamps to age, then POST everything; `on_start` and
    `on_end` are called right around the POST phase (CPU accounting), `forms_opened` once the
    forms are open (the wait counts from before it)."""
    from vidhuk.core.formguard import FORM_MIN_SECONDS

    browsers = [Client(port) for _ in range(clients)]
    keys = list(dict.fromkeys(key for _path, key, _data in work))
    stamps: dict[str, str] = {}

    def open_forms(index: int) -> None:
        browser = browsers[index]
        browser.open_form()
        for key in keys[index::clients]:
            stamps[key] = browser.open_form_stamp()

    openers = [threading.Thread(target=open_forms, args=(i,)) for i in range(clients)]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join()
    if len(stamps) != len(keys):
        raise RuntimeError(f"opened {len(stamps)} forms for {len(keys)} submissions")
    last_form = time.monotonic()
    forms_opened()
    # Once: every stamp must be older than the minimum a person needs to fill the form in.
    wait = FORM_MIN_SECONDS + 0.5
    log(f"{len(keys):,} forms opened; waiting {wait:.1f} s for their stamps to age")
    time.sleep(max(0.0, last_form + wait - time.monotonic()))
    jobs: queue.SimpleQueue[tuple[str, str, dict[str, str]] | None] = queue.SimpleQueue()
    for job in work:
        jobs.put(job)
    for _ in browsers:
        jobs.put(None)
    latencies: list[list[float]] = [[] for _ in browsers]
    statuses: list[collections.Counter[int]] = [collections.Counter() for _ in browsers]
    failures: list[str] = []

    def client(index: int) -> None:
        browser = browsers[index]
        while True:
            job = jobs.get()
            if job is None:
                return
            path, key, data = job
            begin = time.perf_counter()
            try:
                status, location = browser.submit(path, data, key, stamps[key])
            except (OSError, http.client.HTTPException) as error:
                statuses[index][0] += 1
                failures.append(f"{key}: {error!r}")
                continue
            latencies[index].append(time.perf_counter() - begin)
            statuses[index][status] += 1
            # The confirmation's address carries the signed receipt (?r=...), no session.
            if status != 302 or f"/{CENTRE}/appeals/sent/?r=" not in location:
                failures.append(f"{key}: {status} {location}")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    on_start()
    cpu_before = time.process_time()
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begin
    on_end()
    merged = sorted(x for own in latencies for x in own)
    total_status: collections.Counter[int] = collections.Counter()
    for counter in statuses:
        total_status.update(counter)
    return {
        "requests": len(work),
        "seconds": seconds,
        "rps": len(work) / seconds,
        "median_ms": statistics.median(merged) * 1000 if merged else 0.0,
        "p95_ms": percentile(merged, 95) * 1000,
        "max_ms": merged[-1] * 1000 if merged else 0.0,
        "statuses": dict(total_status),
        "failures": failures[:20],
        "failure_count": len(failures),
        "client_cpu": time.process_time() - cpu_before,
    }


def run_reference(port: int, clients: int, seconds: float) -> dict[str, float]:
    """The reference view (reference_urls.py: one INSERT per request) under the same clients
    for `seconds`: POSTs of a form-sized body over keep-alive connections, each answered 302."""
    body = urllib.parse.urlencode({"text": "Прошу облаштувати пандус біля входу до ЦНАП." * 4})
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"}
        while time.monotonic() < deadline:
            begin = time.perf_counter()
            try:
                conn.request("POST", REFERENCE_PATH, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies[index].append(time.perf_counter() - begin)
            if response.status != 302:
                errors[index] += 1
        conn.close()

    begin = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    merged = sorted(x for own in latencies for x in own)
    return {
        "requests": len(merged),
        "rps": len(merged) / elapsed,
        "median_ms": statistics.median(merged) * 1000 if merged else 0.0,
        "p95_ms": percentile(merged, 95) * 1000,
        "errors": sum(errors),
    }
