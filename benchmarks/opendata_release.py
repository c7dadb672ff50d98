#!/usr/bin/env python
"""The open-data release over one year of a busy centre: every registered dataset built (rows
aggregated, CSV and JSON per quarter, Frictionless validation), timed one by one, and the
release recorded — what «Оприлюднити випуск» and the quarterly job do before the portal.

    .venv/bin/python benchmarks/opendata_release.py [--scale 1.0] [--json FILE]

The data are benchmarks/analytics_dashboard.py's (same generator, same ``--scale``: at 1 the
year holds 300,000 services provided, 50,000 appeals, about 1,000,000 survey answers and
200,000 queue tickets), on a throwaway PostgreSQL server. The quarterly datasets publish the
quarters before today's (the current one is still growing). Prints a Markdown table with each
dataset's seconds, periods, rows and bytes, the whole release's seconds and the peak resident
memory of the process (the release holds one dataset's files at a time).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import analytics_dashboard as data  # noqa: E402

from vidhuk.testing import postgres as pg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data.start_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        from vidhuk.core.datasets import datasets
        from vidhuk.core.models import Centre
        from vidhuk.opendata.build import build_dataset
        from vidhuk.opendata.services import release_record

        data.log("migrating")
        call_command("migrate", verbosity=0)
        seeded = data.seed(args.scale)
        data.log(f"seeded: {seeded}")
        centre = Centre.objects.get(slug=data.SLUG)
        # The survey dataset publishes only questionnaires whose results the centre publishes.
        from vidhuk.surveys.models import Questionnaire

        Questionnaire.objects.filter(centre=centre).update(results_public=True)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = []
        started = time.monotonic()
        for dataset in datasets():
            begun = time.monotonic()
            build = build_dataset(centre=centre, dataset=dataset)
            release_record(build=build, now=timezone.now())
            rows.append(
                {
                    "dataset": dataset.key,
                    "seconds": round(time.monotonic() - begun, 2),
                    "periods": len(build.parts),
                    "rows": sum(part.row_count for part in build.parts),
                    "csv_kib": round(sum(len(part.csv) for part in build.parts) / 1024),
                    "errors": len(build.errors),
                }
            )
            data.log(f"{dataset.key}: {rows[-1]}")
        total = round(time.monotonic() - started, 2)
        peak_mib = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(f"\nscale {args.scale}: {seeded}\n")
        print("| dataset | seconds | periods | rows | CSV KiB | validation errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in rows:
            print(
                f"| {row['dataset']} | {row['seconds']} | {row['periods']} | {row['rows']} | "
                f"{row['csv_kib']} | {row['errors']} |"
            )
        print(
            f"\nwhole release: {total} s; peak RSS {peak_mib} MiB "
            f"(before the release {round(rss_before / 1024)} MiB)"
        )
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "seeded": seeded,
                        "datasets": rows,
                        "seconds": total,
                        "peak_rss_mib": peak_mib,
                    },
                    indent=2,
                )
            )
    finally:
        pg.stop_server()


if __name__ == "__main__":
    main()
