#!/usr/bin/env python
"""The electronic queue under load on PostgreSQL: kiosks issuing tickets while 20 operators call
and finish visitors, with a count afterwards that nobody was served twice.

    .venv/bin/python benchmarks/queue_operations.py --operators 20 --kiosks 10 --tickets 2000

What it does:

1. starts a throwaway PostgreSQL server (benchmarks/catalog_http.py `postgres_server`, the test
   server's settings: fsync off), runs `manage.py migrate`, and in this process creates a centre,
   one office open all day and `--operators` windows;
2. **kiosk burst**: `--kiosks` threads issue `--tickets` walk-in tickets as fast as they can
   (`ticket_issue`: the per-day, per-letter counter row is locked, so this is the worst case —
   all kiosks of one office numbering the same letter);
3. **mixed load**: `--operators` threads, one per window, loop "call next → finish" (each finish
   also issues the survey's visit code) until the line is empty, while the kiosks issue another
   `--tickets` tickets at the same time;
4. counts in the database afterwards: every ticket finished exactly once, numbers unique and
   without gaps per letter, one visit code per finished ticket, no ticket returned to two
   operators;
5. prints operations per second, median and 95th percentile latency per operation.

Each thread has its own database connection, as each gunicorn worker thread would. The figures
are of the service layer (no HTTP); the Python work is bound by the GIL, so on a small machine
the latencies include waiting for the interpreter, not only for PostgreSQL.

Exit code 1 when any count is off or any operation raised.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_http import (  # noqa: E402
    log,
    machine,
    manage,
    percentile,
    postgres_server,
    production_env,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--operators", type=int, default=20, help="windows served at once [20]")
    parser.add_argument("--kiosks", type=int, default=10, help="kiosk threads [10]")
    parser.add_argument("--tickets", type=int, default=2000, help="tickets per phase [2000]")
    parser.add_argument("--report", default="", help="also write the Markdown report here")
    return parser.parse_args(argv)


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: list[str] = []

    def add(self, name: str, seconds: float) -> None:
        with self.lock:
            self.values[name].append(seconds * 1000)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def _setup(operators: int):  # type: ignore[no-untyped-def]
    from vidhuk.core.choices import OfficeKind
    from vidhuk.core.models import Centre, Office, OpeningHours, Window

    centre = Centre.objects.create(
        slug="bench", name="ЦНАП для вимірювань", hromada="Громада", oblast="53", address="—"
    )
    office = Office.objects.create(
        centre=centre, slug="main", name="Головний офіс", kind=OfficeKind.MAIN, address="—"
    )
    for weekday in range(7):
        OpeningHours.objects.create(
            office=office, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(23, 59)
        )
    windows = [
        Window.objects.create(centre=centre, office=office, number=str(n))
        for n in range(1, operators + 1)
    ]
    return office, windows


def _kiosks(office, count: int, tickets: int, timings: Timings) -> list[threading.Thread]:  # type: ignore[no-untyped-def]
    from django.db import connection

    from vidhuk.queue.choices import Purpose
    from vidhuk.queue.services import ticket_issue

    purposes = [Purpose.SUBMIT, Purpose.SUBMIT, Purpose.COLLECT, Purpose.CONSULTATION]
    remaining = iter(range(tickets))
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            while True:
                with lock:
                    number = next(remaining, None)
                if number is None:
                    return
                started = time.perf_counter()
                try:
                    ticket_issue(office=office, purpose=purposes[number % len(purposes)])
                except Exception as error:  # noqa: BLE001 — counted and reported
                    timings.error(f"issue: {error!r}")
                timings.add("issue", time.perf_counter() - started)
        finally:
            connection.close()

    return [threading.Thread(target=run, args=(i,), name=f"kiosk-{i}") for i in range(count)]


def _operators(windows, timings: Timings, kiosks_done: threading.Event, served: list[int]):  # type: ignore[no-untyped-def]
    from django.db import connection

    from vidhuk.queue.services import ticket_call_next, ticket_finish

    def run(window) -> None:  # type: ignore[no-untyped-def]
        try:
            while True:
                started = time.perf_counter()
                try:
                    ticket = ticket_call_next(window=window)
                except Exception as error:  # noqa: BLE001
                    timings.error(f"call next: {error!r}")
                    return
                elapsed = time.perf_counter() - started
                timings.add("call next" if ticket else "call next, nobody waiting", elapsed)
                if ticket is None:
                    if kiosks_done.is_set():
                        return
                    time.sleep(0.01)  # nobody waiting yet: the operator looks again
                    continue
                started = time.perf_counter()
                try:
                    ticket_finish(ticket=ticket, window=window, outcome="served", actor=None)
                except Exception as error:  # noqa: BLE001
                    timings.error(f"finish: {error!r}")
                timings.add("finish", time.perf_counter() - started)
                with timings.lock:
                    served.append(ticket.pk)
        finally:
            connection.close()

    return [threading.Thread(target=run, args=(w,), name=f"window-{w.number}") for w in windows]


def _run(threads: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _row(name: str, values: list[float], seconds: float) -> str:
    ordered = sorted(values)
    return (
        f"| {name} | {len(values)} | {len(values) / seconds:.0f} | "
        f"{statistics.median(ordered):.1f} | {percentile(ordered, 95):.1f} |"
    )


def _checks(office, served: list[int], expected: int) -> list[str]:  # type: ignore[no-untyped-def]
    from django.db.models import Count, Max

    from vidhuk.queue.choices import TicketStatus
    from vidhuk.queue.models import Ticket
    from vidhuk.surveys.models import VisitToken

    problems = []
    tickets = Ticket.objects.filter(office=office)
    if tickets.count() != expected:
        problems.append(f"{tickets.count()} tickets in the database, {expected} issued")
    not_done = tickets.exclude(status=TicketStatus.DONE).count()
    if not_done:
        problems.append(f"{not_done} tickets not finished")
    twice = [pk for pk, n in collections.Counter(served).items() if n > 1]
    if twice:
        problems.append(f"{len(twice)} tickets returned to two operators")
    if len(served) != expected:
        problems.append(f"{len(served)} visits served, {expected} tickets")
    for row in tickets.values("letter").annotate(n=Count("id"), last=Max("number")):
        if row["n"] != row["last"]:
            problems.append(
                f"letter {row['letter']}: {row['n']} tickets, last number {row['last']}"
            )
    duplicates = tickets.values("letter", "number").annotate(n=Count("id")).filter(n__gt=1).count()
    if duplicates:
        problems.append(f"{duplicates} numbers given twice")
    tokens = VisitToken.objects.filter(office=office).count()
    if tokens != expected:
        problems.append(f"{tokens} visit codes for {expected} finished visits")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-queue-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            env.pop("VIDHUK_ENV")  # the development profile, but without DEBUG's query log
            env["DEBUG"] = "false"
            manage(env, workdir, "migrate", "--noinput")
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            import django

            django.setup()
            from django.db import connection

            office, windows = _setup(args.operators)
            connection.close()

            log(f"kiosk burst: {args.kiosks} kiosks, {args.tickets} tickets")
            burst = Timings()
            burst_seconds = _run(_kiosks(office, args.kiosks, args.tickets, burst))

            log(f"mixed: {args.operators} operators serve while kiosks issue {args.tickets} more")
            mixed, served = Timings(), []
            kiosks_done = threading.Event()
            kiosk_threads = _kiosks(office, args.kiosks, args.tickets, mixed)
            operator_threads = _operators(windows, mixed, kiosks_done, served)
            started = time.perf_counter()
            for thread in operator_threads + kiosk_threads:
                thread.start()
            for thread in kiosk_threads:
                thread.join()
            kiosks_done.set()
            for thread in operator_threads:
                thread.join()
            mixed_seconds = time.perf_counter() - started

            problems = burst.errors + mixed.errors + _checks(office, served, 2 * args.tickets)
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
            connection.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    info = machine()
    lines = [
        "## `queue_operations.py` — kiosks and operators on PostgreSQL",
        "",
        "```sh",
        f".venv/bin/python benchmarks/queue_operations.py --operators {args.operators} "
        f"--kiosks {args.kiosks} --tickets {args.tickets}",
        "```",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']}; PostgreSQL {version} "
        "(fsync off); service layer in one Python process, one connection per thread.",
        "",
        "| operation | count | per second | median ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
        _row(f"issue, {args.kiosks} kiosks alone", burst.values["issue"], burst_seconds),
        _row(f"issue, with {args.operators} operators", mixed.values["issue"], mixed_seconds),
        _row("call next", mixed.values["call next"], mixed_seconds),
        _row("finish (with visit code)", mixed.values["finish"], mixed_seconds),
        "",
        f"Mixed phase: {len(served)} visits served in {mixed_seconds:.1f} s "
        f"({len(served) / mixed_seconds:.0f} visits/s). "
        f"Kiosk burst: {args.tickets} tickets in {burst_seconds:.1f} s.",
        "",
        "Counted afterwards: "
        + (
            "every ticket finished exactly once, none returned to two operators, numbers "
            "unique and without gaps per letter, one visit code per visit."
            if not problems
            else "PROBLEMS: " + "; ".join(problems[:10])
        ),
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.report:
        Path(args.report).write_text(report)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
