#!/usr/bin/env python
"""The public board «Ви сказали — ми зробили» with 5,000 decisions and 50,000 evidence links:
the board page, a filtered board page, a decision's page and the Atom feed, each timed against
a bare Django view (/healthz) in the same run.

    .venv/bin/python benchmarks/decisions_board.py [--decisions 5000] [--evidence 50000]
        [--repeat 30] [--json FILE]

What it does, all on loopback:

1. starts a throwaway PostgreSQL server from the installed binaries (vidhuk/testing/postgres.py,
   fsync off), runs the migrations;
2. builds one centre with four offices and 12 services, then ``--decisions`` published
   decisions in every public state (a third overdue), each answering one public finding with
   ``--evidence`` ÷ ``--decisions`` evidence links (appeals, calls, survey figures) and two
   milestones — with bulk inserts, not the services (the services are tested, not timed here);
3. in-process with Django's test client (no HTTP, no concurrency): one warm-up request per URL,
   then ``--repeat`` requests each, interleaved URL by URL so a noisy neighbour on the machine
   slows every URL alike; reports the median and 90th percentile in ms, the ratio of the
   median to /healthz's, the SQL queries of one request and the response size;
4. prints a Markdown table; stops PostgreSQL and removes its directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vidhuk.testing import postgres as pg  # noqa: E402

SLUG = "verbivka"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=5000)
    parser.add_argument("--evidence", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--json", type=Path)
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def start_database() -> None:
    pg._state["port"] = pg._free_port()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg._state['port']}/postgres"
    os.environ.pop("VIDHUK_ENV", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    pg.start_server()
    pg.wait_until_ready()


def seed(args: argparse.Namespace) -> dict[str, Any]:
    from vidhuk.catalog.tests.factories import ServiceFactory
    from vidhuk.core.choices import OfficeKind
    from vidhuk.core.models import Centre, Office
    from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
    from vidhuk.decisions.choices import DecisionKind, DecisionState, FindingState
    from vidhuk.decisions.models import Decision, Evidence, Finding, Milestone

    rng = random.Random(args.seed)
    today = dt.date.today()  # noqa: DTZ011 — the benchmark's own calendar
    centre: Centre = CentreFactory(slug=SLUG, name="ЦНАП Вербівської міської ради")
    offices = [
        OfficeFactory(centre=centre, slug="main", name="Головний офіс", kind=OfficeKind.MAIN),
        *[OfficeFactory(centre=centre, slug=f"remote-{n}") for n in range(3)],
    ]
    services = [
        ServiceFactory(centre=centre, slug=f"service-{n}", name=f"Адміністративна послуга № {n}")
        for n in range(12)
    ]
    topics = ["Зал очікування", "Черги", "Навігація", "Графік", "Ввічливість", "Документи"]
    states = [s for s in DecisionState if s != DecisionState.DRAFT]
    n = args.decisions
    per = max(1, args.evidence // n)
    log(f"seeding {n} findings and decisions, {per * n} evidence links")
    findings = Finding.objects.bulk_create(
        [
            Finding(
                centre=centre,
                number=i + 1,
                title=f"Висновок {i + 1}: {rng.choice(topics).lower()}",
                summary="Мешканці пишуть про це в зверненнях і оцінюють у опитуванні; "
                f"{rng.randint(5, 40)} скарг за місяць.",
                topic=rng.choice(topics),
                state=FindingState.DECIDED,
                opened_on=today - dt.timedelta(days=400 - i % 380),
                due_on=today - dt.timedelta(days=360 - i % 380),
                decided_on=today - dt.timedelta(days=370 - i % 380),
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                centre=centre,
                number=i + 1,
                kind=rng.choice(list(DecisionKind)),
                title=f"Рішення {i + 1}: облаштування й порядок обслуговування",
                order_number=f"{i + 1}-од",
                order_date=today - dt.timedelta(days=365 - i % 360),
                owner_unit="Відділ господарського забезпечення",
                due_on=today + dt.timedelta(days=rng.randint(-120, 240)),
                summary="Що центр зробив у відповідь: коротко, для мешканців.",
                state=states[i % len(states)],
                state_reason="Причина для мешканців."
                if states[i % len(states)] in (DecisionState.NOT_DONE, DecisionState.CANCELLED)
                else "",
                adopted_on=today - dt.timedelta(days=360 - i % 360),
                public_revision=1,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    through = Decision.findings.through
    through.objects.bulk_create(
        [
            through(decision_id=d.pk, finding_id=f.pk)
            for d, f in zip(decisions, findings, strict=True)
        ],
        batch_size=2000,
    )
    Decision.offices.through.objects.bulk_create(
        [
            Decision.offices.through(decision_id=d.pk, office_id=rng.choice(offices).pk)
            for d in decisions
        ],
        batch_size=2000,
    )
    Decision.services.through.objects.bulk_create(
        [
            Decision.services.through(decision_id=d.pk, service_id=rng.choice(services).pk)
            for d in decisions
        ],
        batch_size=2000,
    )
    Finding.offices.through.objects.bulk_create(
        [
            Finding.offices.through(finding_id=f.pk, office_id=rng.choice(offices).pk)
            for f in findings
        ],
        batch_size=2000,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                decision=d,
                title=f"Етап {k + 1}",
                planned_on=today + dt.timedelta(days=rng.randint(-200, 200)),
                done_on=today - dt.timedelta(days=10) if k == 0 else None,
                weight=k + 1,
                position=k,
            )
            for d in decisions
            for k in range(2)
        ],
        batch_size=2000,
    )
    sources = ["appeal", "hotline_call", "suggestion", "survey_result", "mystery_visit"]
    batch: list[Evidence] = []
    for f in findings:
        for k in range(per):
            source = sources[k % len(sources)]
            batch.append(
                Evidence(
                    centre=centre,
                    finding=f,
                    source=source,
                    object_id="" if source == "survey_result" else f"{f.pk}-{k}",
                    label=f"Підстава {k + 1}",
                    channel="web",
                    occurred_on=f.opened_on,
                    office=rng.choice(offices),
                    figure={"value": 2.9, "scale_max": 5, "n": 214}
                    if source == "survey_result"
                    else None,
                )
            )
        if len(batch) >= 10000:
            Evidence.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Evidence.objects.bulk_create(batch, batch_size=5000)
    office_count = Office.objects.filter(centre=centre).count()
    return {
        "decisions": Decision.objects.filter(centre=centre).count(),
        "findings": Finding.objects.filter(centre=centre).count(),
        "evidence": Evidence.objects.filter(centre=centre).count(),
        "milestones": Milestone.objects.filter(decision__centre=centre).count(),
        "offices": office_count,
        "office_id": offices[1].pk,
    }


def measure(urls: dict[str, str], repeat: int) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results: dict[str, dict[str, Any]] = {}
    times: dict[str, list[float]] = {name: [] for name in urls}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        results[name] = {"url": url, "queries": len(captured), "bytes": len(body)}
    for _ in range(repeat):
        for name, url in urls.items():
            start = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times[name].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times["healthz"])
    for name, values in times.items():
        values.sort()
        median = statistics.median(values)
        results[name].update(
            median_ms=round(median, 2),
            p90_ms=round(values[int(0.9 * (len(values) - 1))], 2),
            ratio=round(median / base, 1),
        )
    return results


def main() -> None:
    args = parse_args()
    start_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command

        log("migrating")
        call_command("migrate", verbosity=0)
        seeded = seed(args)
        log(f"seeded: {seeded}")
        urls = {
            "healthz": "/healthz",
            "board": f"/{SLUG}/decisions/",
            "board_page_50": f"/{SLUG}/decisions/?page=50",
            "board_filtered": f"/{SLUG}/decisions/?office={seeded['office_id']}&state=overdue",
            "decision": f"/{SLUG}/decisions/{args.decisions // 2}/",
            "feed": f"/{SLUG}/decisions/feed/",
        }
        log(f"timing {len(urls)} URLs × {args.repeat}")
        results = measure(urls, args.repeat)
        print(
            f"\n{seeded['decisions']:,} decisions, {seeded['findings']:,} findings, "
            f"{seeded['evidence']:,} evidence links, {seeded['milestones']:,} milestones; "
            f"{args.repeat} requests per URL, in-process (Django test client)\n"
        )
        print("| page | URL | median ms | p90 ms | × /healthz | SQL queries | KiB |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for name, row in results.items():
            print(
                f"| {name} | `{row['url']}` | {row['median_ms']} | {row['p90_ms']} | "
                f"{row['ratio']} | {row['queries']} | {row['bytes'] / 1024:.1f} |"
            )
        if args.json:
            args.json.write_text(json.dumps({"seeded": seeded, "results": results}, indent=2))
    finally:
        pg.stop_server()


if __name__ == "__main__":
    main()
