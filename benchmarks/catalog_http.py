#!/usr/bin/env python
"""HTTP benchmark of the public catalog under gunicorn with the production profile.

    .venv/bin/python benchmarks/catalog_http.py --clients 32 --duration 20

What it does, in order, all on loopback and in throwaway directories:

1. starts its own PostgreSQL server (vidhuk.testing.postgres), creates the `vidhuk` database,
   runs `migrate`, `seed_demo` (the demo centre `verbivka`) and `collectstatic` into a temporary
   STATIC_ROOT;
2. counts the SQL queries each page runs, once, in-process with the Django test client and
   CaptureQueriesContext against the same database;
3. starts gunicorn (`config.wsgi:application`, VIDHUK_ENV=production) on a free port;
4. for each URL, after a short warm-up, drives N concurrent clients for a fixed duration with
   `wrk` (Debian package; a Lua script counts every response that is not 200) or, when wrk is
   missing or `--load-generator python` is given, with a threaded Python client;
5. prints a Markdown table: requests/second, median and 95th-percentile latency, errors, the
   throughput relative to the bare `/healthz` view and the SQL queries per page;
6. stops gunicorn and PostgreSQL and removes the temporary directories, also on Ctrl-C, SIGTERM
   or an error.

The load generator runs on the same machine as gunicorn and PostgreSQL and takes CPU from them;
its CPU use is reported next to each figure. See benchmarks/README.md for the latest results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stack import (  # noqa: E402, F401 — re-exported: the other benchmarks import them from here
    ACCEPT_ENCODING,
    WRK_SCRIPT,
    Interrupted,
    Result,
    _raise_interrupted,
    children_cpu,
    free_port,
    gunicorn_server,
    log,
    machine,
    machine_busy_seconds,
    manage,
    percentile,
    postgres_server,
    postmaster_pid,
    production_env,
    run_python,
    run_wrk,
    tree_cpu_seconds,
    wait_for_http,
    wait_for_quiet_machine,
)
from catalog_pages import (  # noqa: E402, F401 — CENTRE and SEARCH re-exported as above
    BOARD_POLL,
    BOOKING,
    CENTRE,
    FORM_BODIES,
    FORM_CONTENT_TYPE,
    SEARCH,
    SELECTED,
    SERVICE,
    SURVEY_ERRORS,
    _expected,
    pages,
    survey_errors_body,
    urls,
)

DATA_FILE = REPO / "vidhuk" / "demo" / "data" / "services.json"


# --------------------------------------------------------------------------------------------
# Options, machine
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections [32]")
    parser.add_argument("--duration", type=float, default=20, help="seconds per URL [20]")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per URL [3]")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores + 1,
        help=f"gunicorn worker processes [2*cores+1 = {2 * cores + 1}]",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per worker; >1 means the gthread worker, as docs/operations.md runs it [2]",
    )
    parser.add_argument(
        "--load-generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="wrk if installed, else the Python client [auto]",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=2_000_000,
        help="upper bound on requests per URL, besides the duration [2000000]",
    )
    parser.add_argument("--service-slug", help="service card to load [first hit of the search]")
    parser.add_argument(
        "--access-log", action="store_true", help="let gunicorn write an access log"
    )
    parser.add_argument(
        "--wait-for-data",
        type=float,
        default=600,
        help="seconds to wait for vidhuk/demo/data/services.json to appear [600]",
    )
    parser.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        help="before each URL, wait up to this many seconds for other work on the machine to "
        "drop below 25%% of the cores (shared machines) [0]",
    )
    parser.add_argument(
        "--pages",
        default=",".join(pages("card")),
        help="comma-separated pages to load, of " + ", ".join(pages("card")) + " [all]; the "
        "bare view always runs first (ratios are to it)",
    )
    parser.add_argument(
        "--compare-page-cache",
        action="store_true",
        help="load every page from a server with the page cache off (VIDHUK_PAGE_CACHE_SECONDS"
        "=0), then from one with it on, in this run; prints both and their ratios",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    unknown = set(args.pages.split(",")) - set(pages("card"))
    if unknown:
        parser.error(f"unknown --pages: {', '.join(sorted(unknown))}")
    SELECTED[:] = args.pages.split(",")
    if args.clients < 1 or args.duration <= 0 or args.workers < 1 or args.threads < 1:
        parser.error("--clients, --duration, --workers and --threads must be positive")
    return args


def wait_for_data_file(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not DATA_FILE.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{DATA_FILE} did not appear within {timeout:.0f} s")
        log(f"waiting for {DATA_FILE.relative_to(REPO)} (someone is writing it)")
        time.sleep(10)


# --------------------------------------------------------------------------------------------
# SQL queries per page, in-process
# --------------------------------------------------------------------------------------------


def measure_in_process(
    env: dict[str, str], service_slug: str | None, repeat: int = 20
) -> tuple[str, dict[str, list[str]], dict[str, float]]:
    """Set up Django in this process against the benchmark database and find the service card
    to load. Per page: the SQL queries of one warm request (the first request pays for lazy
    imports and dictionaries, so it is not counted), and the median wall time of `repeat`
    sequential requests through the test client — one request at a time, no HTTP, no gunicorn."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vidhuk.catalog.selectors import service_list_public
    from vidhuk.core.selectors import centre_get_public

    try:
        if any(key.startswith("booking-") for key in SELECTED):
            from appointments_booking import hot_slots  # imports this module: not at the top

            BOOKING[0] = hot_slots(1)[0]
        if "board-poll" in SELECTED:
            board = Client(HTTP_HOST="127.0.0.1").get(pages("card")["board"][1])
            state = re.search(r"board/calls/\?v=(\w+)", board.content.decode())
            if state is None:
                raise RuntimeError("the board shows no state to poll with")
            BOARD_POLL[0] = BOARD_POLL[0].replace("v=0", f"v={state.group(1)}")
        if "survey-errors" in SELECTED:
            FORM_BODIES[SURVEY_ERRORS] = survey_errors_body()
        centre = centre_get_public(slug=CENTRE)
        if service_slug is None:
            service = service_list_public(centre=centre, query=SEARCH).first()
            if service is None:
                service = service_list_public(centre=centre).first()
            if service is None:
                raise RuntimeError(f"centre {CENTRE} has no published service")
            service_slug = service.slug
        client = Client(HTTP_HOST="127.0.0.1")
        queries: dict[str, list[str]] = {}
        timings: dict[str, float] = {}
        for path in urls(service_slug):
            body = FORM_BODIES.get(path)

            def load(path: str = path, body: str | None = body) -> Any:
                if body is None:
                    return client.get(path)
                return client.post(path, body, content_type=FORM_CONTENT_TYPE)

            load()  # first request: lazy imports, dictionaries, caches
            # The queries of rendering the page, not of serving it from the page cache
            # (vidhuk/core/pagecache.py): that cache is emptied first. The timings below are
            # of what visitors get, i.e. served from it where the page is cached.
            if "pages" in settings.CACHES:
                caches["pages"].clear()
            with CaptureQueriesContext(connection) as captured:
                response = load()
            if response.status_code != _expected(path):
                raise RuntimeError(f"{path} answered {response.status_code} in-process")
            if body is not None and b"govuk-error-summary" not in response.content:
                raise RuntimeError(f"{path}: the form came back without its errors")
            queries[path] = [query["sql"] for query in captured.captured_queries]
            walls = []
            for _ in range(repeat):
                begin = time.perf_counter()
                load()
                walls.append(time.perf_counter() - begin)
            timings[path] = statistics.median(walls) * 1000
        return service_slug, queries, timings
    finally:
        connections.close_all()


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def bare_rps(results: list[Result]) -> float:
    """The bare view's throughput: the faster of its run first and its run last."""
    return max(results[0].rps, results[-1].rps) or 1.0


def label_of(path: str, index: int) -> str:
    label = next(lab for lab, p in pages(SERVICE[0]).values() if p == path)
    return label + (", again at the end" if index and path == "/healthz" else "")


def table(
    paths: list[str], results: list[Result], queries: dict[str, int], timings: dict[str, float]
) -> str:
    base = bare_rps(results)
    lines = [
        "| page | URL | req/s | median ms | p95 ms | errors | vs bare view | SQL queries "
        "| in-process ms | gunicorn CPU ms/req | CPU % gunicorn / PostgreSQL / load-gen / other |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for index, (path, result) in enumerate(zip([*paths, paths[0]], results, strict=True)):
        label = label_of(path, index)
        lines.append(
            f"| {label} | `{urllib.parse.unquote(path)}` | {result.rps:,.0f} "
            f"| {result.median_ms:.1f} | {result.p95_ms:.1f} "
            f"| {result.errors} of {result.requests:,} | {result.rps / base:.2f}× "
            f"| {queries.get(path, '?')} | {timings.get(path, 0):.1f} "
            f"| {result.server_cpu_per_request_ms:.1f} | {result.cpu_shares()} |"
        )
    return "\n".join(lines)


def comparison(paths: list[str], off: list[Result], on: list[Result]) -> str:
    """Page cache off against on, each as a ratio to its own bare view of the same run."""
    lines = [
        "\n### Page cache off → on (each ratio to the bare view measured with it)\n",
        "| page | off: req/s | off: vs bare | on: req/s | on: vs bare | gunicorn CPU ms/req "
        "off → on |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    base_off, base_on = bare_rps(off), bare_rps(on)
    for index, (path, before, after) in enumerate(zip([*paths, paths[0]], off, on, strict=True)):
        label = label_of(path, index)
        lines.append(
            f"| {label} | {before.rps:,.0f} | {before.rps / base_off:.2f}× | {after.rps:,.0f} "
            f"| {after.rps / base_on:.2f}× | {before.server_cpu_per_request_ms:.1f} → "
            f"{after.server_cpu_per_request_ms:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    generator = args.load_generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    elif generator == "wrk" and not shutil.which("wrk"):
        log("wrk is not installed (apt-get install wrk); use --load-generator python")
        return 2
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)

    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-"))
    try:
        wait_for_data_file(args.wait_for_data)
        with postgres_server() as database_url:
            log(f"PostgreSQL on {database_url}")
            env = production_env(workdir, database_url)
            if "survey-errors" in SELECTED:
                # Every client is 127.0.0.1: the questionnaire's per-client limit raised, as
                # for surveys_submit_http.py (each POST counts and gives back: nothing stored).
                env["DJANGO_SETTINGS_MODULE"] = "benchmarks.appeals_settings"
            manage(env, workdir, "migrate", "--noinput")
            # seed_demo refuses the production profile (published demo passwords): the demo is
            # loaded with the development profile into the same database.
            manage({k: v for k, v in env.items() if k != "VIDHUK_ENV"}, workdir, "seed_demo")
            manage(env, workdir, "collectstatic", "--noinput")
            slug, sql, timings = measure_in_process(env, args.service_slug)
            queries = {path: len(statements) for path, statements in sql.items()}
            SERVICE[0] = slug
            paths = urls(slug)
            for path in paths:
                log(
                    f"in-process {urllib.parse.unquote(path)}: {queries[path]} SQL queries, "
                    f"median {timings[path]:.1f} ms"
                )
            script = workdir / "count.lua"
            script.write_text(WRK_SCRIPT)

            def load_every_page(server_env: dict[str, str]) -> list[Result]:
                with gunicorn_server(server_env, workdir, args) as (port, server):
                    kind = "gthread" if args.threads > 1 else "sync"
                    log(
                        f"gunicorn on 127.0.0.1:{port}: {args.workers} {kind} workers × "
                        f"{args.threads} threads; load generator {generator}, "
                        f"{args.clients} clients"
                    )
                    results = []
                    # The bare view first and again last: a ratio is to the faster of the two
                    # (the first run can meet workers still warming up).
                    for path in [*paths, paths[0]]:
                        url = f"http://127.0.0.1:{port}{path}"

                        def drive(seconds: float, url: str = url, path: str = path) -> Result:
                            expect, body = _expected(path), FORM_BODIES.get(path, "")
                            if generator == "wrk":
                                return run_wrk(
                                    url,
                                    args.clients,
                                    seconds,
                                    args.max_requests,
                                    script,
                                    expect,
                                    body,
                                )
                            return run_python(
                                url, args.clients, seconds, args.max_requests, expect, body
                            )

                        if args.warmup > 0:
                            drive(args.warmup)
                        quiet_share = wait_for_quiet_machine(args.wait_for_quiet)
                        database = postmaster_pid()
                        before = (
                            tree_cpu_seconds(server.pid),
                            tree_cpu_seconds(database),
                            machine_busy_seconds(),
                        )
                        result = drive(args.duration)
                        result.server_cpu = tree_cpu_seconds(server.pid) - before[0]
                        result.database_cpu = tree_cpu_seconds(database) - before[1]
                        result.machine_cpu = machine_busy_seconds() - before[2]
                        result.extra["other_work_before_pct"] = round(100 * quiet_share)
                        results.append(result)
                        log(
                            f"{urllib.parse.unquote(path)}: {result.rps:,.0f} req/s, median "
                            f"{result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, "
                            f"{result.errors} errors {result.extra or ''}"
                        )
                    if server.poll() is not None:
                        raise RuntimeError("gunicorn died during the run")
                return results

            variants = {"": env}
            if args.compare_page_cache:
                # The same pages from a server with the page cache off, then on: both in this
                # run, each with its own bare view, so the ratios compare like with like.
                variants = {
                    "page cache off": {**env, "VIDHUK_PAGE_CACHE_SECONDS": "0"},
                    "page cache on": env,
                }
            measured = {name: load_every_page(server_env) for name, server_env in variants.items()}
        kind = "gthread" if args.threads > 1 else "sync"
        print(
            f"\n## Catalog HTTP benchmark, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
            f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM\n"
            f"- gunicorn: {args.workers} {kind} workers × {args.threads} threads, "
            f"VIDHUK_ENV=production, PostgreSQL on loopback\n"
            f"- load: {generator}, {args.clients} concurrent connections, "
            f"{args.duration:g} s per URL after {args.warmup:g} s warm-up\n"
        )
        for name, results in measured.items():
            if name:
                print(f"\n### {name}\n")
            print(table(paths, results, queries, timings))
        if len(measured) == 2:
            print(comparison(paths, *measured.values()))
        results = list(measured.values())[-1]
        print(
            "\nin-process ms: median of 20 sequential requests through Django's test client "
            "(no HTTP, no concurrency).\ngunicorn CPU ms/req: CPU time of gunicorn's processes "
            "divided by the requests answered.\nCPU %: share of all cores used during the run by "
            "gunicorn (master + workers), this run's PostgreSQL, the load generator, and every "
            "other process on the machine."
        )
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "date": started_at.isoformat(),
                        "machine": info,
                        "options": {k: str(v) for k, v in vars(args).items()},
                        "load_generator": generator,
                        "results": [
                            {
                                "path": p,
                                "queries": queries.get(p),
                                "sql": sql.get(p),
                                "in_process_ms": timings.get(p),
                                "rps": r.rps,
                                **vars(r),
                            }
                            for p, r in zip([*paths, paths[0]], results, strict=True)
                        ],
                        "variants": {
                            name: [
                                {"path": p, "rps": r.rps, **vars(r)}
                                for p, r in zip([*paths, paths[0]], rs, strict=True)
                            ]
                            for name, rs in measured.items()
                        },
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        failed = sum(r.errors for r in results)
        return 1 if failed else 0
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
