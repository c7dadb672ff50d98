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


# --------------------------------------------------------------------------------------------
# The load itself (runs with Django set up against the template database)
# --------------------------------------------------------------------------------------------

# Weights per option; a response draws one uniform number per question.
PURPOSE = [("consultation", 30), ("submit_documents", 40), ("collect_result", 25), ("other", 5)]
WAIT = [("under_5", 30), ("5_15", 35), ("15_30", 20), ("30_60", 10), ("over_60", 5)]
RESOLVED = [("fully", 62), ("partly", 18), ("no", 8), ("in_progress", 12)]
DEMOGRAPHIC = {
    "sex": ([("female", 58), ("male", 38), ("prefer_not_to_say", 4)], 0.75),
    "age_group": (
        [("under_18", 2), ("18_35", 30), ("36_59", 44), ("60_plus", 21), ("prefer_not_to_say", 3)],
        0.72,
    ),
    "idp": ([("yes", 14), ("no", 82), ("prefer_not_to_say", 4)], 0.6),
    "disability": ([("yes", 7), ("no", 88), ("prefer_not_to_say", 5)], 0.58),
    "pensioner": ([("yes", 24), ("no", 73), ("prefer_not_to_say", 3)], 0.6),
    "veteran": ([("yes", 0.4), ("no", 96), ("prefer_not_to_say", 3.6)], 0.55),
    "parent_under_6": ([("yes", 11), ("no", 86), ("prefer_not_to_say", 3)], 0.57),
    "residence": (
        [("centre_town", 64), ("starosta_village", 33), ("prefer_not_to_say", 3)],
        0.62,
    ),
}
CHANNELS = [("web", 40), ("visit_token", 30), ("paper", 20), ("xlsform_import", 10)]
COMMENTS = [
    "Мало місць для сидіння, доводиться стояти.",
    "Дякую адміністраторці, все швидко й зрозуміло.",
    "У залі спекотно влітку, потрібен кондиціонер.",
    "Хотілося б працювати в суботу довше.",
    "Довго чекав у черзі, електронна черга не працювала.",
    "Незрозуміло, які документи потрібні, на сайті інше.",
]


def _case(expression: str, weights: list[tuple[str, float]]) -> tuple[str, list[Any]]:
    """CASE over a uniform number in [0, 1) (the column ``expression``) picking by weight."""
    total = sum(weight for _value, weight in weights)
    parts, params, upto = [], [], 0.0
    for value, weight in weights[:-1]:
        upto += weight / total
        parts.append(f"WHEN {expression} < %s THEN %s")
        params += [upto, value]
    return "CASE " + " ".join(parts) + " ELSE %s END", [*params, weights[-1][0]]


def load(cursor: Any, *, centre_id: int, version_id: int, responses: int, first_key: int) -> None:
    """Responses of one centre and then their answers, question by question."""
    cursor.execute(
        "SELECT id, slug FROM core_office WHERE centre_id = %s ORDER BY position, id", [centre_id]
    )
    offices = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT id FROM catalog_service WHERE centre_id = %s ORDER BY id", [centre_id])
    services = [row[0] for row in cursor.fetchall()]
    channel_sql, channel_params = _case("c.u_channel", CHANNELS)
    office_pick = "CASE WHEN c.u_office < 0.08 THEN NULL " + (
        "WHEN c.u_office < 0.63 THEN %s WHEN c.u_office < 0.86 THEN %s ELSE %s END"
        if len(offices) >= 3
        else "ELSE %s END"
    )
    office_params = offices[:3] if len(offices) >= 3 else offices[:1]
    log(f"  {responses:,} responses of centre {centre_id}")
    # seed_demo may have stored a few responses with their answers already: leave them alone.
    cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_response")
    (before,) = cursor.fetchone()
    cursor.execute(
        f"""
        INSERT INTO surveys_response
            (centre_id, version_id, office_id, service_id, channel, submitted_on,
             submission_key, batch_id)
        SELECT %s, %s, {office_pick},
               CASE WHEN c.u_service < 0.45
                    THEN (%s::bigint[])[1 + floor(c.u_service / 0.45 * %s)::int] END,
               {channel_sql},
               current_date - (floor(power(c.u_day, 0.8) * 730))::int,
               md5((%s + c.i)::text), NULL
        FROM (SELECT i, random() AS u_channel, random() AS u_office, random() AS u_service,
                     random() AS u_day
              FROM generate_series(1, %s) AS i) c
        """,  # noqa: S608 — no user input: the benchmark's own constants
        [
            centre_id,
            version_id,
            *office_params,
            services or [0],
            max(len(services), 1),
            *channel_params,
            first_key,
            responses,
        ],
    )
    cursor.execute(
        "SELECT id, code, type FROM surveys_question WHERE version_id = %s", [version_id]
    )
    questions = {code: (pk, kind) for pk, code, kind in cursor.fetchall()}
    # One temporary table of the new responses with a "mood" per response: it shifts every
    # rating together (by office and over the months), so the results are not flat.
    cursor.execute(
        """
        CREATE TEMPORARY TABLE seed_mood ON COMMIT DROP AS
        SELECT r.id,
               least(greatest(
                   random() * 0.8 + 0.1
                   + CASE WHEN r.office_id = %s THEN 0.08 ELSE 0 END
                   - (current_date - r.submitted_on) / 730.0 * 0.12,
               0), 0.999) AS mood
        FROM surveys_response r WHERE r.version_id = %s AND r.id > %s
        """,
        [offices[1] if len(offices) > 1 else 0, version_id, before],
    )

    def insert(code: str, select_sql: str, params: list[Any]) -> None:
        if code not in questions:
            return
        started = time.monotonic()
        cursor.execute(
            "INSERT INTO surveys_answer (response_id, question_id, row, choice, number, text, "
            f"moderation, public_text) {select_sql}",
            params,
        )
        log(f"    {code}: {cursor.rowcount:,} answers in {time.monotonic() - started:.1f} s")

    def single(code: str, weights: list[tuple[str, float]], share: float = 1.0) -> None:
        case, params = _case("u", weights)
        insert(
            code,
            f"SELECT id, %s, '', {case}, NULL, '', '', '' FROM "  # noqa: S608
            "(SELECT id, random() AS u, random() AS p FROM seed_mood) x WHERE p < %s",
            [questions.get(code, (0,))[0], *params, share],
        )

    single("purpose", PURPOSE)
    single("wait_time", WAIT, 0.93)
    single("resolved", RESOLVED, 0.9)
    for code in (
        "rate_information",
        "rate_politeness",
        "rate_competence",
        "rate_speed",
        "rate_comfort",
        "rate_accessibility",
        "rate_hours",
    ):
        # Rating 1–5 around the response's mood, with its own noise.
        insert(
            code,
            "SELECT id, %s, '', '', least(5, greatest(1, round(mood * 4.6 + 0.7 + "
            "(random() - 0.5) * 1.6)))::smallint, '', '', '' FROM seed_mood WHERE random() < 0.88",
            [questions.get(code, (0,))[0]],
        )
    insert(
        "overall",
        "SELECT id, %s, '', CASE WHEN m < 0.11 THEN 'terrible' WHEN m < 0.29 THEN 'acceptable' "
        "WHEN m < 0.62 THEN 'good' ELSE 'excellent' END, NULL, '', '', '' FROM "
        "(SELECT id, least(0.999, greatest(0, mood + (random() - 0.5) * 0.3)) AS m "
        "FROM seed_mood) x",
        [questions.get("overall", (0,))[0]],
    )
    insert(
        "recommend",
        "SELECT id, %s, '', '', least(10, greatest(0, round(mood * 11 - 0.2 + "
        "(random() - 0.5) * 3)))::smallint, '', '', '' FROM seed_mood WHERE random() < 0.85",
        [questions.get("recommend", (0,))[0]],
    )
    options = [
        "community_website",
        "social_networks",
        "family_friends",
        "media",
        "starosta",
        "notice_boards",
        "social_worker",
        "other",
    ]
    insert(
        "learned_from",
        # random() in the inner select list: in the WHERE clause PostgreSQL would push it down
        # to the unnest and draw once per option instead of once per response and option.
        "SELECT id, %s, '', value, NULL, '', '', '' FROM (SELECT x.id, o.value, o.p, "
        "random() AS u FROM seed_mood x CROSS JOIN unnest(%s::text[], %s::float8[]) "
        "AS o(value, p)) y WHERE u < p",
        [
            questions.get("learned_from", (0,))[0],
            options,
            [0.3, 0.28, 0.35, 0.08, 0.1, 0.07, 0.04, 0.05],
        ],
    )
    insert(
        "improve",
        "SELECT id, %s, '', '', NULL, (%s::text[])[1 + floor(random() * %s)::int], "
        "CASE WHEN q < 0.6 THEN 'pending' WHEN q < 0.85 THEN 'published' ELSE 'rejected' END, "
        "'' FROM (SELECT id, random() AS p, random() AS q FROM seed_mood) x WHERE p < 0.06",
        [questions.get("improve", (0,))[0], COMMENTS, len(COMMENTS)],
    )
    cursor.execute(
        "UPDATE surveys_answer SET public_text = text WHERE moderation = 'published' "
        "AND public_text = '' AND question_id = %s",
        [questions.get("improve", (0,))[0]],
    )
    for code, (weights, share) in DEMOGRAPHIC.items():
        single(code, weights, share)
    cursor.execute("DROP TABLE seed_mood")


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
