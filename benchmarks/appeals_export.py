#!/usr/bin/env python
"""Streamed CSV export of the appeals inbox: 200,000 cases, time and peak memory.

    .venv/bin/python benchmarks/appeals_export.py

What it does, all on loopback:

1. starts the cached PostgreSQL cluster (benchmarks/appeals_common.py) and works on a copy of
   the 200,000-case database;
2. picks a `received_from` date that leaves about `--small` (20,000) cases, and exports both
   that and everything (200,000) through the real staff export view
   (`/staff/verbivka/appeals/export.csv`, signed in as the demo head with a confirmed second
   factor; with `--personal` also the name, address and contacts);
3. in-process, each size in a fresh child process (so `ru_maxrss` is its own): Django's test
   client, the streamed response read to the end; total time and rows/s without tracemalloc,
   the process's peak RSS (`ru_maxrss`) before and after, then a second pass under tracemalloc
   for the peak of Python allocations during the export;
4. over HTTP: gunicorn with one sync worker (VIDHUK_ENV=production), the export read as it
   streams; time, rows/s, time to the first byte, and the worker's peak RSS (VmHWM from /proc)
   before, after 20,000 and after 200,000 rows;
5. checks that every CSV has one line per case of its filter plus the header, prints a
   Markdown table, stops everything.

Constant memory shows as a tracemalloc peak and an RSS growth that do not grow with the rows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_common import (  # noqa: E402
    REPO,
    add_cache_options,
    cluster,
    log,
    machine,
    manage,
    postgres_version,
    production_env,
    setup_django,
)
from catalog_http import Interrupted, _raise_interrupted, gunicorn_server  # noqa: E402

CENTRE = "verbivka"
STAFF_USER = "demo-head"
EXPORT_PATH = f"/staff/{CENTRE}/appeals/export.csv"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_options(parser)
    parser.add_argument(
        "--small", type=int, default=20_000, help="cases of the smaller export [20000]"
    )
    parser.add_argument(
        "--personal", action="store_true", help="include the personal columns (audited)"
    )
    parser.add_argument("--no-http", action="store_true", help="in-process only")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: one in-process export
    args = parser.parse_args(argv)
    args.workers, args.threads, args.access_log = 1, 1, False
    return args


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f}"


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


# --------------------------------------------------------------------------------------------
# In-process, in a child process of its own
# --------------------------------------------------------------------------------------------


def signed_in_client() -> Any:
    """Signed in with a confirmed second factor, as conftest.sign_in_verified does."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vidhuk.accounts.models import User

    user = User.objects.get(username=STAFF_USER)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def export_in_process(client: Any, query: str) -> tuple[int, int, float]:
    """Lines, bytes and seconds of one export read to the end."""
    started = time.perf_counter()
    response = client.get(f"{EXPORT_PATH}?{query}")
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"export: {response.status_code}, streaming={response.streaming}")
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return lines, size, time.perf_counter() - started


def child(query: str) -> dict[str, Any]:
    setup_django(dict(os.environ))
    client = signed_in_client()
    # Warm: imports, templates, the first queries — with a filter that finds (almost) nothing.
    export_in_process(client, urllib.parse.urlencode({"q": "ніхто-не-знайде"}))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines, size, seconds = export_in_process(client, query)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    baseline, _ = tracemalloc.get_traced_memory()
    lines_traced, _size, traced_seconds = export_in_process(client, query)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "lines": lines,
        "bytes": size,
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "tracemalloc_peak_bytes": peak - baseline,
        "traced_seconds": traced_seconds,
        "lines_traced": lines_traced,
    }


def run_child(env: dict[str, str], query: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", query],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        check=False,
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError("the in-process export child failed (its output is above)")
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------


def worker_pid(master: int) -> int:
    for task in Path(f"/proc/{master}/task").iterdir():
        children = (task / "children").read_text().split()
        if children:
            return int(children[0])
    raise RuntimeError("no gunicorn worker found")


def export_http(port: int, cookie: str, query: str) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", f"{EXPORT_PATH}?{query}", headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"export over HTTP: {response.status}")
    first = None
    lines = size = 0
    while chunk := response.read1(65536):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    conn.close()
    return {"lines": lines, "bytes": size, "seconds": seconds, "first_byte_s": first or 0.0}


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-export-"))
    try:
        with cluster(args) as db:
            env = production_env(workdir, db.url)
            manage(env, workdir, "collectstatic", "--noinput")
            setup_django(env)
            from django.conf import settings
            from django.utils import timezone

            from vidhuk.appeals.models import Appeal

            cases = Appeal.objects.filter(centre__slug=CENTRE).order_by("-received_at")
            boundary = timezone.localtime(cases.values_list("received_at", flat=True)[args.small])
            since = (boundary + dt.timedelta(days=1)).date()
            extra = {"include_personal_data": "on"} if args.personal else {}
            sizes = [
                (
                    urllib.parse.urlencode({"received_from": since.isoformat(), **extra}),
                    cases.filter(
                        received_at__gte=timezone.make_aware(
                            dt.datetime.combine(since, dt.time.min)
                        )
                    ).count(),
                    f"received from {since}",
                ),
                (urllib.parse.urlencode(extra), cases.count(), "everything"),
            ]
            results: list[dict[str, Any]] = []
            for query, expected, label in sizes:
                log(f"in-process export, {label} ({expected:,} cases), in a child process")
                r = run_child(env, query)
                r.update(label=label, expected=expected, where="in-process")
                results.append(r)
                log(
                    f"  {int(r['lines']) - 1:,} rows in {r['seconds']:.1f} s, ru_maxrss "
                    f"{mib(r['rss_before_kib'])} → {mib(r['rss_after_kib'])} MiB, tracemalloc "
                    f"peak {int(r['tracemalloc_peak_bytes']) / 2**20:.1f} MiB"
                )
            http_results: list[dict[str, Any]] = []
            if not args.no_http:
                client = signed_in_client()
                cookie = (
                    f"{settings.SESSION_COOKIE_NAME}="
                    f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"
                )
                with gunicorn_server(env, workdir, args) as (port, server):
                    worker = worker_pid(server.pid)
                    export_http(port, cookie, urllib.parse.urlencode({"q": "ніхто-не-знайде"}))
                    before = proc_status(worker)
                    log(f"gunicorn worker {worker}: VmRSS {mib(before['VmRSS'])} MiB after warm-up")
                    for query, expected, label in sizes:
                        r = export_http(port, cookie, query)
                        status = proc_status(worker)
                        r.update(
                            label=label,
                            expected=expected,
                            where="HTTP",
                            hwm_before_kib=before["VmHWM"],
                            hwm_after_kib=status["VmHWM"],
                        )
                        http_results.append(r)
                        log(
                            f"  HTTP {label}: {int(r['lines']) - 1:,} rows in "
                            f"{r['seconds']:.1f} s, "
                            f"worker VmHWM {mib(before['VmHWM'])} → {mib(status['VmHWM'])} MiB"
                        )
                        before = status
            version = postgres_version(db)
            print(
                f"\n## Appeals CSV export, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
                f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
                f"PostgreSQL {version}\n"
                f"- `{EXPORT_PATH}`{' with personal columns' if args.personal else ''}; "
                f"VIDHUK_ENV=production; chunk size of the selector's iterator: 2,000\n"
            )
            print(
                "| where | export | rows | rows expected | MiB | seconds | rows/s "
                "| peak RSS before → after, MiB | growth MiB | tracemalloc peak MiB |"
            )
            print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
            ok = True
            for r in results:
                rows = int(r["lines"]) - 1
                ok &= rows == r["expected"]
                print(
                    f"| in-process (test client) | {r['label']} | {rows:,} | {r['expected']:,} "
                    f"| {int(r['bytes']) / 2**20:.1f} | {r['seconds']:.1f} "
                    f"| {rows / float(r['seconds']):,.0f} "
                    f"| {mib(r['rss_before_kib'])} → {mib(r['rss_after_kib'])} "
                    f"| {mib(int(r['rss_after_kib']) - int(r['rss_before_kib']))} "
                    f"| {int(r['tracemalloc_peak_bytes']) / 2**20:.1f} |"
                )
            for r in http_results:
                rows = int(r["lines"]) - 1
                ok &= rows == r["expected"]
                print(
                    f"| HTTP, gunicorn 1 sync worker | {r['label']} | {rows:,} "
                    f"| {r['expected']:,} | {int(r['bytes']) / 2**20:.1f} | {r['seconds']:.1f} "
                    f"| {rows / float(r['seconds']):,.0f} "
                    f"| {mib(r['hwm_before_kib'])} → {mib(r['hwm_after_kib'])} "
                    f"| {mib(int(r['hwm_after_kib']) - int(r['hwm_before_kib']))} | — |"
                )
            print(
                "\npeak RSS: ru_maxrss of the child process (in-process) or VmHWM of the worker "
                "(HTTP), before the export (after a warm-up export) and after it; the HTTP rows "
                "run one after the other in the same worker.\ntracemalloc peak: Python "
                "allocations during a second, traced pass (tracemalloc slows it down: "
                + ", ".join(f"{float(r['traced_seconds']):.1f} s" for r in results)
                + "). Time to the first byte over HTTP: "
                + ", ".join(f"{float(r['first_byte_s']) * 1000:.0f} ms" for r in http_results)
                + "."
            )
            if args.json:
                args.json.write_text(
                    json.dumps(
                        {
                            "date": started_at.isoformat(),
                            "machine": info,
                            "postgres": version,
                            "in_process": results,
                            "http": http_results,
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
        return 0 if ok else 1
    except (KeyboardInterrupt, Interrupted) as stop:
        log(f"interrupted ({str(stop) or 'SIGINT'}); cleaned up")
        return 130
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
