#!/usr/bin/env python
"""Survey results with 1,000,000 responses: the results page cold and warm, and the streamed
CSV export against PostgreSQL's own COPY of the same rows.

    .venv/bin/python benchmarks/surveys_results.py [--repeat 10] [--no-http] [--json FILE]

What it does, all on loopback (the data: benchmarks/surveys_seed.py, built once and kept):

1. starts the cached PostgreSQL cluster and works on a copy of the database (the server is
   freshly started: its shared buffers are empty; the OS file cache is not dropped);
2. the selector `results_report` — everything the page shows — for three filters: everything,
   one office over the last three months, one channel. For each: **cold** (the results cache
   empty; for the first filter also PostgreSQL's buffers), **recomputed** (cache emptied again,
   buffers warm; median of 3) and **warm** (cached; median of `--repeat`), with the SQL queries
   and their times (CaptureQueriesContext), the peak of Python allocations (tracemalloc) and the
   process's peak RSS;
3. the staff page `/staff/verbivka/surveys/<pk>/results/` in-process (test client, signed in as
   the demo head with a confirmed second factor) and over HTTP (gunicorn, 1 sync worker,
   VIDHUK_ENV=production, results cache in the database): cold (cache emptied) and warm;
4. the CSV export of all responses: in-process in a child process of its own (ru_maxrss is its
   own; a second, traced pass for the tracemalloc peak), over HTTP (worker VmHWM before and
   after), and `COPY (<the export's own SELECT>) TO STDOUT (FORMAT csv)` read to the end with
   psycopg — the time ratio export ÷ COPY;
5. prints Markdown tables; stops everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_common import REPO, log, machine, manage, production_env, setup_django  # noqa: E402
from appeals_export import proc_status, signed_in_client, worker_pid  # noqa: E402
from catalog_http import Interrupted, _raise_interrupted, gunicorn_server  # noqa: E402
from surveys_results_report import report  # noqa: E402
from surveys_scenarios import direct_seconds, scenarios  # noqa: E402
from surveys_seed import CENTRE, add_options, surveys_cluster  # noqa: E402

SLUG = "visitor-survey"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_options(parser)
    parser.add_argument("--repeat", type=int, default=10, help="warm runs per measurement [10]")
    parser.add_argument("--no-http", action="store_true", help="in-process only")
    parser.add_argument("--no-export", action="store_true", help="skip the export")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--child-export", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    args.workers, args.threads, args.access_log = 1, 1, False
    return args


def rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measured(function: Any) -> dict[str, Any]:
    """Seconds, SQL queries (with their own times), tracemalloc peak and ru_maxrss growth."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rss_before = rss_kib()
    tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        function()
        seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "queries": len(captured.captured_queries),
        "query_seconds": [float(q["time"]) for q in captured.captured_queries],
        "sql": [q["sql"][:300] for q in captured.captured_queries],
        "tracemalloc_peak_bytes": peak,
        "rss_growth_kib": rss_kib() - rss_before,
    }


def timed(function: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_selector(centre: Any, questionnaire: Any, repeat: int) -> list[dict[str, Any]]:
    from django.core.cache import cache

    from vidhuk.surveys.results.report import results_report

    results = []
    for label, filters in scenarios(centre):

        def run(filters: Any = filters) -> Any:
            return results_report(centre=centre, questionnaire=questionnaire, filters=filters)

        cache.clear()
        cold = measured(run)
        report = run()

        def recompute(run: Any = run) -> None:
            cache.clear()
            run()

        recomputed = timed(recompute, 3)
        direct = direct_seconds(centre, questionnaire, filters)
        run()
        warm = measured(run)
        warm_median = timed(run, repeat)
        results.append(
            {
                "label": label,
                "responses": report.total.responses,
                "cold": cold,
                "recomputed_seconds": recomputed,
                "direct_seconds": direct,
                "warm": warm,
                "warm_median_seconds": warm_median,
            }
        )
        log(
            f"selector {label}: {report.total.responses:,} responses; cold {cold['seconds']:.2f} s "
            f"({cold['queries']} queries: "
            + ", ".join(f"{s:.2f}" for s in cold["query_seconds"])
            + f"), recomputed {recomputed:.2f} s, warm {warm_median * 1000:.1f} ms"
            + (f", counted from the answers {direct:.2f} s" if direct is not None else "")
        )
    return results


def measure_view(client: Any, path: str, repeat: int) -> dict[str, Any]:
    from django.core.cache import cache

    cache.clear()
    answers: list[Any] = []
    cold_run = measured(lambda: answers.append(client.get(path)))
    response = answers[0]
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code}")
    slowest = sorted(zip(cold_run["query_seconds"], cold_run["sql"], strict=True), reverse=True)
    for seconds, sql in slowest[:4]:
        log(f"  cold page, slow SQL {seconds:.2f} s: {' '.join(sql.split())[:160]}")
    # Cold again, the results cache emptied once more (the first view also loaded templates
    # and code), under the profiler: where the time goes.
    import cProfile
    import io
    import pstats

    cache.clear()
    profiler = cProfile.Profile()
    again = measured(lambda: profiler.runcall(client.get, path))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats("vidhuk", 25)
    log(f"  cold again: {again['seconds']:.2f} s under the profiler; its heaviest calls:")
    for line in text.getvalue().splitlines():
        if "vidhuk" in line:
            log("    " + line.strip()[:170])

    def get() -> None:
        client.get(path)

    warm = measured(get)
    return {
        "cold_seconds": cold_run["seconds"],
        "cold_queries": cold_run["queries"],
        "cold_slowest_sql": [[seconds, sql] for seconds, sql in slowest[:4]],
        "warm_median_seconds": timed(get, repeat),
        "warm_queries": warm["queries"],
        "html_kib": len(response.content) / 1024,
    }


def measure_after_new_response(client: Any, path: str, questionnaire: Any) -> dict[str, Any]:
    """One response arrives after the report was cached: the page shows the last report (marked
    as such) and queues one recompute in the database task queue (production settings); the
    recompute as `db_worker` runs it; the page again."""
    import uuid

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from vidhuk.surveys.choices import Channel, VersionStatus
    from vidhuk.surveys.models import Response
    from vidhuk.surveys.results.report import results_report
    from vidhuk.surveys.services.freshness import results_version_bump

    client.get(path)
    version = questionnaire.versions.get(status=VersionStatus.PUBLISHED)
    added = Response.objects.create(
        centre=questionnaire.centre,
        version=version,
        channel=Channel.WEB,
        submitted_on=timezone.localdate(),
        submission_key=uuid.uuid4().hex,
    )
    # Written directly (no answers to check); counted in the results version like
    # ``response_submit`` does.
    results_version_bump(questionnaire_id=questionnaire.pk)
    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    response = client.get(path)
    stale_seconds = time.perf_counter() - started
    marked = "Відтоді надійшли нові відповіді" in response.content.decode()
    stored = list(DBTaskResult.objects.all())
    started = time.perf_counter()
    for task_result in stored:
        task_result.task.call(*task_result.args_kwargs["args"], **task_result.args_kwargs["kwargs"])
    task_seconds = time.perf_counter() - started
    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    response = client.get(path)
    after_seconds = time.perf_counter() - started
    marked_after = "Відтоді надійшли нові відповіді" in response.content.decode()
    current = results_report(
        centre=questionnaire.centre, questionnaire=questionnaire, stale_ok=True
    ).total.responses
    added.delete()
    results_version_bump(questionnaire_id=questionnaire.pk)
    return {
        "stale_page_seconds": stale_seconds,
        "stale_marked": marked,
        "tasks_queued": len(stored),
        "recompute_task_seconds": task_seconds,
        "page_after_task_seconds": after_seconds,
        "responses_after": current,
        "marked_after": marked_after,
    }


def http_get(port: int, cookie: str, path: str) -> tuple[int, float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    size = 0
    while chunk := response.read1(65536):
        size += len(chunk)
    seconds = time.perf_counter() - started
    conn.close()
    return response.status, seconds, size


def export_in_process(client: Any, path: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"export: {response.status_code}, streaming={response.streaming}")
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return lines, size, time.perf_counter() - started


def child_export(path: str) -> dict[str, Any]:
    setup_django(dict(os.environ))
    client = signed_in_client()
    export_in_process(client, path + "?channel=mystery_shopper")  # warm-up: (almost) no rows
    rss_before = rss_kib()
    lines, size, seconds = export_in_process(client, path)
    rss_after = rss_kib()
    tracemalloc.start()
    export_in_process(client, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "lines": lines,
        "bytes": size,
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "tracemalloc_peak_bytes": peak,
    }


def copy_export(database_url: str, centre: Any, questionnaire: Any) -> dict[str, Any]:
    """PostgreSQL's own COPY of the export's SELECT, read to the end with psycopg."""
    import psycopg
    from django.db import connection

    from vidhuk.surveys.selectors.export import results_export_query

    query = results_export_query(centre=centre, questionnaire=questionnaire, include_raw_text=True)
    with connection.cursor() as cursor:
        sql = cursor.cursor.mogrify(query.sql, query.params)
    url = database_url.replace("postgres://", "postgresql://", 1)
    rss_before = rss_kib()
    tracemalloc.start()
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        lines = size = 0
        with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, DELIMITER ';')") as copy:
            for data in copy:
                size += len(data)
                lines += bytes(data).count(b"\n")
        seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "lines": lines,
        "bytes": size,
        "seconds": seconds,
        "tracemalloc_peak_bytes": peak,
        "rss_growth_kib": rss_kib() - rss_before,
    }


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    if args.child_export:
        print(json.dumps(child_export(args.child_export)))
        return 0
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-surveys-"))
    out: dict[str, Any] = {"date": started_at.isoformat(), "machine": info}
    try:
        with surveys_cluster(args) as db:
            env = production_env(workdir, db.url)
            manage(env, workdir, "collectstatic", "--noinput")
            manage(env, workdir, "createcachetable")  # production keeps the cache in PostgreSQL
            setup_django(env)
            from django.conf import settings

            from vidhuk.core.models import Centre
            from vidhuk.surveys.models import Questionnaire

            centre = Centre.objects.get(slug=CENTRE)
            questionnaire = Questionnaire.objects.get(centre=centre, slug=SLUG)
            out["data"] = db.info
            out["selector"] = measure_selector(centre, questionnaire, args.repeat)
            page = f"/staff/{CENTRE}/surveys/{questionnaire.pk}/results/"
            export = f"/staff/{CENTRE}/surveys/{questionnaire.pk}/export.csv"
            client = signed_in_client()
            out["view"] = measure_view(client, page, args.repeat)
            log(f"view in-process: {out['view']}")
            out["after_new_response"] = measure_after_new_response(client, page, questionnaire)
            log(f"after a new response: {out['after_new_response']}")
            if not args.no_export:
                log("CSV export in-process (child process)")
                result = subprocess.run(
                    [sys.executable, __file__, "--child-export", export],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.PIPE,
                    check=False,
                    timeout=1800,
                )
                if result.returncode != 0:
                    raise RuntimeError("the export child failed (its output is above)")
                out["export_in_process"] = json.loads(result.stdout.decode().splitlines()[-1])
                log(f"  {out['export_in_process']}")
                out["copy"] = copy_export(db.url, centre, questionnaire)
                log(f"COPY: {out['copy']}")
            if not args.no_http:
                name = settings.SESSION_COOKIE_NAME
                cookie = f"{name}={client.cookies[name].value}"
                with gunicorn_server(env, workdir, args) as (port, server):
                    worker = worker_pid(server.pid)
                    from django.core.cache import cache

                    cache.clear()  # the database cache, shared with gunicorn
                    status, cold, size = http_get(port, cookie, page)
                    warm = [http_get(port, cookie, page)[1] for _ in range(args.repeat)]
                    out["http_page"] = {
                        "status": status,
                        "cold_seconds": cold,
                        "warm_median_seconds": statistics.median(warm),
                        "bytes": size,
                        "worker_hwm_kib": proc_status(worker)["VmHWM"],
                    }
                    log(f"HTTP page: {out['http_page']}")
                    if not args.no_export:
                        before = proc_status(worker)
                        status, seconds, size = http_get(port, cookie, export)
                        after = proc_status(worker)
                        out["http_export"] = {
                            "status": status,
                            "seconds": seconds,
                            "bytes": size,
                            "hwm_before_kib": before["VmHWM"],
                            "hwm_after_kib": after["VmHWM"],
                        }
                        log(f"HTTP export: {out['http_export']}")
            out["postgres"] = str(db.psql("SHOW server_version")[0][0])
        print(report(out, args))
        if args.json:
            args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    except (KeyboardInterrupt, Interrupted) as stop:
        log(f"interrupted ({str(stop) or 'SIGINT'}); cleaned up")
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
