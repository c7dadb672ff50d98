#!/usr/bin/env python
"""Build (or reuse) the surveys benchmark database: 1,000,000 responses to the standard
visitor questionnaire of one centre.

    .venv/bin/python benchmarks/surveys_seed.py             # build once, then print what is there
    .venv/bin/python benchmarks/surveys_seed.py --rebuild   # build again

The cluster is kept like the appeals one (benchmarks/appeals_common.py, same server settings):
`/tmp/vidhuk-bench-surveys-<key>/`, where <key> hashes CACHE_VERSION, the options
and the surveys migrations (`--rebuild` after a schema change elsewhere); each run works on a
`CREATE DATABASE … TEMPLATE` copy, dropped at the end.

What it makes:

- `migrate`, `seed_demo` (the demo centre `verbivka`: 3 offices, 52 services, the standard
  visitor questionnaire with the demographic block, published);
- a second centre `luhove` with its own copy of the questionnaire and `--other-responses`
  (20,000) responses, to show the page reads only its own centre;
- `--responses` (1,000,000) responses in `verbivka`, written with `INSERT … SELECT
  generate_series` (no Python per row): the days over the two years up to the build; channels
  web 40 %, visit code 30 %, paper 20 %, XLSForm import 10 %; an office for 92 % (main 60 %,
  remote 25 %, starosta 15 %), a service for 45 %;
- their answers, about 19 per response (~19 million rows), drawn per response from weights
  that differ by office and drift over the months, so the figures are not flat: purpose,
  wait time, resolved; seven 1–5 ratings; the overall rating (чудово 38 %, добре 33 %,
  прийнятно 18 %, жахливо 11 % on average); the 0–10 recommendation; where they learned of the
  centre (1–3 ticks); a comment from 6 % (pending, published or rejected); and each of the
  eight demographic questions from 55–75 % of respondents;
- the answers table's indexes and constraints are dropped during the load and made again
  afterwards (much faster than keeping them up to date row by row); `VACUUM ANALYZE`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_common import (  # noqa: E402
    CACHE_ROOT,
    REPO,
    TEMPLATE_DB,
    Cluster,
    _initdb,
    _locked,
    _start,
    _stop,
    log,
    manage,
    production_env,
    setup_django,
)
from surveys_answers_sql import load  # noqa: E402

# Bump when the seeded data changes in a way the migrations do not show.
CACHE_VERSION = "surveys-1"
CENTRE = "verbivka"
OTHER_CENTRE = "luhove"


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--responses", type=int, default=1_000_000, help="[1000000]")
    parser.add_argument("--other-responses", type=int, default=20_000, help="[20000]")
    parser.add_argument("--seed", type=float, default=0.2026, help="setseed() value [0.2026]")
    parser.add_argument("--rebuild", action="store_true", help="build the cached database again")
    parser.add_argument(
        "--no-cache", action="store_true", help="build in a throwaway directory, remove after"
    )


def cache_key(args: argparse.Namespace) -> str:
    import hashlib

    digest = hashlib.sha256(
        f"{CACHE_VERSION}:{args.responses}:{args.other_responses}:{args.seed}".encode()
    )
    # Only the surveys migrations: a migration elsewhere (another engineer's work) should not
    # rebuild ten minutes of data; `--rebuild` when another app's schema change matters.
    for path in sorted(REPO.glob("vidhuk/surveys/migrations/*.py")):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Seeded:
    cluster: Cluster
    info: dict[str, Any]


@contextlib.contextmanager
def surveys_cluster(args: argparse.Namespace) -> Iterator[Cluster]:
    """Start the cached cluster (building it first when needed) and yield a throwaway copy."""
    key = cache_key(args)
    if args.no_cache:
        root = Path(tempfile.mkdtemp(prefix="vidhuk-bench-surveys-nocache-"))
        lockfile = root.with_suffix(".lock")
    else:
        root = CACHE_ROOT / f"vidhuk-bench-surveys-{key}"
        lockfile = CACHE_ROOT / f"vidhuk-bench-surveys-{key}.lock"
    with _locked(lockfile):
        marker = root / "seeded.json"
        if args.rebuild or not marker.exists():
            if root.exists() and not args.no_cache:
                _stop(root)
                shutil.rmtree(root)
            log(f"building the surveys benchmark database in {root} (once; reused for {key})")
            _initdb(root)
        port = _start(root)
        run_db = f"bench_surveys_{os.getpid()}"
        admin = Cluster(root, port, "postgres", {})
        try:
            if not marker.exists():
                started = time.monotonic()
                info = _build(root, port, args)
                admin.psql("VACUUM ANALYZE", TEMPLATE_DB)
                info["build_seconds"] = round(time.monotonic() - started, 1)
                info["cache_key"] = key
                marker.write_text(json.dumps(info, indent=2))
                log(f"built in {info['build_seconds']} s: {info}")
            info = json.loads(marker.read_text())
            started = time.monotonic()
            admin.psql(f"CREATE DATABASE {run_db} TEMPLATE {TEMPLATE_DB}")
            size = admin.psql(f"SELECT pg_size_pretty(pg_database_size('{run_db}'))")[0][0]
            log(
                f"PostgreSQL on 127.0.0.1:{port}; working copy {run_db} ({size}) made in "
                f"{time.monotonic() - started:.1f} s"
            )
            info["database_size"] = size
            yield Cluster(root, port, run_db, info)
        finally:
            with contextlib.suppress(Exception):
                admin.psql(f"DROP DATABASE IF EXISTS {run_db} WITH (FORCE)")
            log("stopping PostgreSQL")
            _stop(root)
            if args.no_cache:
                shutil.rmtree(root, ignore_errors=True)
                lockfile.unlink(missing_ok=True)


def _build(root: Path, port: int, args: argparse.Namespace) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    url = f"postgres://postgres@127.0.0.1:{port}/{TEMPLATE_DB}"
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-surveys-seed-"))
    try:
        env = production_env(workdir, url)
        env.pop("VIDHUK_ENV")  # seed_demo refuses production (published demo passwords)
        manage(env, workdir, "migrate", "--noinput")
        manage(env, workdir, "seed_demo")
        started = time.monotonic()
        import subprocess

        result = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--into",
                url,
                "--responses",
                str(args.responses),
                "--other-responses",
                str(args.other_responses),
                "--seed",
                str(args.seed),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError("surveys_seed.py --into failed (its output is above)")
        info: dict[str, Any] = json.loads(result.stdout.decode().strip().splitlines()[-1])
        info["load_seconds"] = round(time.monotonic() - started, 1)
        return info
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def seed_into(url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    setup_django(env)
    from django.db import connection, transaction

    from vidhuk.core.models import Centre, Office
    from vidhuk.core.services import office_create
    from vidhuk.surveys.models import QuestionnaireVersion
    from vidhuk.surveys.services import questionnaire_install_defaults

    centre = Centre.objects.get(slug=CENTRE)
    other, _created = Centre.objects.get_or_create(
        slug=OTHER_CENTRE, defaults={"name": "ЦНАП Лугівської сільської ради"}
    )
    if not Office.objects.filter(centre=other).exists():
        office_create(
            centre=other,
            data={
                "slug": "main",
                "name": "Головний офіс",
                "kind": "main",
                "address": "вул. Шкільна, 3, с. Лугове",
                "position": 0,
            },
            actor=None,
        )
    questionnaire_install_defaults(centre=centre, actor=None)
    questionnaire_install_defaults(centre=other, actor=None)

    def version_of(item: Centre) -> int:
        return QuestionnaireVersion.objects.get(
            questionnaire__centre=item, questionnaire__slug="visitor-survey", status="published"
        ).pk

    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT setseed({args.seed})")
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'surveys_answer' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'surveys_answer'::regclass AND contype IN ('u')"
        )
        constraints = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE surveys_answer DROP CONSTRAINT "{name}"')
        log(f"dropped {len(indexes)} indexes and {len(constraints)} constraints of the answers")
        load(
            cursor,
            centre_id=centre.pk,
            version_id=version_of(centre),
            responses=args.responses,
            first_key=0,
        )
        load(
            cursor,
            centre_id=other.pk,
            version_id=version_of(other),
            responses=args.other_responses,
            first_key=10 * args.responses,
        )
        for name, definition in constraints:
            started_index = time.monotonic()
            cursor.execute(f'ALTER TABLE surveys_answer ADD CONSTRAINT "{name}" {definition}')
            log(f"  constraint {name}: {time.monotonic() - started_index:.1f} s")
        for name, definition in indexes:
            started_index = time.monotonic()
            cursor.execute(definition)
            log(f"  index {name}: {time.monotonic() - started_index:.1f} s")
        rollup_seconds = _rollup_backfill(cursor)
        cursor.execute(
            "SELECT (SELECT count(*) FROM surveys_response WHERE centre_id = %s), "
            "(SELECT count(*) FROM surveys_response WHERE centre_id = %s), "
            "(SELECT count(*) FROM surveys_answer)",
            [centre.pk, other.pk],
        )
        main_count, other_count, answers = cursor.fetchone()
    return {
        CENTRE: {"responses": main_count},
        OTHER_CENTRE: {"responses": other_count},
        "answers": answers,
        "seconds": round(time.monotonic() - started, 1),
        "rollup_seconds": rollup_seconds,
    }


def _rollup_backfill(cursor: Any) -> float | None:
    """The load ran with the triggers off (replica role): count the results rollup the way its
    migration does for existing responses (surveys/0008), timed — the backfill's cost."""
    import importlib

    try:
        migration = importlib.import_module("vidhuk.surveys.migrations.0008_results_rollup")
    except ImportError:
        return None
    started = time.monotonic()
    cursor.execute(f"TRUNCATE {migration.TABLE}")
    cursor.execute("SET LOCAL work_mem = '512MB'")  # as the migration does
    cursor.execute(migration.backfill_sql())
    seconds = round(time.monotonic() - started, 1)
    log(f"  results rollup backfilled: {seconds:.1f} s")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_options(parser)
    parser.add_argument("--into", help=argparse.SUPPRESS)  # internal: load into this database
    args = parser.parse_args(argv)
    if args.into:
        print(json.dumps(seed_into(args.into, args)))
        return 0
    with surveys_cluster(args) as db:
        print(json.dumps(db.info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
