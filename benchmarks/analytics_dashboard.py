#!/usr/bin/env python
"""The public dashboard /<centre>/dashboard/ over one year of a busy centre: the page cold (its
cache emptied before every request) and warm (cached), and one chart's CSV, each timed against a
bare Django view (/healthz) in the same run.

    .venv/bin/python benchmarks/analytics_dashboard.py [--scale 1.0] [--repeat 15] [--json FILE]

At ``--scale 1`` the year up to today holds 300,000 services provided, 50,000 appeals, about
1,000,000 survey answers (≈ 70,000 responses of the standard questionnaire, ~14 answers each)
and 200,000 queue tickets; ``--scale 0.1`` a tenth of each.

What it does, all on loopback:

1. starts a throwaway PostgreSQL server from the installed binaries (vidhuk/testing/postgres.py,
   fsync off) and migrates;
2. one centre with four offices and 40 services; the rows written with INSERT … SELECT
   generate_series (appeals with benchmarks/appeals_seed.py's COPY generator, survey answers with
   benchmarks/surveys_seed.py's, both spread by them over two or three years, so they get the
   multiple that leaves the target in the last year); VACUUM ANALYZE;
3. in-process with Django's test client (no HTTP): one request per URL to count its queries, then
   ``--repeat`` rounds, URL by URL, each round clearing the cache before the cold request;
   the median and 90th percentile in ms, the ratio to /healthz's median;
4. prints a Markdown table; stops PostgreSQL and removes its directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from vidhuk.testing import postgres as pg  # noqa: E402

SLUG = "verbivka"
SERVICES, TICKETS, APPEALS, ANSWERS = 300_000, 200_000, 50_000, 1_000_000
ANSWERS_PER_RESPONSE = 14  # what the survey generator averages (not every question answered)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=15)
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


def _centre() -> tuple[Any, list[Any], list[Any]]:
    from vidhuk.catalog.tests.factories import ServiceFactory
    from vidhuk.core.choices import OfficeKind
    from vidhuk.core.tests.factories import CentreFactory, OfficeFactory

    centre = CentreFactory(slug=SLUG, name="ЦНАП Вербівської міської ради")
    offices = [
        OfficeFactory(centre=centre, slug="main", name="Головний офіс", kind=OfficeKind.MAIN),
        *[OfficeFactory(centre=centre, slug=f"remote-{n}") for n in range(3)],
    ]
    services = [
        ServiceFactory(centre=centre, slug=f"service-{n}", name=f"Адміністративна послуга № {n}")
        for n in range(40)
    ]
    return centre, offices, services


def _provisions(cursor: Any, centre: Any, offices: list[Any], services: list[Any], n: int) -> None:
    """Services provided over the last 365 days: channels, results and stated demographics
    spread by the row number (deterministic)."""
    cursor.execute(
        """
        INSERT INTO analytics_serviceprovision
            (centre_id, provided_on, office_id, service_id, service_title, channel, result,
             source, source_key, sex, age_group, idp, disability, pensioner, veteran, created_at)
        SELECT %(centre)s, current_date - 1 - (i %% 365),
               (%(offices)s::int[])[1 + i %% %(n_offices)s],
               (%(services)s::int[])[1 + (i * 7) %% %(n_services)s],
               'Адміністративна послуга',
               (ARRAY['in_person','in_person','in_person','online','post'])[1 + i %% 5],
               (ARRAY['provided','provided','provided','provided','consultation','refused'])
                   [1 + (i / 5) %% 6],
               'import', '',
               (ARRAY['female','male','','female'])[1 + (i / 3) %% 4],
               (ARRAY['18_35','36_59','60_plus','','under_18'])[1 + (i / 11) %% 5],
               CASE WHEN i %% 13 = 0 THEN true WHEN i %% 3 = 0 THEN NULL ELSE false END,
               CASE WHEN i %% 17 = 0 THEN true WHEN i %% 3 = 0 THEN NULL ELSE false END,
               CASE WHEN i %% 4 = 0 THEN true WHEN i %% 3 = 0 THEN NULL ELSE false END,
               CASE WHEN i %% 23 = 0 THEN true WHEN i %% 3 = 0 THEN NULL ELSE false END,
               now()
        FROM generate_series(0, %(n)s - 1) AS i
        """,
        {
            "centre": centre.pk,
            "offices": [o.pk for o in offices],
            "n_offices": len(offices),
            "services": [s.pk for s in services],
            "n_services": len(services),
            "n": n,
        },
    )


def _tickets(cursor: Any, centre: Any, offices: list[Any], services: list[Any], n: int) -> None:
    """Queue tickets over the last 365 days, 08:00–17:00 Kyiv: most served (2–40 minutes'
    wait, 3–25 minutes at the window), some no-shows."""
    cursor.execute(
        """
        INSERT INTO queue_ticket
            (centre_id, office_id, day, letter, number, purpose, service_id, is_booked, public_id,
             status, turn_at, issued_at, called_at, last_called_at, call_count, finished_at,
             outcome)
        SELECT %(centre)s, office, day, 'П', number, 'submit',
               (%(services)s::int[])[1 + i %% %(n_services)s], i %% 10 = 0, gen_random_uuid(),
               CASE WHEN i %% 20 = 0 THEN 'no_show' ELSE 'done' END,
               issued, issued, issued + wait, issued + wait, 1,
               CASE WHEN i %% 20 = 0 THEN NULL ELSE issued + wait + served END,
               CASE WHEN i %% 20 = 0 THEN '' ELSE 'served' END
        FROM (
            SELECT i, (%(offices)s::int[])[1 + i %% %(n_offices)s] AS office,
                   current_date - 1 - (i / %(n_offices)s) %% 365 AS day,
                   1 + i / (%(n_offices)s * 365) AS number,
                   ((current_date - 1 - (i / %(n_offices)s) %% 365)::timestamp
                       + interval '8 hours' + (i %% 540) * interval '1 minute')
                       AT TIME ZONE 'Europe/Kyiv' AS issued,
                   (2 + (i * 7) %% 38) * interval '1 minute' AS wait,
                   (3 + (i * 11) %% 22) * interval '1 minute' AS served
            FROM generate_series(0, %(n)s - 1) AS i
        ) AS t
        """,
        {
            "centre": centre.pk,
            "offices": [o.pk for o in offices],
            "n_offices": len(offices),
            "services": [s.pk for s in services],
            "n_services": len(services),
            "n": n,
        },
    )


def seed(scale: float) -> dict[str, Any]:
    import appeals_seed
    import surveys_seed
    from django.db import connection, transaction

    from vidhuk.surveys.models import QuestionnaireVersion
    from vidhuk.surveys.services import questionnaire_install_defaults

    centre, offices, services = _centre()
    counts = {
        "services": int(SERVICES * scale),
        "tickets": int(TICKETS * scale),
        "appeals": int(APPEALS * scale),
        "answers": int(ANSWERS * scale),
    }
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        _provisions(cursor, centre, offices, services, counts["services"])
        _tickets(cursor, centre, offices, services, counts["tickets"])
    log(f"services provided and tickets: {time.monotonic() - started:.0f} s")
    # The appeals generator spreads its cases over three years up to today.
    appeals_seed.seed(3 * counts["appeals"], 0, 7)
    log(f"appeals: {time.monotonic() - started:.0f} s")
    questionnaire_install_defaults(centre=centre, actor=None)
    version = QuestionnaireVersion.objects.get(
        questionnaire__centre=centre, questionnaire__slug="visitor-survey", status="published"
    )
    # The survey generator spreads its responses over two years up to today.
    responses = 2 * counts["answers"] // ANSWERS_PER_RESPONSE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        surveys_seed.load(
            cursor, centre_id=centre.pk, version_id=version.pk, responses=responses, first_key=0
        )
    log(f"survey answers: {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return _year_counts(centre) | {"seconds": round(time.monotonic() - started)}


def _year_counts(centre: Any) -> dict[str, Any]:
    from django.db import connection

    year_ago = dt.date.today() - dt.timedelta(days=366)  # noqa: DTZ011 — the benchmark's own calendar
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM analytics_serviceprovision WHERE centre_id = %(c)s "
            "        AND provided_on > %(d)s),"
            " (SELECT count(*) FROM appeals_appeal WHERE centre_id = %(c)s "
            "        AND received_at > %(d)s),"
            " (SELECT count(*) FROM surveys_answer a JOIN surveys_response r "
            "        ON r.id = a.response_id WHERE r.centre_id = %(c)s AND r.submitted_on > %(d)s),"
            " (SELECT count(*) FROM queue_ticket WHERE centre_id = %(c)s AND day > %(d)s)",
            {"c": centre.pk, "d": year_ago},
        )
        provided, appeals, answers, tickets = cursor.fetchone()
    return {
        "services_provided_last_year": provided,
        "appeals_last_year": appeals,
        "survey_answers_last_year": answers,
        "tickets_last_year": tickets,
    }


def measure(urls: dict[str, str], repeat: int) -> dict[str, dict[str, Any]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results: dict[str, dict[str, Any]] = {}
    times: dict[str, list[float]] = {name: [] for name in urls}
    for name, url in urls.items():
        if name != "dashboard warm":  # the warm one is counted right after the cold one
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        results[name] = {"url": url, "queries": len(captured), "bytes": len(body)}
    client.get(urls["dashboard warm"])
    for _ in range(repeat):
        for name, url in urls.items():
            if name != "dashboard warm":
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times[name].append((time.perf_counter() - started) * 1000)
            if name == "dashboard cold":
                client.get(urls["dashboard warm"])  # leave the warm entry for the next round
    base = statistics.median(times["healthz"])
    for name, values in times.items():
        values.sort()
        median = statistics.median(values)
        results[name].update(
            median_ms=round(median, 1),
            p90_ms=round(values[int(0.9 * (len(values) - 1))], 1),
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
        seeded = seed(args.scale)
        log(f"seeded: {seeded}")
        urls = {
            "healthz": "/healthz",
            "dashboard cold": f"/{SLUG}/dashboard/",
            "dashboard warm": f"/{SLUG}/dashboard/",
            "CSV of a chart": f"/{SLUG}/dashboard/satisfaction-by-indicator.csv",
        }
        results = measure(urls, args.repeat)
        print(f"\nscale {args.scale}: {seeded}\n")
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
