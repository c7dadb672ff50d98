#!/usr/bin/env python
"""Seats held by the database: 200 concurrent registrations for an event of 50 seats.

    .venv/bin/python benchmarks/comms_registrations.py --registrants 200 --seats 50 --rounds 5

What it does, all on loopback:

1. a throwaway PostgreSQL server (same settings as the test server) and ``migrate``;
2. a centre and, per round, a fresh event with ``--seats`` seats;
3. ``--registrants`` threads, each with its own database connection, wait at a barrier and
   then all call ``registration_create`` (the service the public form calls) at once, each
   with its own phone number;
4. then ``--cancellers`` of the confirmed registrants cancel at once: each freed seat must go
   to the first on the waitlist (the same row lock);
5. counts in the database after each step: confirmed == seats (never more), waitlisted ==
   registrants − seats, and after the cancellations confirmed == seats again with exactly
   ``--cancellers`` promoted in the order they registered;
6. prints a Markdown table: per round the wall time of the burst, registrations per second,
   median and p95 latency of one registration, and the counts;
7. the reference, measured in the same run: the same number of registrations for an event of the
   same size made one after another from one thread — the burst's wall time is reported as a
   ratio to it (how much the 200 at once cost over the same work without contention).

Exit code 1 when any count is off or any registration failed.
"""

from __future__ import annotations

import argparse
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

from catalog_http import log, machine, manage, percentile, postgres_server, production_env  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrants", type=int, default=200, help="at once [200]")
    parser.add_argument("--seats", type=int, default=50, help="the event's capacity [50]")
    parser.add_argument("--cancellers", type=int, default=10, help="cancel at once [10]")
    parser.add_argument("--rounds", type=int, default=3, help="events, one burst each [3]")
    return parser.parse_args(argv)


def burst(func, count: int) -> tuple[float, list[float], list[str]]:  # type: ignore[no-untyped-def]
    """Run func(n) in `count` threads released together; wall time, latencies, errors."""
    from django.db import connections

    barrier = threading.Barrier(count + 1)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            func(n)
        except Exception as error:  # noqa: BLE001 — counted and printed, never hidden
            with lock:
                errors.append(repr(error))
        finally:
            elapsed = time.perf_counter() - started
            connections.close_all()
        with lock:
            latencies.append(elapsed)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def one_round(args: argparse.Namespace, centre, number: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from vidhuk.communications.models import Event, EventRegistration, RegistrationState
    from vidhuk.communications.services.events import (
        RegistrationIntake,
        registration_cancel,
        registration_create,
    )

    starts = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(
        centre=centre,
        title=f"Громадські слухання {number}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Зала засідань",
        capacity=args.seats,
    )

    def register(n: int) -> None:
        registration_create(
            event=event,
            intake=RegistrationIntake(name=f"Мешканець {n}", phone=f"+380{number:02d}{n:07d}"),
        )

    wall, latencies, errors = burst(register, args.registrants)
    registrations = EventRegistration.objects.filter(event=event)
    confirmed = registrations.filter(state=RegistrationState.CONFIRMED).count()
    waitlisted = registrations.filter(state=RegistrationState.WAITLISTED).count()
    first_waiting = list(
        registrations.filter(state=RegistrationState.WAITLISTED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[: args.cancellers]
    )
    leaving = list(
        registrations.filter(state=RegistrationState.CONFIRMED).order_by("?")[: args.cancellers]
    )

    def cancel(n: int) -> None:
        registration_cancel(registration=leaving[n])

    _wall, _lat, cancel_errors = burst(cancel, len(leaving))
    promoted = sorted(
        registrations.filter(pk__in=first_waiting, state=RegistrationState.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    confirmed_after = registrations.filter(state=RegistrationState.CONFIRMED).count()
    return {
        "wall": wall,
        "per_second": args.registrants / wall,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(sorted(latencies), 95) * 1000,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "promoted": len(promoted),
        "confirmed_after": confirmed_after,
        "errors": errors + cancel_errors,
        "ok": (
            not errors
            and not cancel_errors
            and confirmed == args.seats
            and waitlisted == args.registrants - args.seats
            and promoted == sorted(first_waiting)
            and confirmed_after == args.seats
        ),
    }


def reference(args: argparse.Namespace, centre) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The same registrations one after another (no contention): wall time and latencies."""
    from django.utils import timezone

    from vidhuk.communications.models import Event
    from vidhuk.communications.services.events import RegistrationIntake, registration_create

    starts = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(
        centre=centre, title="Громадські слухання (еталон)", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="Зала засідань", capacity=args.seats,
    )  # fmt: skip
    latencies = []
    began = time.perf_counter()
    for n in range(args.registrants):
        started = time.perf_counter()
        registration_create(
            event=event, intake=RegistrationIntake(name=f"Мешканець {n}", phone=f"+38099{n:07d}")
        )
        latencies.append(time.perf_counter() - started)
    wall = time.perf_counter() - began
    return {"wall": wall, "median_ms": statistics.median(latencies) * 1000}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-registrations-"))
    try:
        with postgres_server() as database_url:
            env = production_env(workdir, database_url)
            log("migrate")
            manage(env, workdir, "migrate", "--noinput", "--skip-checks")
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            import django

            django.setup()
            from vidhuk.core.models import Centre

            centre = Centre.objects.create(slug="verbivka", name="ЦНАП Вербівської міської ради")
            log(f"reference: {args.registrants} registrations one after another")
            base = reference(args, centre)
            rows = []
            for number in range(1, args.rounds + 1):
                log(f"round {number}: {args.registrants} registrants for {args.seats} seats")
                rows.append(one_round(args, centre, number))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    info = machine()
    cpu, cores, memory = info.get("cpu", ""), info.get("nproc", ""), info.get("memory", "")
    print(f"\nMachine: {cpu} ({cores} cores), {memory}")
    print(
        f"\n{args.registrants} registrations at once for {args.seats} seats, then "
        f"{args.cancellers} cancellations at once\n"
    )
    print(
        f"Reference (same run): {args.registrants} one after another from one thread in "
        f"{base['wall']:.2f} s ({args.registrants / base['wall']:.0f}/s, median "
        f"{base['median_ms']:.0f} ms)\n"
    )
    print("| round | burst s | × reference | reg/s | median ms | p95 ms | confirmed | waitlisted "
          "| promoted | confirmed after | ok |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for number, row in enumerate(rows, start=1):
        ratio = float(row["wall"]) / base["wall"]  # type: ignore[arg-type]
        print(
            f"| {number} | {row['wall']:.2f} | {ratio:.2f} | {row['per_second']:.0f} "
            f"| {row['median_ms']:.0f} | {row['p95_ms']:.0f} | {row['confirmed']} "
            f"| {row['waitlisted']} | {row['promoted']} | {row['confirmed_after']} "
            f"| {'yes' if row['ok'] else 'NO'} |"
        )
        for error in row["errors"][:5]:  # type: ignore[index]
            print(f"  error: {error}")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
