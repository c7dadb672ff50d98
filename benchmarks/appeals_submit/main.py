"""Options, the run and the report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import tempfile
import uuid
from pathlib import Path

from appeals_common import (
    add_cache_options,
    cluster,
    log,
    machine,
    manage,
    postgres_version,
    production_env,
    setup_django,
)
from catalog_http import (
    Interrupted,
    _raise_interrupted,
    gunicorn_server,
    machine_busy_seconds,
    run_python,
    tree_cpu_seconds,
)

from . import __doc__ as package_doc
from .counts import LockSampler, count_afterwards
from .form import CENTRE, MIX, SETTINGS, form_path, payload, queries_of_one_submission
from .load import run_load, run_reference
from .reference import CREATE_TABLE


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=package_doc.split("\n\n")[0])
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


def _bare(port: int, args: argparse.Namespace) -> float:
    bare = run_python(f"http://127.0.0.1:{port}/healthz", args.clients, args.bare_seconds, 10**9)
    log(f"bare view /healthz, same clients: {bare.rps:,.0f} req/s")
    return float(bare.rps)


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
            env.update(DJANGO_SETTINGS_MODULE=SETTINGS, VIDHUK_BENCH_REFERENCE_VIEW="1")
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
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(CREATE_TABLE)
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
                # The bare view before and after the POSTs: the machine's pace moves from
                # minute to minute, and the ratio is to the mean of the two. "Before" is once
                # the forms are open (every worker booted and warm), while their stamps age.
                bare: list[float] = []
                result = run_load(
                    port, args.clients, work, mark, mark, lambda: bare.append(_bare(port, args))
                )
                bare_before = bare[0]
                server_cpu, database_cpu, machine_cpu = (
                    marks[1][i] - marks[0][i] for i in range(3)
                )
                bare_after = _bare(port, args)
                bare_rps = (bare_before + bare_after) / 2
                reference = run_reference(port, args.clients, args.bare_seconds)
                log(
                    f"reference view (one INSERT per request), same clients: "
                    f"{reference['rps']:,.0f} req/s, {reference['errors']} errors"
                )
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
                f"Same clients, same server: the bare view /healthz {bare_before:,.0f} req/s "
                f"before the POSTs and {bare_after:,.0f} after (the ratio is to their mean, "
                f"{bare_rps:,.0f}); right after the POSTs, the reference view (one INSERT per "
                f"request, benchmarks/appeals_submit/reference_urls.py) "
                f"{reference['rps']:,.0f} req/s, "
                f"median {reference['median_ms']:.0f} ms, p95 {reference['p95_ms']:.0f} ms, "
                f"{reference['errors']} errors. Submissions/s as a ratio to the reference: "
                f"{float(result['rps']) / (reference['rps'] or 1):.3f}×.\n"  # type: ignore[arg-type]
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
                f"| {n:,} | {seconds:.1f} | {result['rps']:.1f} | {bare_rps:,.0f} "
                f"| {float(result['rps']) / (bare_rps or 1):.3f}× | {result['median_ms']:.0f} "  # type: ignore[arg-type]
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
                            "bare_view_rps": bare_rps,
                            "bare_view_rps_before_and_after": [bare_before, bare_after],
                            "reference_view": reference,
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
