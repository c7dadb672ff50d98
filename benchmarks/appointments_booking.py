#!/usr/bin/env python
"""Online bookings per second under gunicorn and PostgreSQL, and zero double bookings counted.

    .venv/bin/python benchmarks/appointments_booking.py --bookers 200 --attempts 3 --slots 60

What it does, all on loopback:

1. a throwaway PostgreSQL server (same settings as the test server), `migrate`, `seed_demo`,
   then the demo windows and schedules (vidhuk.demo.appointments.seed_appointments);
2. picks `--slots` free times ("hot slots") of the next working days for the services of the
   main office's windows — fewer slots than attempts, so bookers collide on purpose;
3. starts gunicorn (`config.wsgi`, VIDHUK_ENV=production, 2 × cores + 1 gthread workers × 2
   threads) with DJANGO_SETTINGS_MODULE=benchmarks.appointments_settings (rate limit raised);
4. each of the `--bookers` threads opens the contact form like a browser (GET: CSRF cookie and
   token, the signed form stamp), all wait once until the stamps are older than the form's
   minimum; then all at once each POSTs `--attempts` bookings of a random hot slot, each with a
   new submission key and its own phone number (so the per-person limit does not interfere);
5. a response is either the redirect to the private page (booked, 302) or the page again with
   «Цей час щойно зайняли» (a clear refusal, 200); anything else is an error;
6. counts in the database afterwards: booked visits == 302 responses, no window holds two
   visits that overlap in time (a self-join over every holding visit), no slot start twice;
7. prints bookings/s (POSTs/s), median and p95 latency.

Exit code 1 when any response was neither, or any count is off.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import os
import queue
import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_submit.form import cookies_from, hidden_inputs  # noqa: E402
from catalog_http import (  # noqa: E402
    Interrupted,
    _raise_interrupted,
    gunicorn_server,
    log,
    machine,
    manage,
    percentile,
    postgres_server,
    production_env,
)

CENTRE = "verbivka"
SETTINGS = "benchmarks.appointments_settings"
REFUSAL = "Цей час щойно зайняли".encode()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookers", type=int, default=200, help="concurrent bookers [200]")
    parser.add_argument("--attempts", type=int, default=3, help="bookings per booker [3]")
    parser.add_argument("--slots", type=int, default=60, help="hot slots to fight over [60]")
    parser.add_argument("--seed", type=int, default=2026, help="random seed [2026]")
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help=f"gunicorn workers [{2 * cores + 1}]"
    )
    parser.add_argument("--threads", type=int, default=2, help="threads per worker [2]")
    parser.add_argument("--access-log", action="store_true", help="gunicorn access log")
    return parser.parse_args(argv)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def hot_slots(count: int) -> list[str]:
    """Paths of the contact form for `count` free times of the main office's windows."""
    from django.utils import timezone

    from vidhuk.appointments.selectors import bookable_days, free_slots
    from vidhuk.core.models import Centre, Window
    from vidhuk.demo.appointments import seed_appointments

    centre = Centre.objects.get(slug=CENTRE)
    seed_appointments(centre)
    paths: list[str] = []
    now = timezone.now() + dt.timedelta(minutes=5)
    windows = Window.objects.filter(centre=centre, office__slug="main").prefetch_related("services")
    for window in windows:
        service = window.services.order_by("code").first()
        if service is None:
            continue
        for day, _free in bookable_days(office=window.office, service=service, now=now)[1:3]:
            for slot in free_slots(office=window.office, service=service, day=day, now=now):
                local = timezone.localtime(slot.starts_at)
                paths.append(
                    f"/{CENTRE}/booking/{service.pk}/{window.office_id}/{day.isoformat()}/"
                    f"{local:%H%M}/"
                )
    random.Random(7).shuffle(paths)
    if len(paths) < count:
        log(f"only {len(paths)} free slots found; using them all")
    return sorted(set(paths[:count]))


def aged_stamp() -> str:
    """The form stamp the contact form would carry had it been shown to this client (127.0.0.1,
    the benchmark's only client) FORM_MIN_SECONDS + 1 s ago: the stamp names its client."""
    from unittest import mock

    from vidhuk.appointments.forms import FORM_MIN_SECONDS, FORM_STAMP_SALT
    from vidhuk.core import antiabuse

    shown_at = time.time() - FORM_MIN_SECONDS - 1
    with mock.patch.object(antiabuse.time, "time", return_value=shown_at):
        return antiabuse.issue_form_stamp(salt=FORM_STAMP_SALT, client="127.0.0.1")


def statements_of_one_post(path: str, phone: str, expect: int) -> list[str]:
    """In-process, with Django's test client and the benchmark's production settings: the SQL
    statements of one POST of the contact form (BEGIN and COMMIT included, as Django logs
    them); ``expect``: 302 for a booking, 200 for a refusal."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(path)
    fields = hidden_inputs(page.content.decode())
    fields["form_stamp"] = aged_stamp()
    fields.update(name="Перевірка", phone=phone, email="", website="")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, fields)
    if response.status_code != expect or (expect == 200 and REFUSAL not in response.content):
        raise RuntimeError(f"in-process POST: {response.status_code} {response.content[:2000]!r}")
    return [query["sql"] for query in captured.captured_queries]


def queries_of_one_booking(path: str) -> int:
    """One booking's SQL statements (and its traceback, should it fail)."""
    return len(statements_of_one_post(path, "+380670000001", 302))


class Booker:
    """One browser: its own cookies, CSRF token and form stamp, one keep-alive connection."""

    def __init__(self, port: int, n: int) -> None:
        self.port, self.n = port, n
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.fields: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
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
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        cookies_from(response, self.cookies)
        if response.will_close:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return response.status, content

    def open_form(self, path: str) -> None:
        status, content = self._request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        found = hidden_inputs(content.decode())
        self.fields = {
            "csrfmiddlewaretoken": found["csrfmiddlewaretoken"],
            "form_stamp": found["form_stamp"],
        }

    def book(self, path: str, attempt: int) -> tuple[int, bytes]:
        phone = f"+38067{self.n:04d}{attempt:03d}"
        body = urllib.parse.urlencode(
            {
                **self.fields,
                "submission_key": str(uuid.uuid4()),
                "website": "",
                "name": f"Відвідувач {self.n}-{attempt}",
                "phone": phone,
                "email": "",
            }
        )
        return self._request("POST", path, body)


def run_load(port: int, args: argparse.Namespace, paths: list[str]) -> dict[str, object]:
    from vidhuk.appointments.forms import FORM_MIN_SECONDS

    rng = random.Random(args.seed)
    bookers = [Booker(port, n) for n in range(args.bookers)]
    for booker in bookers:
        booker.open_form(rng.choice(paths))
    wait = FORM_MIN_SECONDS + 0.5
    log(f"{args.bookers} forms opened; waiting {wait:.1f} s for their stamps to age")
    time.sleep(wait)
    plans = [[rng.choice(paths) for _ in range(args.attempts)] for _ in bookers]
    latencies: list[list[float]] = [[] for _ in bookers]
    outcomes: list[collections.Counter[str]] = [collections.Counter() for _ in bookers]
    failures: queue.SimpleQueue[str] = queue.SimpleQueue()
    start = threading.Barrier(len(bookers) + 1)

    def run(index: int) -> None:
        booker = bookers[index]
        start.wait()
        for attempt, path in enumerate(plans[index]):
            begin = time.perf_counter()
            try:
                status, content = booker.book(path, attempt)
            except (OSError, http.client.HTTPException) as error:
                outcomes[index]["error"] += 1
                failures.put(f"{path}: {error!r}")
                continue
            latencies[index].append(time.perf_counter() - begin)
            if status == 302:
                outcomes[index]["booked"] += 1
            elif status == 200 and REFUSAL in content:
                outcomes[index]["refused"] += 1
            else:
                outcomes[index]["error"] += 1
                failures.put(f"{path}: {status} {content[:300]!r}")

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(bookers))]
    for thread in threads:
        thread.start()
    start.wait()
    begin = time.monotonic()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begin
    merged = sorted(x for own in latencies for x in own)
    total: collections.Counter[str] = collections.Counter()
    for counter in outcomes:
        total.update(counter)
    errors = []
    while not failures.empty():
        errors.append(failures.get())
    requests = sum(total.values())
    return {
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds,
        "median_ms": statistics.median(merged) * 1000 if merged else 0.0,
        "p95_ms": percentile(merged, 95) * 1000,
        "max_ms": merged[-1] * 1000 if merged else 0.0,
        "outcomes": dict(total),
        "errors": errors[:10],
    }


def count_afterwards(booked_responses: int) -> dict[str, object]:
    from django.db import connection

    from vidhuk.appointments.choices import HOLDING_STATUSES, BookingChannel
    from vidhuk.appointments.models import Appointment

    # The load's visits (the in-process check booked one more, as «Перевірка»).
    online = Appointment.objects.filter(
        channel=BookingChannel.ONLINE, name__startswith="Відвідувач "
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM appointments_appointment a JOIN appointments_appointment b "
            "ON a.window_id = b.window_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "WHERE a.status = ANY(%s) AND b.status = ANY(%s)",
            [list(HOLDING_STATUSES), list(HOLDING_STATUSES)],
        )
        overlapping = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT window_id, starts_at FROM appointments_appointment "
            "WHERE status = ANY(%s) GROUP BY 1, 2 HAVING count(*) > 1) t",
            [list(HOLDING_STATUSES)],
        )
        doubled = cursor.fetchone()[0]
    result = {
        "booked_responses": booked_responses,
        "online_visits_in_database": online.count(),
        "overlapping_pairs_at_one_window": overlapping,
        "slot_starts_held_twice": doubled,
    }
    result["ok"] = overlapping == 0 and doubled == 0 and online.count() == booked_responses
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-booking-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            env.update(DJANGO_SETTINGS_MODULE=SETTINGS)
            seed_env = dict(env)
            seed_env.pop("VIDHUK_ENV")  # seed_demo refuses production (demo passwords)
            manage(seed_env, workdir, "migrate", "--noinput")
            manage(seed_env, workdir, "seed_demo")
            manage(env, workdir, "createcachetable")  # production's cache; migrate ran without
            manage(env, workdir, "collectstatic", "--noinput")
            setup_django(env)
            paths = hot_slots(args.slots + 1)
            query_count = queries_of_one_booking(paths.pop())
            log(
                f"{len(paths)} hot slots over the main office's windows; one booking in-process: "
                f"{query_count} SQL queries"
            )
            with gunicorn_server(env, workdir, args) as (port, server):
                log(
                    f"gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} "
                    f"threads; {args.bookers} bookers × {args.attempts} attempts"
                )
                result = run_load(port, args, paths)
                if server.poll() is not None:
                    raise RuntimeError("gunicorn died during the run")
            outcomes: dict[str, int] = result["outcomes"]  # type: ignore[assignment]
            counts = count_afterwards(outcomes.get("booked", 0))
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
            print(
                f"\n## Online booking, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
                f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
                f"PostgreSQL {version}\n"
                f"- gunicorn: {args.workers} gthread workers × {args.threads} threads, "
                f"VIDHUK_ENV=production, settings {SETTINGS} (rate limit raised)\n"
                f"- load: {args.bookers} concurrent bookers (Python threads, keep-alive) × "
                f"{args.attempts} bookings each, on {len(paths)} hot slots of the demo centre; "
                f"{query_count} SQL queries per booking\n"
            )
            print(
                "| POSTs | seconds | POSTs/s | median ms | p95 ms | max ms | booked | refused "
                "(«щойно зайняли») | errors |"
            )
            print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
            print(
                f"| {result['requests']} | {result['seconds']:.1f} | {result['rps']:.1f} "
                f"| {result['median_ms']:.0f} | {result['p95_ms']:.0f} | {result['max_ms']:.0f} "
                f"| {outcomes.get('booked', 0)} | {outcomes.get('refused', 0)} "
                f"| {outcomes.get('error', 0)} |"
            )
            print("\nCount afterwards:\n")
            for name, value in counts.items():
                print(f"- {name}: {value}")
            for line in result["errors"]:  # type: ignore[attr-defined]
                print(f"- error: {line[:200]}")
            logfile = workdir / "gunicorn.log"
            if outcomes.get("error") and logfile.exists():
                log(f"--- gunicorn.log (tail) ---\n{logfile.read_text(errors='replace')[-4000:]}")
        return 0 if counts["ok"] and not outcomes.get("error") else 1
    except (KeyboardInterrupt, Interrupted) as stop:
        log(f"interrupted ({str(stop) or 'SIGINT'}); cleaned up")
        return 130
    except Exception:
        for name in ("gunicorn.log", "gunicorn.out"):
            logfile = workdir / name
            if logfile.exists() and logfile.stat().st_size:
                log(f"--- {name} (tail) ---\n{logfile.read_text(errors='replace')[-3000:]}")
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
