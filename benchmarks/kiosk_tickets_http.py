#!/usr/bin/env python
"""Tickets issued by the hall's kiosks per second under gunicorn and PostgreSQL, with a count
afterwards (issue 15: "survey answers and kiosk tickets the same" as appeal submissions).

    .venv/bin/python benchmarks/kiosk_tickets_http.py --clients 32 --tickets 3000
    .venv/bin/python benchmarks/kiosk_tickets_http.py --clients 32 --tickets 3000 --whole-visit

What it does, all on loopback:

1. a throwaway PostgreSQL server, `migrate`, `seed_demo` (the demo centre `verbivka` and its
   offices), `createcachetable`, `collectstatic`;
2. in-process, with the same settings: every office of the centre open around the clock today
   (its hours replaced, today a working day of the centre's calendar), and `--clients` kiosks
   registered and set up the way staff and the device do it (`queue_device_register`, then
   `queue_device_activate`), spread over the offices in turn; each kiosk's device cookie is
   signed as the set-up page signs it;
3. gunicorn (`config.wsgi`, VIDHUK_ENV=production, 5 gthread workers × 2 threads) with
   DJANGO_SETTINGS_MODULE=benchmarks.appeals_settings and VIDHUK_QUEUE_KIOSK_RATE_LIMIT (the
   rate limits raised: every kiosk here is 127.0.0.1 and issues far more than a hall's);
4. a warm-up (not counted): the bare view for 2 s, and each kiosk opens a purpose's page and
   issues one ticket, so that no worker's first requests are timed; then the bare view
   `/healthz` under the same number of Python clients for `--bare-seconds` (the ratio's
   denominator, same client code as the kiosks);
5. each kiosk opens a purpose's page once (the first tap: its CSRF cookie and token), then
   issues tickets as fast as answers come: the second tap, a POST of the purpose (submit,
   collect, consultation in turn) and, for every other ticket, a service the office's windows
   handle, with its own submission key;
   `--double-share` are sent again with the same key by a second connection of that kiosk
   while it goes on (a double tap); every answer must
   be the redirect to the issued ticket (302). With `--whole-visit` each ticket is the whole
   visit at the kiosk: the start page, the purpose's page, the POST and the ticket page with
   its QR code (all counted in the time and the CPU);
6. counted afterwards: tickets of the run == unique keys (none lost, none doubled), and every
   office's numbers per letter unique and without gaps.

Exit code 1 when any response was not the expected one or a count is off.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import queue
import random
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_submit.form import hidden_inputs  # noqa: E402
from appeals_submit.load import Client  # noqa: E402
from bench_rates import Measured, bare_then_load, rate_table  # noqa: E402
from bench_stack import (  # noqa: E402
    demo_database,
    gunicorn_server,
    log,
    machine,
    percentile,
    postgres_server,
    production_env,
    run_python,
)

CENTRE = "verbivka"
PURPOSES = ("submit", "collect", "consultation")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="kiosks [32]")
    parser.add_argument("--tickets", type=int, default=3000, help="unique keys [3000]")
    parser.add_argument("--double-share", type=float, default=0.05)
    parser.add_argument("--whole-visit", action="store_true", help="start and ticket pages too")
    parser.add_argument("--bare-seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--access-log", action="store_true")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Kiosk:
    path: str  # /verbivka/queue/<office>/
    cookie: str  # the signed device cookie, "name=value"
    services: tuple[int, ...]  # what the office's windows handle


def set_up_kiosks(env: dict[str, str], count: int) -> list[Kiosk]:
    """In-process: the centre's offices open all day today, `count` kiosks set up over them."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core import signing
    from django.utils import timezone

    from vidhuk.catalog.models import Service
    from vidhuk.core.models import CalendarDay, Centre, Office, OfficeClosure, OpeningHours
    from vidhuk.queue.choices import DeviceKind
    from vidhuk.queue.devices import queue_device_activate, queue_device_register
    from vidhuk.queue.views.kiosk import DEVICE_COOKIE, DEVICE_COOKIE_SALT

    centre = Centre.objects.get(slug=CENTRE)
    today = timezone.localdate()
    offices = list(Office.objects.filter(centre=centre, is_active=True).order_by("position"))
    for office in offices:
        OpeningHours.objects.filter(office=office).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(office=office, weekday=day, opens=dt.time(0, 0), closes=dt.time(23, 59))
            for day in range(7)
        )
        OfficeClosure.objects.filter(office=office, date=today).delete()
    CalendarDay.objects.update_or_create(
        centre=centre, date=today, defaults={"is_working_day": True, "note": "benchmark"}
    )
    signer = signing.get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_COOKIE_SALT)
    kiosks = []
    for n in range(count):
        office = offices[n % len(offices)]
        _device, code = queue_device_register(
            office=office, kind=DeviceKind.KIOSK, label=f"Кіоск {n + 1}", actor=None
        )
        _device, token = queue_device_activate(centre=centre, code=code)
        handled = Service.objects.filter(
            windows__office=office, windows__is_active=True
        ).values_list("pk", flat=True)
        kiosks.append(
            Kiosk(
                path=f"/{CENTRE}/queue/{office.slug}/",
                cookie=f"{DEVICE_COOKIE}={signer.sign(token)}",
                services=tuple(sorted(set(handled))),
            )
        )
    return kiosks


class KioskBrowser(Client):
    """One kiosk's browser on a keep-alive connection, its device cookie set."""

    def __init__(self, port: int, kiosk: Kiosk) -> None:
        super().__init__(port)
        name, _, value = kiosk.cookie.partition("=")
        self.cookies[name] = value
        self.kiosk = kiosk

    def page(self, path: str) -> str:
        status, content, _ = self._request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        return content.decode()

    def open(self, purpose: str) -> None:
        """The first tap: the purpose's page, with the services and the form (CSRF token)."""
        html = self.page(f"{self.kiosk.path}?purpose={purpose}")
        self.fields = {"csrfmiddlewaretoken": hidden_inputs(html)["csrfmiddlewaretoken"]}

    def tap(self, key: str, purpose: str, service: int | None) -> tuple[int, str]:
        data = {**self.fields, "purpose": purpose, "service": service or "", "submission_key": key}
        status, _content, location = self._request(
            "POST", self.kiosk.path, urllib.parse.urlencode(data)
        )
        return status, location

    def ticket_page(self, location: str) -> int:
        return self._request("GET", location)[0]


Job = tuple[str, str, int | None]


def jobs_for(kiosks: list[Kiosk], args: argparse.Namespace) -> list[list[Job]]:
    """Each kiosk's tickets: keys, purposes in turn, a service for every other one."""
    rng = random.Random(2026)
    own: list[list[Job]] = [[] for _ in kiosks]
    for n in range(args.tickets):
        index = n % len(kiosks)
        services = kiosks[index].services
        service = services[n % len(services)] if services and n % 2 else None
        job = (str(uuid.uuid4()), PURPOSES[n % len(PURPOSES)], service)
        own[index].append(job)
        if rng.random() < args.double_share:
            own[index].append(job)
    return own


def warm_up(port: int, kiosks: list[Kiosk]) -> list[KioskBrowser]:
    """Every worker past its first requests (imports, templates) before anything is timed: the
    bare view for 2 s, then each kiosk opens a purpose's page and issues one ticket."""
    run_python(f"http://127.0.0.1:{port}/healthz", len(kiosks), 2, 10**9)
    browsers = [KioskBrowser(port, kiosk) for kiosk in kiosks]
    for n, browser in enumerate(browsers):
        browser.open(PURPOSES[n % len(PURPOSES)])
        status, location = browser.tap(str(uuid.uuid4()), PURPOSES[n % len(PURPOSES)], None)
        if status != 302:
            raise RuntimeError(f"warm-up ticket: {status} {location}")
        browser.page(location)
    return browsers


def run_load(
    port: int, browsers: list[KioskBrowser], args: argparse.Namespace
) -> dict[str, object]:
    kiosks = [browser.kiosk for browser in browsers]
    work = jobs_for(kiosks, args)
    latencies: list[list[float]] = [[] for _ in browsers]
    statuses: list[collections.Counter[int]] = [collections.Counter() for _ in browsers]
    failures: list[str] = []
    # A double tap: the same key again, sent by a second connection while the first waits.
    doubles: queue.SimpleQueue[tuple[int, Job] | None] = queue.SimpleQueue()

    def tap(index: int, browser: KioskBrowser, job: Job) -> None:
        key, purpose, service = job
        begin = time.perf_counter()
        if args.whole_visit:
            browser.page(browser.kiosk.path)
            browser.open(purpose)
        status, location = browser.tap(key, purpose, service)
        if status == 302 and args.whole_visit:
            status = 302 if browser.ticket_page(location) == 200 else 500
        latencies[index].append(time.perf_counter() - begin)
        statuses[index][status] += 1
        if status != 302 or "/issued/?t=" not in location:
            failures.append(f"{key}: {status} {location}")

    def kiosk(index: int) -> None:
        previous = None
        for job in work[index]:
            if job == previous:
                doubles.put((index, job))
            else:
                tap(index, browsers[index], job)
            previous = job

    def double_tapper() -> None:
        spare = {i: KioskBrowser(port, kiosks[i]) for i in range(len(kiosks))}
        for browser in spare.values():
            browser.open(PURPOSES[0])
        while (item := doubles.get()) is not None:
            tap(item[0], spare[item[0]], item[1])

    threads = [threading.Thread(target=kiosk, args=(i,), daemon=True) for i in range(len(kiosks))]
    second = threading.Thread(target=double_tapper, daemon=True)
    begin = time.monotonic()
    second.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    doubles.put(None)
    second.join()
    seconds = time.monotonic() - begin
    merged = sorted(x for own in latencies for x in own)
    total: collections.Counter[int] = collections.Counter()
    for counter in statuses:
        total.update(counter)
    return {
        "posts": sum(len(own) for own in work),
        "units": args.tickets,
        "seconds": seconds,
        "median_ms": percentile(merged, 50) * 1000,
        "p95_ms": percentile(merged, 95) * 1000,
        "statuses": dict(total),
        "failures": failures,
    }


def count_tickets(database_url: str, since: int) -> dict[str, int]:
    """The run's tickets, their distinct keys, and the numbers the run gave twice or skipped
    per office, day and letter (nothing else issues tickets meanwhile)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows, keys = conn.execute(
            "SELECT count(*), count(DISTINCT submission_key) FROM queue_ticket WHERE id > %s",
            [since],
        ).fetchone() or (0, 0)
        doubled, gaps = conn.execute(
            "SELECT coalesce(sum(n - d), 0), coalesce(sum(top - low + 1 - d), 0) FROM ("
            " SELECT count(*) AS n, count(DISTINCT number) AS d, max(number) AS top,"
            " min(number) AS low FROM queue_ticket WHERE id > %s"
            " GROUP BY office_id, day, letter) AS per_letter",
            [since],
        ).fetchone() or (0, 0)
    return {"tickets": rows, "keys": keys, "doubled": int(doubled), "gaps": int(gaps)}


def last_ticket_id(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM queue_ticket").fetchone()
    return int(row[0]) if row else 0


def report(
    args: argparse.Namespace, measured: Measured, counts: dict[str, int], header: dict
) -> bool:
    result = measured.result
    posts = int(result["posts"])
    failures: list[str] = result["failures"]
    ok = (
        not failures
        and counts["tickets"] == args.tickets == counts["keys"]
        and counts["doubled"] == 0
        and counts["gaps"] == 0
    )
    info, started_at = header["machine"], header["started_at"]
    what = "start, purpose, POST, ticket page" if args.whole_visit else "the second tap (POST)"
    print(
        f"\n## Kiosk tickets over HTTP, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
        f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM\n"
        f"- gunicorn: {args.workers} gthread workers × {args.threads} threads, production "
        f"settings (benchmarks.appeals_settings: rate limits raised)\n"
        f"- load: {args.clients} kiosks (Python clients) over the centre's offices, "
        f"{posts:,} taps = {args.tickets:,} keys + {posts - args.tickets:,} double taps; "
        f"timed: {what}\n\n"
        + rate_table(measured, sent="taps", rate="tickets", per="tap", count=posts)
        + f"\n\nCounted afterwards: {counts['tickets']:,} tickets with {counts['keys']:,} "
        f"distinct keys for {args.tickets:,} keys sent; numbers given twice "
        f"{counts['doubled']}, skipped {counts['gaps']}; statuses {result['statuses']}; "
        f"{'ok' if ok else 'NOT OK: ' + '; '.join(failures[:5])}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    header: dict[str, object] = {
        "machine": machine(),
        "started_at": dt.datetime.now(dt.UTC).astimezone(),
    }
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-kiosk-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            env["DJANGO_SETTINGS_MODULE"] = "benchmarks.appeals_settings"
            env["VIDHUK_QUEUE_KIOSK_RATE_LIMIT"] = "1000000"
            demo_database(env, workdir)
            kiosks = set_up_kiosks(env, args.clients)
            log(f"{len(kiosks)} kiosks set up over {len({k.path for k in kiosks})} offices")
            with gunicorn_server(env, workdir, args) as (port, server):
                browsers = warm_up(port, kiosks)
                since = last_ticket_id(url)
                measured = bare_then_load(
                    server.pid, port, args, lambda: run_load(port, browsers, args)
                )
            counts = count_tickets(url, since)
        return 0 if report(args, measured, counts, header) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
