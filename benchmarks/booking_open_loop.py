#!/usr/bin/env python
"""Online bookings arriving at a fixed rate (an open loop), against gunicorn and PostgreSQL.

    .venv/bin/python benchmarks/booking_open_loop.py --rate 100 --seconds 60 --slots 60
    .venv/bin/python benchmarks/booking_open_loop.py --rate 30 --seconds 20   # a busy machine

A closed loop (N clients, each sending its next request when the previous answer came,
benchmarks/appointments_booking.py) slows its own arrivals down when the server slows, and hides
the wait it caused ("coordinated omission"). Here the arrivals do not wait: booking i is due at
``start + i / rate`` whatever happened before it, and its latency is measured from that moment,
so time spent waiting for a free sender or a free gunicorn thread counts.

What it does, all on loopback:

1. a throwaway PostgreSQL server, `migrate`, `seed_demo`, the demo windows and schedules, then
   `--slots` free times of the main office (`hot_slots` of appointments_booking.py, whose stack
   and helpers this script reuses) — far fewer than arrivals, so nearly all are refused;
2. in-process, with production settings: the SQL statements of one booking and of one refusal
   (the same time again), BEGIN and COMMIT included;
3. gunicorn (`config.wsgi`, VIDHUK_ENV=production, 2 × cores + 1 gthread workers × 2 threads),
   settings `benchmarks.appointments_settings` (the per-client rate limit raised: every arrival
   comes from 127.0.0.1);
4. `--senders` threads, each with a keep-alive connection and the CSRF cookie and token of one
   GET of the form; a dispatcher hands arrival i to a free sender at its due time (or queues
   it, the clock running); each POST has its own submission key, phone number and a form stamp
   issued in-process for 127.0.0.1 as if the form had been shown a few seconds before;
5. a response is the redirect to the private page (302, booked) or the form again with
   «Цей час щойно зайняли» (200, refused); anything else is an error;
6. before the arrivals, the bare view `/healthz` under 32 closed-loop clients, same gunicorn;
7. counted in the database: booked visits == 302 responses, no window holding two visits that
   overlap, no slot start held twice (double bookings: must be 0).

Prints latency from the due time (p50, p95, p99, max) and from the send (what a closed loop
would report), bookings and refusals, gunicorn and PostgreSQL CPU ms per arrival, the bare
view's req/s and CPU ms per request, and the machine's load. Exit code 1 on any error response,
a count that is off, or a double booking.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import queue
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appointments_booking import (  # noqa: E402
    REFUSAL,
    SETTINGS,
    Booker,
    aged_stamp,
    count_afterwards,
    hot_slots,
    setup_django,
    statements_of_one_post,
)
from catalog_http import (  # noqa: E402
    Interrupted,
    _raise_interrupted,
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
    tree_cpu_seconds,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=100.0, help="arrivals per second [100]")
    parser.add_argument("--seconds", type=float, default=60.0, help="arrivals for [60] s")
    parser.add_argument("--slots", type=int, default=60, help="free times contested [60]")
    parser.add_argument("--senders", type=int, default=64, help="sender threads [64]")
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=120.0,
        help="after the last arrival, wait at most [120] s for the answers; the rest count as "
        "unanswered, their latency at least the time waited",
    )
    parser.add_argument("--bare-seconds", type=float, default=10.0, help="/healthz for [10] s")
    parser.add_argument("--bare-clients", type=int, default=32, help="/healthz clients [32]")
    parser.add_argument("--seed", type=int, default=2026, help="random seed [2026]")
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help=f"gunicorn workers [{2 * cores + 1}]"
    )
    parser.add_argument("--threads", type=int, default=2, help="threads per worker [2]")
    parser.add_argument("--access-log", action="store_true", help="gunicorn access log")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Arrival:
    index: int
    due: float  # seconds after the start when it is due
    path: str
    body: str


@dataclass(frozen=True)
class Done:
    due: float
    sent: float
    answered: float
    outcome: str  # booked, refused, error


def arrivals(args: argparse.Namespace, paths: list[str]) -> list[Arrival]:
    """Every arrival with its due time, slot and form, prepared before the clock starts."""
    rng = random.Random(args.seed)
    count = round(args.rate * args.seconds)
    made = []
    for i in range(count):
        fields = {
            "form_stamp": aged_stamp(),
            "submission_key": str(uuid.uuid4()),
            "website": "",
            "name": f"Відвідувач {i}",
            "phone": f"+38066{i:07d}",
            "email": "",
        }
        made.append(Arrival(i, i / args.rate, rng.choice(paths), urllib.parse.urlencode(fields)))
    return made


def run_open_loop(port: int, args: argparse.Namespace, paths: list[str]) -> dict[str, object]:
    senders = [Booker(port, n) for n in range(args.senders)]
    for sender in senders:
        sender.open_form(paths[0])  # the CSRF cookie and token; stamps come with each arrival
    planned = arrivals(args, paths)
    log(f"{len(planned):,} arrivals at {args.rate:g}/s prepared; {args.senders} senders ready")
    jobs: queue.SimpleQueue[Arrival | None] = queue.SimpleQueue()
    done: list[Done] = []
    failures: list[str] = []
    lock = threading.Lock()

    start = time.perf_counter() + 0.5

    def send(sender: Booker) -> None:
        while (arrival := jobs.get()) is not None:
            sent = time.perf_counter()
            fields = urllib.parse.parse_qsl(arrival.body)
            body = urllib.parse.urlencode([*sender.fields.items(), *fields])
            try:
                status, content = sender._request("POST", arrival.path, body)
            except OSError as error:
                status, content = 0, repr(error).encode()
            answered = time.perf_counter()
            if status == 302:
                outcome = "booked"
            elif status == 200 and REFUSAL in content:
                outcome = "refused"
            else:
                outcome = "error"
            with lock:
                done.append(Done(start + arrival.due, sent, answered, outcome))
                if outcome == "error":
                    failures.append(f"{arrival.path}: {status} {content[:300]!r}")

    for sender in senders:
        sender.fields = {"csrfmiddlewaretoken": sender.fields["csrfmiddlewaretoken"]}
    threads = [threading.Thread(target=send, args=(s,), daemon=True) for s in senders]
    for thread in threads:
        thread.start()
    lag = 0.0
    for arrival in planned:  # the dispatcher: each arrival at its due time, never later
        due = start + arrival.due
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        lag = max(lag, time.perf_counter() - due)
        jobs.put(arrival)
    for _ in threads:
        jobs.put(None)
    deadline = time.perf_counter() + args.drain_seconds
    for thread in threads:
        while thread.is_alive() and time.perf_counter() < deadline:
            thread.join(timeout=10)
            with lock:
                answered = len(done)
            log(f"{answered:,} of {len(planned):,} answered")
    finished = time.perf_counter()
    with lock:
        answers = list(done)
    unanswered = len(planned) - len(answers)
    # Not answered in time (the last ones, the queue being first in, first out): their latency
    # is at least the time since they were due.
    late = [finished - (start + a.due) for a in planned[len(planned) - unanswered :]]
    from_due = sorted([d.answered - d.due for d in answers] + late)
    from_send = sorted(d.answered - d.sent for d in answers)
    waited = sorted(d.sent - d.due for d in answers)
    outcomes = collections.Counter(d.outcome for d in answers)
    return {
        "arrivals": len(planned),
        "seconds": finished - start,
        "dispatch_lag_ms": 1000 * lag,
        "p50_ms": 1000 * percentile(from_due, 50),
        "p95_ms": 1000 * percentile(from_due, 95),
        "p99_ms": 1000 * percentile(from_due, 99),
        "max_ms": 1000 * (from_due[-1] if from_due else 0.0),
        "send_p50_ms": 1000 * percentile(from_send, 50),
        "send_p95_ms": 1000 * percentile(from_send, 95),
        "queued_p95_ms": 1000 * percentile(waited, 95),
        "outcomes": dict(outcomes),
        "unanswered": unanswered,
        "errors": failures[:10],
    }


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    info = machine()
    started_at = dt.datetime.now(dt.UTC).astimezone()
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-open-loop-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            env.update(DJANGO_SETTINGS_MODULE=SETTINGS)
            seed_env = dict(env)
            seed_env.pop("VIDHUK_ENV")  # seed_demo refuses production (demo passwords)
            manage(seed_env, workdir, "migrate", "--noinput")
            manage(seed_env, workdir, "seed_demo")
            manage(env, workdir, "createcachetable")
            manage(env, workdir, "collectstatic", "--noinput")
            setup_django(env)
            paths = hot_slots(args.slots + 1)
            probe = paths.pop()
            booking = statements_of_one_post(probe, "+380670000001", 302)
            refusal = statements_of_one_post(probe, "+380670000002", 200)
            log(
                f"{len(paths)} contested times; in-process: a booking {len(booking)} SQL "
                f"statements, a refusal {len(refusal)}"
            )
            with gunicorn_server(env, workdir, args) as (port, server):
                log(
                    f"gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} "
                    f"threads; {args.rate:g} arrivals/s for {args.seconds:g} s"
                )
                # The bare view first, on the idle server (after the arrivals a backlog of
                # bookings could still be running).
                healthz_cpu = tree_cpu_seconds(server.pid)
                bare = run_python(
                    f"http://127.0.0.1:{port}/healthz", args.bare_clients, args.bare_seconds, 10**9
                )
                healthz_cpu = tree_cpu_seconds(server.pid) - healthz_cpu
                load_before = os.getloadavg()
                marks = [
                    tree_cpu_seconds(server.pid),
                    tree_cpu_seconds(postmaster_pid()),
                    machine_busy_seconds(),
                ]
                result = run_open_loop(port, args, paths)
                used = [
                    tree_cpu_seconds(server.pid) - marks[0],
                    tree_cpu_seconds(postmaster_pid()) - marks[1],
                    machine_busy_seconds() - marks[2],
                ]
                load_after = os.getloadavg()
                if server.poll() is not None:
                    raise RuntimeError("gunicorn died during the run")
            outcomes: dict[str, int] = result["outcomes"]  # type: ignore[assignment]
            counts = count_afterwards(outcomes.get("booked", 0))
            double = int(counts["overlapping_pairs_at_one_window"]) + int(  # type: ignore[call-overload]
                counts["slot_starts_held_twice"]  # type: ignore[call-overload]
            )
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
            n = int(result["arrivals"])  # type: ignore[call-overload]
            seconds = float(result["seconds"])  # type: ignore[arg-type]
            cores = os.cpu_count() or 1
            bare_ms = 1000 * healthz_cpu / bare.requests if bare.requests else 0.0
            print(
                f"\n## Booking, open loop, {started_at:%Y-%m-%d %H:%M %Z}\n\n"
                f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
                f"PostgreSQL {version}; load average before {load_before[0]:.2f}, after "
                f"{load_after[0]:.2f}; all cores {100 * used[2] / seconds / cores:.0f} % busy "
                f"during the arrivals\n"
                f"- gunicorn: {args.workers} gthread workers × {args.threads} threads, "
                f"VIDHUK_ENV=production, settings {SETTINGS} (rate limit raised)\n"
                f"- load: {args.rate:g} arrivals/s for {args.seconds:g} s (open loop, latency "
                f"from the due time), {len(paths)} contested times, {args.senders} senders; "
                f"SQL statements: a booking {len(booking)}, a refusal {len(refusal)} "
                f"(BEGIN and COMMIT included)\n"
            )
            print(
                "| arrivals | seconds | p50 ms | p95 ms | p99 ms | max ms | p95 from send ms "
                "| booked | refused | errors | unanswered | double bookings "
                "| gunicorn CPU ms/arrival "
                "| PostgreSQL CPU ms/arrival | bare /healthz req/s | bare CPU ms/req |"
            )
            print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
            print(
                f"| {n:,} | {seconds:.1f} | {result['p50_ms']:.0f} | {result['p95_ms']:.0f} "
                f"| {result['p99_ms']:.0f} | {result['max_ms']:.0f} "
                f"| {result['send_p95_ms']:.0f} | {outcomes.get('booked', 0)} "
                f"| {outcomes.get('refused', 0)} | {outcomes.get('error', 0)} "
                f"| {result['unanswered']} | {double} "
                f"| {1000 * used[0] / n:.1f} | {1000 * used[1] / n:.1f} "
                f"| {bare.rps:,.0f} | {bare_ms:.2f} |"
            )
            print(
                f"\nA booking costs {1000 * used[0] / n / (bare_ms or 1):.1f}× the bare view's "
                f"gunicorn CPU; the arrival rate is {args.rate / (bare.rps or 1):.3f}× the bare "
                f"view's throughput. Dispatcher lag at most {result['dispatch_lag_ms']:.1f} ms; "
                f"p95 wait for a free sender {result['queued_p95_ms']:.0f} ms.\n"
            )
            print("Count afterwards:\n")
            for name, value in counts.items():
                print(f"- {name}: {value}")
            for line in result["errors"]:  # type: ignore[attr-defined]
                print(f"- error: {line[:200]}")
        clean = not outcomes.get("error") and not result["unanswered"]
        return 0 if counts["ok"] and clean and double == 0 else 1
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
