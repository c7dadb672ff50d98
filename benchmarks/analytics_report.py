#!/usr/bin/env python
"""The quarterly report (issue 14, point 4) over one year of a busy centre: building the draft
from the metrics registry (every figure of the quarter and the one before, the gender
passport), its PDF, and the published report's public page and gender passport — each timed
against a bare Django view (/healthz) in the same run.

    .venv/bin/python benchmarks/analytics_report.py [--scale 1.0] [--repeat 5] [--json FILE]

The centre is benchmarks/analytics_dashboard.py's (its seed is reused): at ``--scale 1`` the year
up to today holds 300,000 services provided, 50,000 appeals, about 1,000,000 survey answers and
200,000 queue tickets; ``--scale 0.1`` a tenth of each. The report is the last complete quarter's.

What it does, all on loopback: a throwaway PostgreSQL (vidhuk/testing/postgres.py), migrate,
seed, VACUUM ANALYZE; then ``--repeat`` rounds of each step (the draft rebuilt each round, the
PDF drawn, the public pages requested in-process with Django's test client); the median and the
90th percentile in ms, the ratio to /healthz's median; the Python heap's peak while building
(tracemalloc) and the process's peak resident memory. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import analytics_dashboard as busy  # noqa: E402

from vidhuk.testing import postgres as pg  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    return parser.parse_args()


def timed(step: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def run(repeat: int) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from vidhuk.accounts.choices import Role
    from vidhuk.accounts.tests.factories import MembershipFactory
    from vidhuk.analytics.periods import last_complete_quarter
    from vidhuk.analytics.report import report_draft_build, report_publish
    from vidhuk.analytics.report_render import report_pdf
    from vidhuk.core.models import Centre

    centre = Centre.objects.get(slug=busy.SLUG)
    head = MembershipFactory(centre=centre, role=Role.HEAD).user
    year, quarter = last_complete_quarter(timezone.localdate())
    client = Client()

    def build() -> Any:
        return report_draft_build(centre=centre, year=year, quarter=quarter, actor=head)

    tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        report = build()
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    build_queries = len(captured)
    times = {
        "healthz": timed(lambda: client.get("/healthz"), repeat * 4),
        "draft built from the registers": timed(build, repeat),
        "PDF drawn": timed(lambda: report_pdf(report=report, language="uk"), repeat),
    }
    report = report_publish(report=report, actor=head)
    page = f"/{busy.SLUG}/reports/{year}-q{quarter}/"
    for name, url in (
        ("public report page", page),
        ("gender passport", f"/{busy.SLUG}/gender-passport/"),
    ):
        assert client.get(url).status_code == 200, url
        times[name] = timed(lambda url=url: client.get(url), repeat)
    base = statistics.median(times["healthz"])
    results: dict[str, dict[str, Any]] = {}
    for name, values in times.items():
        median = statistics.median(values)
        results[name] = {
            "median_ms": round(median, 1),
            "p90_ms": round(values[int(0.9 * (len(values) - 1))], 1),
            "ratio": round(median / base, 1),
        }
    results["draft built from the registers"].update(
        queries=build_queries, heap_peak_mib=round(heap_peak / 2**20, 1)
    )
    results["quarter"] = {"year": year, "quarter": quarter}
    return results


def main() -> None:
    args = parse_args()
    busy.start_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command

        busy.log("migrating")
        call_command("migrate", verbosity=0)
        seeded = busy.seed(args.scale)
        busy.log(f"seeded: {seeded}")
        results = run(args.repeat)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        quarter = results.pop("quarter")
        print(f"\nscale {args.scale}: {seeded}; report of {quarter}; peak RSS {rss:.0f} MiB\n")
        print("| step | median ms | p90 ms | × /healthz | notes |")
        print("|---|---:|---:|---:|---|")
        for name, row in results.items():
            notes = ""
            if "queries" in row:
                notes = f"{row['queries']} SQL queries, Python heap peak {row['heap_peak_mib']} MiB"
            print(f"| {name} | {row['median_ms']} | {row['p90_ms']} | {row['ratio']} | {notes} |")
        if args.json:
            payload = {"seeded": seeded, "quarter": quarter, "results": results, "rss_mib": rss}
            args.json.write_text(json.dumps(payload, indent=2))
    finally:
        pg.stop_server()


if __name__ == "__main__":
    main()
