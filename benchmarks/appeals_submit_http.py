#!/usr/bin/env python
"""Web submissions of appeals per second under gunicorn and PostgreSQL, with a count afterwards.

    .venv/bin/python benchmarks/appeals_submit_http.py --clients 32 --submissions 3000

What it does, all on loopback:

1. starts the cached PostgreSQL cluster (benchmarks/appeals_common.py) and works on a copy of
   the 200,000-case database, so numbering continues a busy year as in a real centre;
2. in-process, with Django's test client: the SQL queries of one submission (POST of the form);
3. starts gunicorn (`config.wsgi`, VIDHUK_ENV=production, 5 gthread workers × 2 threads as
   docs/operations.md says) with DJANGO_SETTINGS_MODULE=benchmarks.appeals_settings, which is
   config.settings with the per-client rate limit raised: every client here is 127.0.0.1 and the
   project's settings have no environment override for it (see that module);
4. each of the `--clients` threads opens the form like a browser (GET: CSRF cookie and token,
   session cookie, the signed form stamp), then all wait until the stamps are older than the
   form's minimum (3 s) — once;
5. the threads take submissions from one queue and POST them, each with its own
   `submission_key` (a new UUID), over keep-alive connections: a mix of kinds (statements,
   complaints, proposals, information requests, named questions, anonymous thanks), with and
   without e-mail; `--double-share` of them (5 %) are queued twice in a row, so two clients send
   the same key at about the same moment (a double click); every response must be the redirect
   to the confirmation page (302), anything else is an error;
6. counts in the database afterwards: new rows == unique keys sent (none lost, none
   duplicated), every key once, registration indexes unique per centre and year, numbers
   without gaps, the year's counter equal to the last number, one "registered" event per case;
7. prints submissions/s, median and p95 latency, then stops everything (also on Ctrl-C).

Exit code 1 when any response was not 302 or any count is off.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
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
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_common import (  # noqa: E402
    add_cache_options,
    cluster,
    log,
    machine,
    manage,
    percentile,
    postgres_version,
    production_env,
    setup_django,
)
from catalog_http import (  # noqa: E402
    Interrupted,
    _raise_interrupted,
    gunicorn_server,
    machine_busy_seconds,
    run_python,
    tree_cpu_seconds,
)

CENTRE = "verbivka"
SETTINGS = "benchmarks.appeals_settings"
FORM_PATH = f"/{CENTRE}/appeals/new/statement/"
# (kind, anonymous, weight)
MIX = [
    ("statement", False, 35),
    ("complaint", False, 10),
    ("proposal", False, 10),
    ("info_request", False, 10),
    ("question", False, 15),
    ("thanks", True, 20),
]
TEXTS = [
    "Прошу облаштувати пандус біля входу до ЦНАП.",
    "Прошу надати копію рішення сесії щодо тарифів на вивезення сміття.",
    "Дякую адміністраторці за ввічливість і швидке оформлення документів.",
    "Довелося дві години стояти в черзі по паспорт, прошу навести лад.",
    "Які документи потрібні для реєстрації місця проживання дитини?",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_options(parser)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients [32]")
    parser.add_argument(
        "--submissions", type=int, default=3000, help="unique submissions to send [3000]"
    )
    parser.add_argument(
        "--double-share",
        type=float,
        default=0.05,
        help="share of submissions sent twice with the same key, concurrently [0.05]",
    )
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help=f"gunicorn workers [{2 * cores + 1}]"
    )
    parser.add_argument("--threads", type=int, default=2, help="threads per worker [2]")
    parser.add_argument("--access-log", action="store_true", help="gunicorn access log")
    parser.add_argument(
        "--bare-seconds",
        type=float,
        default=5,
        help="seconds of the bare view /healthz under the same clients, after the POSTs: "
        "the ratio's denominator, measured in the same run [5]",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.submissions < 1 or not 0 <= args.double_share <= 1:
        parser.error("--clients and --submissions must be positive, --double-share in 0..1")
    return args


# --------------------------------------------------------------------------------------------
# The form, as a browser sees it
# --------------------------------------------------------------------------------------------


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "input" and data.get("type") == "hidden" and data.get("name"):
            self.values[str(data["name"])] = data.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.values


def cookies_from(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def payload(rng: random.Random, kind: str, anonymous: bool, n: int) -> dict[str, str]:
    text = f"{rng.choice(TEXTS)} (бенчмарк №{n})"
    if anonymous:
        return {"text": text}
    data = {
        "full_name": f"{rng.choice(['Шевченко', 'Коваленко', 'Бойко', 'Мельник'])} "
        f"{rng.choice(['Марія', 'Олег', 'Ірина', 'Андрій'])} Петрівна",
        "address": f"м. Вербівка, вул. Садова, {rng.randint(1, 99)}",
        "text": text,
        "consent": "on",
    }
    if rng.random() < 0.6 or kind == "info_request":
        data["email"] = f"resident{n}@example.com"
    else:
        data["phone"] = f"067 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    if rng.random() < 0.3:
        data.update(
            demographics_consent="on",
            sex="female",
            age_group="36_59",
            is_idp="no",
            has_disability="no",
            is_pensioner="no",
            is_veteran="undisclosed",
        )
    return data


def form_path(kind: str, anonymous: bool) -> str:
    return f"/{CENTRE}/appeals/new/{kind}/" + ("anonymous/" if anonymous else "")


# --------------------------------------------------------------------------------------------
# In-process: the SQL of one submission
# --------------------------------------------------------------------------------------------


def queries_of_one_submission() -> tuple[int, list[str]]:
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vidhuk.appeals.forms.public_antiabuse import FORM_STAMP_SALT
    from vidhuk.core import antiabuse
    from vidhuk.core.formguard import FORM_MIN_SECONDS

    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(FORM_PATH)
    if page.status_code != 200:
        raise RuntimeError(f"GET {FORM_PATH}: {page.status_code}")
    fields = hidden_inputs(page.content.decode())
    # The same stamp the form would carry had it been shown FORM_MIN_SECONDS + 1 s ago.
    # (issued for this client, 127.0.0.1, with the clock set back: the stamp names its client)
    shown_at = time.time() - FORM_MIN_SECONDS - 1
    with mock.patch.object(antiabuse.time, "time", return_value=shown_at):
        fields["form_stamp"] = antiabuse.issue_form_stamp(salt=FORM_STAMP_SALT, client="127.0.0.1")
    fields.update(payload(random.Random(1), "statement", False, 0), website="")
    fields["submission_key"] = str(uuid.uuid4())
    with CaptureQueriesContext(connection) as captured:
        response = client.post(FORM_PATH, fields)
    if response.status_code != 302:
        raise RuntimeError(f"in-process POST: {response.status_code} {response.content[:3000]!r}")
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


# --------------------------------------------------------------------------------------------
# The load
# --------------------------------------------------------------------------------------------


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
) -> dict[str, object]:
    """Open the forms, wait once for the stamps to age, then POST everything; `on_start` and
    `on_end` are called right around the POST phase (CPU accounting)."""
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
            if status != 302 or not location.endswith(f"/{CENTRE}/appeals/sent/"):
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


# --------------------------------------------------------------------------------------------
# The count afterwards
# --------------------------------------------------------------------------------------------


class LockSampler:
    """Every 50 ms during the POST phase: how many of this database's backends are running a
    statement, and how many of those wait for a lock (the registration counter's row lock
    serialises registrations in one centre and year)."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("postgres://", "postgresql://", 1)
        self.samples: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                row = conn.execute(
                    "SELECT count(*) FILTER (WHERE state = 'active'), "
                    "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchone()
                self.samples.append((int(row[0]), int(row[1])))  # type: ignore[index]
                self._stop.wait(0.05)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join(timeout=5)
        n = len(self.samples) or 1
        return {
            "samples": len(self.samples),
            "mean_active": sum(a for a, _ in self.samples) / n,
            "mean_waiting_for_lock": sum(w for _, w in self.samples) / n,
            "share_of_samples_with_a_lock_wait": sum(1 for _, w in self.samples if w) / n,
        }


def count_afterwards(keys: set[str], rows_before: int, year: int) -> dict[str, object]:
    from django.db.models import Count, Max, Min

    from vidhuk.appeals.models import Appeal, AppealEvent, RegistrationCounter
    from vidhuk.core.models import Centre

    centre = Centre.objects.get(slug=CENTRE)
    sent = Appeal.objects.filter(centre=centre, submission_key__in=list(keys))
    per_key = sent.values("submission_key").annotate(n=Count("id")).filter(n__gt=1).count()
    rows_after = Appeal.objects.filter(centre=centre).count()
    duplicate_indexes = (
        Appeal.objects.values("centre_id", "registration_year", "registration_index")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    numbers = sent.filter(registration_year=year).aggregate(
        low=Min("registration_number"), high=Max("registration_number"), n=Count("id")
    )
    counter = RegistrationCounter.objects.get(centre=centre, year=year).last_number
    year_max = Appeal.objects.filter(centre=centre, registration_year=year).aggregate(
        m=Max("registration_number")
    )["m"]
    events = (
        AppealEvent.objects.filter(appeal__in=sent, stage="registered")
        .values("appeal_id")
        .annotate(n=Count("id"))
    )
    events_per_case = collections.Counter(row["n"] for row in events)
    found = sent.count()
    result = {
        "unique_keys_sent": len(keys),
        "rows_with_those_keys": found,
        "new_rows_in_centre": rows_after - rows_before,
        "keys_with_more_than_one_row": per_key,
        "duplicate_registration_indexes": duplicate_indexes,
        "numbers_this_run": numbers,
        "numbers_without_gaps": numbers["high"] - numbers["low"] + 1 == numbers["n"]
        if numbers["n"]
        else True,
        "counter_equals_last_number": counter == year_max,
        "registered_events_per_case": dict(events_per_case),
    }
    result["ok"] = (
        found == len(keys)
        and rows_after - rows_before == len(keys)
        and per_key == 0
        and duplicate_indexes == 0
        and result["numbers_without_gaps"]
        and result["counter_equals_last_number"]
        and set(events_per_case) == {1}
        and sum(events_per_case.values()) == found
    )
    return result


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-submit-"))
    try:
        with cluster(args) as db:
            env = production_env(workdir, db.url)
            env.update(DJANGO_SETTINGS_MODULE=SETTINGS)
            manage(env, workdir, "collectstatic", "--noinput")
            setup_django(env)
            from django.conf import settings
            from django.utils import timezone

            from vidhuk.appeals.models import Appeal

            log(
                f"settings {settings.SETTINGS_MODULE}: VIDHUK_APPEAL_RATE_LIMIT = "
                f"{getattr(settings, 'VIDHUK_APPEAL_RATE_LIMIT', '?')}; "
                f"cache {settings.CACHES['default']['BACKEND']}"
            )
            query_count, sql = queries_of_one_submission()
            log(f"one submission in-process: {query_count} SQL queries")

            rng = random.Random(args.seed)
            kinds = rng.choices(MIX, weights=[w for *_, w in MIX], k=args.submissions)
            work: list[tuple[str, str, dict[str, str]]] = []
            keys: set[str] = set()
            doubles = 0
            for n, (kind, anonymous, _w) in enumerate(kinds, start=1):
                key = str(uuid.uuid4())
                keys.add(key)
                job = (form_path(kind, anonymous), key, payload(rng, kind, anonymous, n))
                work.append(job)
                if rng.random() < args.double_share:
                    work.append(job)  # the next client takes it at about the same moment
                    doubles += 1
            year = timezone.localtime().year
            rows_before = Appeal.objects.filter(centre__slug=CENTRE).count()
            with gunicorn_server(env, workdir, args) as (port, server):
                kind_ = "gthread" if args.threads > 1 else "sync"
                log(
                    f"gunicorn on 127.0.0.1:{port}: {args.workers} {kind_} workers × "
                    f"{args.threads} threads; {args.clients} clients, {len(work):,} POSTs "
                    f"({len(keys):,} keys, {doubles} sent twice)"
                )
                marks: list[tuple[float, float, float]] = []
                sampler = LockSampler(db.url)

                def mark() -> None:
                    if marks:
                        locks.update(sampler.stop())
                    else:
                        sampler.start()
                    marks.append(
                        (
                            tree_cpu_seconds(server.pid),
                            tree_cpu_seconds(db.postmaster_pid()),
                            machine_busy_seconds(),
                        )
                    )

                locks: dict[str, float] = {}
                result = run_load(port, args.clients, work, mark, mark)
                server_cpu, database_cpu, machine_cpu = (
                    marks[1][i] - marks[0][i] for i in range(3)
                )
                bare = run_python(
                    f"http://127.0.0.1:{port}/healthz", args.clients, args.bare_seconds, 10**9
                )
                log(f"bare view /healthz, same clients: {bare.rps:,.0f} req/s")
                if server.poll() is not None:
                    raise RuntimeError("gunicorn died during the run")
            counts = count_afterwards(keys, rows_before, year)
            cores = os.cpu_count() or 1
            seconds = float(result["seconds"])  # type: ignore[arg-type]
            other = max(0.0, machine_cpu - server_cpu - database_cpu - float(result["client_cpu"]))  # type: ignore[arg-type]
            shares = " / ".join(
                f"{100 * x / seconds / cores:.0f}"
                for x in (server_cpu, database_cpu, float(result["client_cpu"]), other)  # type: ignore[arg-type]
            )
            version = postgres_version(db)
            print(
                f"\n## Appeals web submissions, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
                f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
                f"PostgreSQL {version}\n"
                f"- gunicorn: {args.workers} {kind_} workers × {args.threads} threads, "
                f"VIDHUK_ENV=production, settings {SETTINGS} (rate limit raised)\n"
                f"- load: {args.clients} concurrent clients (Python threads, keep-alive), "
                f"{len(work):,} POSTs = {len(keys):,} unique keys + {doubles} concurrent "
                f"double submits; database: copy of the {db.info['verbivka']['cases']:,}-case "  # type: ignore[index]
                f"one\n"
            )
            print(
                "| POSTs | seconds | submissions/s | bare view req/s | vs bare view "
                "| median ms | p95 ms | max ms | responses "
                "| SQL queries per submission | gunicorn CPU ms/POST | PostgreSQL CPU ms/POST "
                "| CPU % gunicorn / PostgreSQL / load-gen / other |"
            )
            print("|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|")
            n = int(result["requests"])  # type: ignore[call-overload]
            print(
                f"| {n:,} | {seconds:.1f} | {result['rps']:.1f} | {bare.rps:,.0f} "
                f"| {float(result['rps']) / (bare.rps or 1):.3f}× | {result['median_ms']:.0f} "  # type: ignore[arg-type]
                f"| {result['p95_ms']:.0f} | {result['max_ms']:.0f} "
                f"| {', '.join(f'{k}: {v:,}' for k, v in sorted(result['statuses'].items()))} "  # type: ignore[attr-defined]
                f"| {query_count} | {1000 * server_cpu / n:.1f} | {1000 * database_cpu / n:.1f} "
                f"| {shares} |"
            )
            print(
                f"\nPostgreSQL backends of this database during the POSTs (sampled every 50 ms): "
                f"{locks['mean_active']:.1f} running a statement on average, "
                f"{locks['mean_waiting_for_lock']:.1f} of them waiting for a lock; a lock wait in "
                f"{100 * locks['share_of_samples_with_a_lock_wait']:.0f} % of the samples."
            )
            print("\nCount afterwards:\n")
            for name, value in counts.items():
                print(f"- {name}: {value}")
            if result["failure_count"]:
                print(f"\nFailures ({result['failure_count']}), first ones:")
                for line in result["failures"]:  # type: ignore[attr-defined]
                    print(f"- {line}")
            if args.json:
                args.json.write_text(
                    json.dumps(
                        {
                            "date": started_at.isoformat(),
                            "machine": info,
                            "postgres": version,
                            "options": {k: str(v) for k, v in vars(args).items()},
                            "result": result,
                            "bare_view_rps": bare.rps,
                            "counts": counts,
                            "locks": locks,
                            "sql_of_one_submission": sql,
                            "cpu": {
                                "gunicorn": server_cpu,
                                "postgres": database_cpu,
                                "machine": machine_cpu,
                            },
                        },
                        ensure_ascii=False,
                        indent=2,
                        default=str,
                    )
                )
        return 0 if counts["ok"] and not result["failure_count"] else 1
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
