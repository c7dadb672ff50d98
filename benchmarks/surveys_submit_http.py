#!/usr/bin/env python
"""Answers to the anonymous visitor questionnaire per second under gunicorn and PostgreSQL,
with a count afterwards (issue 15: "survey answers ... the same" as appeal submissions).

    .venv/bin/python benchmarks/surveys_submit_http.py --clients 32 --submissions 3000

What it does, all on loopback:

1. a throwaway PostgreSQL server, `migrate`, `seed_demo` (the demo centre `verbivka` with its
   published visitor questionnaire), `createcachetable`, `collectstatic`;
2. gunicorn (`config.wsgi`, VIDHUK_ENV=production, 5 gthread workers × 2 threads) with
   DJANGO_SETTINGS_MODULE=benchmarks.appeals_settings (the per-client rate limits raised: every
   client here is 127.0.0.1);
3. the bare view `/healthz` under the same number of Python clients for `--bare-seconds`, first
   (the ratio's denominator, same client code as the POSTs);
4. each client opens the questionnaire once per submission (GET: the page from the page cache,
   its submission key and form stamp filled for this request), all wait once until the stamps
   are older than the form's minimum (3 s), then POST the answers — a short and a complete set,
   alternately — each with its own submission key; `--double-share` are sent twice at once with
   the same key (a double click); every answer must be the redirect to the thanks page (302);
5. counted afterwards: responses of the run == unique keys (none lost, none doubled).

Exit code 1 when any response was not 302 or the count is off.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_submit.form import hidden_inputs  # noqa: E402
from appeals_submit.load import Client  # noqa: E402
from bench_rates import bare_then_load, rate_table  # noqa: E402
from bench_stack import (  # noqa: E402
    demo_database,
    gunicorn_server,
    log,
    machine,
    percentile,
    postgres_server,
    production_env,
)

CENTRE = "verbivka"
PATH = f"/{CENTRE}/survey/visitor-survey/"
SHORT = {"q_purpose": "consultation", "q_overall": "acceptable"}
COMPLETE = {
    **SHORT,
    "q_overall": "excellent",
    "q_recommend": "9",
    "q_improve": "Більше місць для сидіння в залі очікування.",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--submissions", type=int, default=3000, help="unique keys [3000]")
    parser.add_argument("--double-share", type=float, default=0.05)
    parser.add_argument("--bare-seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--access-log", action="store_true")
    return parser.parse_args(argv)


class Browser(Client):
    """One browser on a keep-alive connection (appeals_submit's client: it reconnects when
    gunicorn closed an idle connection), opening the questionnaire instead of the appeal form."""

    def request(self, method: str, body: str | None = None) -> tuple[int, bytes, str]:
        return self._request(method, PATH, body)

    def open_questionnaire(self) -> dict[str, str]:
        status, content, _ = self.request("GET")
        if status != 200:
            raise RuntimeError(f"GET {PATH}: {status}")
        fields = hidden_inputs(content.decode())
        return {name: fields[name] for name in ("form_stamp", "shown_version")}


def run_load(port: int, args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(2026)
    keys = [str(uuid.uuid4()) for _ in range(args.submissions)]
    work = []
    for n, key in enumerate(keys):
        answers = COMPLETE if n % 2 else SHORT
        work.append((key, answers))
        if rng.random() < args.double_share:
            work.append((key, answers))
    browsers = [Browser(port) for _ in range(args.clients)]
    forms: dict[str, dict[str, str]] = {}

    def open_forms(index: int) -> None:
        for key in keys[index :: args.clients]:
            forms[key] = browsers[index].open_questionnaire()

    openers = [threading.Thread(target=open_forms, args=(i,)) for i in range(args.clients)]
    for thread in [*openers]:
        thread.start()
    for thread in openers:
        thread.join()
    log(f"{len(forms):,} forms opened; waiting 3.5 s for their stamps to age")
    time.sleep(3.5)
    jobs: queue.SimpleQueue[tuple[str, dict[str, str]] | None] = queue.SimpleQueue()
    for job in work:
        jobs.put(job)
    for _ in browsers:
        jobs.put(None)
    latencies: list[list[float]] = [[] for _ in browsers]
    statuses: list[collections.Counter[int]] = [collections.Counter() for _ in browsers]
    failures: list[str] = []

    def post(index: int) -> None:
        while (job := jobs.get()) is not None:
            key, answers = job
            body = urllib.parse.urlencode(
                {**forms[key], **answers, "submission_key": key, "website": ""}
            )
            begin = time.perf_counter()
            status, _content, location = browsers[index].request("POST", body)
            latencies[index].append(time.perf_counter() - begin)
            statuses[index][status] += 1
            if status != 302 or not location.endswith("/thanks/"):
                failures.append(f"{key}: {status} {location}")

    threads = [threading.Thread(target=post, args=(i,), daemon=True) for i in range(args.clients)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begin
    merged = sorted(x for own in latencies for x in own)
    total: collections.Counter[int] = collections.Counter()
    for counter in statuses:
        total.update(counter)
    return {
        "posts": len(work),
        "keys": len(keys),
        "units": len(keys),
        "seconds": seconds,
        "median_ms": percentile(merged, 50) * 1000,
        "p95_ms": percentile(merged, 95) * 1000,
        "statuses": dict(total),
        "failures": failures,
    }


def count_responses(database_url: str, since: int) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*), count(DISTINCT submission_key) FROM surveys_response WHERE id > %s",
            [since],
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def last_response_id(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM surveys_response").fetchone()
    return int(row[0]) if row else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-surveys-submit-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            env["DJANGO_SETTINGS_MODULE"] = "benchmarks.appeals_settings"
            demo_database(env, workdir)
            since = last_response_id(url)
            with gunicorn_server(env, workdir, args) as (port, server):
                measured = bare_then_load(server.pid, port, args, lambda: run_load(port, args))
            rows, distinct = count_responses(url, since)
        result = measured.result
        posts, keys = int(result["posts"]), int(result["keys"])
        failures: list[str] = result["failures"]
        ok = not failures and rows == keys and distinct == keys
        print(
            f"\n## Questionnaire answers over HTTP, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
            f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM\n"
            f"- gunicorn: {args.workers} gthread workers × {args.threads} threads, production "
            f"settings (benchmarks.appeals_settings: rate limits raised)\n"
            f"- load: {args.clients} Python clients, {posts:,} POSTs = {keys:,} keys + "
            f"{posts - keys:,} double submits; each form opened by a GET first (not timed)\n\n"
            + rate_table(measured, sent="POSTs", rate="answers", per="POST", count=posts)
            + f"\n\nCounted afterwards: {rows:,} responses with {distinct:,} distinct keys for "
            f"{keys:,} keys sent; statuses {result['statuses']}; "
            f"{'ok' if ok else 'NOT OK: ' + '; '.join(failures[:5])}"
        )
        return 0 if ok else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
