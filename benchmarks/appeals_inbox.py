#!/usr/bin/env python
"""The staff inbox of appeals with 200,000 cases: selector, in-process view and HTTP.

    .venv/bin/python benchmarks/appeals_inbox.py --repeat 30 [--explain]

What it does, all on loopback:

1. starts the cached PostgreSQL cluster with 200,000 cases in `verbivka` and 3,000 in `luhove`
   (benchmarks/appeals_common.py; built on first use, about 40 s) and works on a copy;
2. for each inbox page (first page, status + overdue, one executor, channel + date range,
   text searches, a deep page, the other centre): the selector `appeal_list_for_staff` with the
   Paginator of the view — time and SQL queries (`CaptureQueriesContext`) of a page, median and
   p95 of `--repeat` runs, and each query's own time from `EXPLAIN ANALYZE` (the plans are
   printed with `--explain`);
3. the same pages through the real staff view in-process (Django's test client, signed in as
   the demo head with a confirmed second factor, as `conftest.sign_in_verified` does): queries
   and median time;
4. the same pages over HTTP from gunicorn (`config.wsgi`, VIDHUK_ENV=production), sequential
   requests on one keep-alive connection with the same session cookie: median and p95;
5. prints a Markdown table, then drops the copy and stops everything (also on Ctrl-C).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
from appeals_inbox_pages import CENTRE, OTHER_CENTRE, Scenario, cursor_after, scenarios  # noqa: E402
from catalog_http import Interrupted, _raise_interrupted, gunicorn_server  # noqa: E402

STAFF_USER = "demo-head"
SLOW_MS = 200


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_options(parser)
    parser.add_argument("--repeat", type=int, default=30, help="runs of each page [30]")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of each query"
    )
    parser.add_argument(
        "--try-indexes",
        action="store_true",
        help="afterwards, create the candidate search indexes (pg_trgm) in the working copy and "
        "measure the slow pages again at the selector level",
    )
    parser.add_argument("--no-http", action="store_true", help="skip the view and HTTP parts")
    parser.add_argument(
        "--inbox-path",
        default="/staff/{centre}/appeals/",
        help="URL of the staff inbox [/staff/{centre}/appeals/]",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker [1]")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    args.access_log = False
    if args.repeat < 1:
        parser.error("--repeat must be positive")
    return args


def explain(sql: str) -> tuple[float, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    match = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (float(match.group(1)) if match else 0.0), plan


def measure_selector(scenario: Scenario, repeat: int, page_size: int, show_plans: bool) -> None:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vidhuk.appeals.selectors import InboxFilters, appeal_list_for_staff
    from vidhuk.core.models import Centre

    centre = Centre.objects.get(slug=scenario.centre)
    filters = InboxFilters(**scenario.filters)
    try:
        from vidhuk.appeals.selectors_inbox import InboxPosition, appeal_inbox_page
    except ImportError:  # before keyset pagination: every page by offset
        scenario.is_offset = True
    position = None
    if not scenario.is_offset:
        position = InboxPosition(is_last=scenario.page == "last")
        if scenario.after_row is not None:
            token = cursor_after(centre, filters, scenario.after_row, page_size)
            position = InboxPosition(after=token)
            scenario.query["after"] = token

    def run() -> tuple[int, int]:
        if position is not None:
            found = appeal_inbox_page(centre=centre, filters=filters, position=position)
            return len(found.appeals), found.count
        paginator = Paginator(appeal_list_for_staff(centre=centre, filters=filters), page_size)
        page = paginator.get_page(scenario.page)
        return len(list(page.object_list)), paginator.count

    run()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        rows, total = run()
    sql = [q["sql"] for q in captured.captured_queries]
    plans = [explain(s) for s in sql]
    times.sort()
    scenario.results.update(
        rows=rows,
        total=total,
        selector_queries=len(sql),
        selector_median_ms=statistics.median(times),
        selector_p95_ms=percentile(times, 95),
        sql=sql,
        sql_ms=[ms for ms, _plan in plans],
    )
    if show_plans:
        print(f"\n### {scenario.label}\n")
        for statement, (ms, plan) in zip(sql, plans, strict=True):
            print(f"```sql\n{statement}\n```\n{ms:.1f} ms\n```\n{plan}\n```\n")


# What would make the slow pages fast, tried on the throwaway copy only (the models are not
# changed). The expressions are those Django writes for `icontains` / `iexact` on PostgreSQL:
# UPPER("col"::text) LIKE UPPER('%…%') and UPPER("col"::text) = UPPER('…'). All four branches of
# the search's OR need an index, or PostgreSQL reads the whole table anyway.
CANDIDATE_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX bench_appeal_text_trgm ON appeals_appeal "
    "USING gin (upper(text::text) gin_trgm_ops)",
    "CREATE INDEX bench_appeal_name_trgm ON appeals_appeal "
    "USING gin (upper(full_name::text) gin_trgm_ops)",
    "CREATE INDEX bench_appeal_index_upper ON appeals_appeal (upper(registration_index::text))",
    "CREATE INDEX bench_appeal_email_upper ON appeals_appeal (upper(email::text))",
    "ANALYZE appeals_appeal",
]


def try_indexes(items: list[Scenario], repeat: int, page_size: int, show_plans: bool) -> str:
    from django.db import connection

    lines = []
    with connection.cursor() as cursor:
        for statement in CANDIDATE_INDEXES:
            started = time.perf_counter()
            cursor.execute(statement)
            lines.append(f"- `{statement}`: {time.perf_counter() - started:.1f} s")
        cursor.execute(
            "SELECT pg_size_pretty(sum(pg_relation_size(indexrelid))) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE 'bench_appeal_%%'"
        )
        lines.append(f"- size of the four indexes: {cursor.fetchone()[0]}")
    rows = [
        "| inbox page | cases found | selector median ms before → after "
        "| slowest SQL ms before → after |",
        "|---|--:|--:|--:|",
    ]
    for s in items:
        if not s.filters.get("query"):
            continue
        before = dict(s.results)
        measure_selector(s, repeat, page_size, show_plans)
        after = s.results
        rows.append(
            f"| {s.label} | {after['total']:,} | {before['selector_median_ms']:.1f} → "
            f"{after['selector_median_ms']:.1f} | {max(before['sql_ms']):.1f} → "
            f"{max(after['sql_ms']):.1f} |"
        )
        s.results = before | {"with_indexes": after}
        log(f"with indexes, {s.label}: median {after['selector_median_ms']:.1f} ms")
    return "\n".join(lines) + "\n\n" + "\n".join(rows)


def signed_in_client(centre_slug: str) -> Any:
    """A test client signed in with password and a confirmed second factor, as the sign-in
    flow leaves it (the same steps as conftest.sign_in_verified)."""
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


def measure_view(client: Any, scenario: Scenario, path: str, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.content[:500]!r}")
    times = []
    for _ in range(min(repeat, 10)):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    scenario.results.update(
        view_queries=len(captured.captured_queries),
        view_sql=[q["sql"] for q in captured.captured_queries],
        view_median_ms=statistics.median(times),
        html_kb=len(response.content) / 1024,
    )


def measure_http(port: int, cookie: str, scenario: Scenario, path: str, repeat: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    times, errors = [], 0
    for i in range(repeat + 2):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            errors += 1
        if i >= 2:  # the first two warm the worker(s)
            times.append(elapsed)
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    times.sort()
    scenario.results.update(
        http_median_ms=statistics.median(times),
        http_p95_ms=percentile(times, 95),
        http_errors=errors,
    )


def table(items: list[Scenario], http: bool) -> str:
    head = (
        "| inbox page | cases found | selector queries | selector median ms | selector p95 ms "
        "| slowest SQL ms (EXPLAIN ANALYZE) |"
    )
    sep = "|---|--:|--:|--:|--:|--:|"
    if http:
        head += " view queries | view median ms (in-process) | HTTP median ms | HTTP p95 ms |"
        sep += "--:|--:|--:|--:|"
    lines = [head, sep]
    for s in items:
        r = s.results
        slow = max(r["sql_ms"]) if r["sql_ms"] else 0
        line = (
            f"| {s.label}{' (' + s.centre + ')' if s.centre != CENTRE else ''} | {r['total']:,} "
            f"| {r['selector_queries']} | {r['selector_median_ms']:.1f} "
            f"| {r['selector_p95_ms']:.1f} | {'**' if slow > SLOW_MS else ''}{slow:.1f}"
            f"{'**' if slow > SLOW_MS else ''} |"
        )
        if http and "http_median_ms" in r:
            line += (
                f" {r['view_queries']} | {r['view_median_ms']:.1f} "
                f"| {r['http_median_ms']:.1f} | {r['http_p95_ms']:.1f} |"
            )
        elif http:
            line += " — | — | — | — |"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-inbox-"))
    try:
        with cluster(args) as db:
            env = production_env(workdir, db.url)
            env["ALLOWED_HOSTS"] = "127.0.0.1"
            manage(env, workdir, "collectstatic", "--noinput")
            setup_django(env)
            from django.utils import timezone

            from vidhuk.core.models import Centre

            try:
                from vidhuk.appeals.views.staff_common import PAGE_SIZE
            except ImportError:
                PAGE_SIZE = 50  # noqa: N806
            now = timezone.now()
            items = scenarios(Centre.objects.get(slug=CENTRE), now)
            for s in items:
                measure_selector(s, args.repeat, PAGE_SIZE, args.explain)
                r = s.results
                log(
                    f"selector {s.label}: {r['total']:,} found, {r['selector_queries']} queries, "
                    f"median {r['selector_median_ms']:.1f} ms, SQL "
                    f"{' + '.join(f'{ms:.1f}' for ms in r['sql_ms'])} ms"
                )
            http = not args.no_http
            if http:
                client = signed_in_client(CENTRE)
                probe = client.get(args.inbox_path.format(centre=CENTRE))
                if probe.status_code != 200:
                    log(
                        f"the inbox view answers {probe.status_code} at "
                        f"{args.inbox_path.format(centre=CENTRE)}: measuring the selector only"
                    )
                    http = False
            if http:
                # The signed-in head belongs to verbivka only: the other centre's page is measured
                # at the selector level (it proves the scoping), not over HTTP.
                for s in items:
                    if s.centre != CENTRE or s.is_offset:
                        continue
                    measure_view(client, s, s.path(args.inbox_path), args.repeat)
                    log(
                        f"view {s.label}: {s.results['view_queries']} queries, median "
                        f"{s.results['view_median_ms']:.1f} ms, {s.results['html_kb']:.0f} KiB"
                    )
                from django.conf import settings

                name = settings.SESSION_COOKIE_NAME
                cookie = f"{name}={client.cookies[name].value}"
                with gunicorn_server(env, workdir, args) as (port, _server):
                    log(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads}")
                    for s in items:
                        if s.centre != CENTRE or s.is_offset:
                            continue
                        measure_http(port, cookie, s, s.path(args.inbox_path), args.repeat)
                        log(
                            f"HTTP {s.label}: median {s.results['http_median_ms']:.1f} ms, p95 "
                            f"{s.results['http_p95_ms']:.1f} ms, {s.results['http_errors']} errors"
                        )
            version = postgres_version(db)
            print(
                f"\n## Appeals inbox, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
                f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
                f"PostgreSQL {version}\n"
                f"- data: {db.info['verbivka']['cases']:,} cases in `{CENTRE}`, "  # type: ignore[index]
                f"{db.info['luhove']['cases']:,} in `{OTHER_CENTRE}`; "  # type: ignore[index]
                f"database {db.info['database_size']}; page size {PAGE_SIZE}\n"
                f"- {args.repeat} runs per page (selector, HTTP); "
                f"gunicorn {args.workers} workers × "
                f"{args.threads} threads, sequential requests\n"
            )
            print(table(items, http))
            slow = [s for s in items if s.results["sql_ms"] and max(s.results["sql_ms"]) > SLOW_MS]
            if slow:
                print(f"\nSQL slower than {SLOW_MS} ms: " + "; ".join(s.label for s in slow))
            if args.try_indexes:
                print("\n### The search pages with candidate indexes (working copy only)\n")
                print(try_indexes(items, args.repeat, PAGE_SIZE, args.explain))
            if args.json:
                args.json.write_text(
                    json.dumps(
                        {
                            "date": started_at.isoformat(),
                            "machine": info,
                            "postgres": version,
                            "results": [
                                {
                                    "label": s.label,
                                    "centre": s.centre,
                                    "page": s.page,
                                    "filters": {k: str(v) for k, v in s.filters.items()},
                                    **s.results,
                                }
                                for s in items
                            ],
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
        return 0
    except (KeyboardInterrupt, Interrupted) as stop:
        log(f"interrupted ({str(stop) or 'SIGINT'}); cleaned up")
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
