"""Shared by the appeals benchmarks: a PostgreSQL cluster with 200,000 cases, kept between runs.

Building the database (initdb, migrate, seed_demo, 200,000 cases, VACUUM ANALYZE) takes a
minute or two, so the cluster's data directory is kept under /tmp and reused:

    /tmp/vidhuk-bench-appeals-<key>/       data/, sockets/, server.log, seeded.json
    /tmp/vidhuk-bench-appeals-<key>.lock   held while a benchmark uses it (one at a time)

<key> is a hash of CACHE_VERSION, the seed options (cases, other-centre cases, random seed) and
every migration file of the project, so a schema change builds a new one. `--rebuild` forces it;
`--no-cache` builds in a throwaway directory and removes it afterwards. Old directories are not
removed automatically: `rm -rf /tmp/vidhuk-bench-appeals-*` (with no benchmark running).

Each run works on a copy (`CREATE DATABASE … TEMPLATE vidhuk`), dropped at the end, so the
cached database stays as seeded (the submission benchmark adds rows, sign-ins add sessions).

The server is started with the same throwaway settings as the test server
(vidhuk/testing/postgres.py: fsync=off, synchronous_commit=off, shared_buffers=256MB).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (str(REPO), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalog_http import (  # noqa: E402 — needs benchmarks/ on sys.path
    free_port,
    log,
    machine,
    manage,
    percentile,
    production_env,
)

from vidhuk.testing import postgres as pg  # noqa: E402

__all__ = [
    "BENCH",
    "REPO",
    "Cluster",
    "add_cache_options",
    "cluster",
    "free_port",
    "log",
    "machine",
    "manage",
    "percentile",
    "production_env",
    "setup_django",
]

# Bump when the seeded data changes in a way the migrations do not show.
CACHE_VERSION = "1"
CACHE_ROOT = Path(os.environ.get("VIDHUK_BENCH_CACHE", tempfile.gettempdir()))
TEMPLATE_DB = "vidhuk"
PG_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB"
)


def add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cases", type=int, default=200_000, help="cases of the main centre [200000]"
    )
    parser.add_argument(
        "--other-cases",
        type=int,
        default=3_000,
        help="cases of a second centre, to prove the inbox is scoped [3000]",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data [2026]")
    parser.add_argument("--rebuild", action="store_true", help="build the cached database again")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="build the database in a throwaway directory and remove it afterwards",
    )


def cache_key(cases: int, other_cases: int, seed: int) -> str:
    digest = hashlib.sha256(f"{CACHE_VERSION}:{cases}:{other_cases}:{seed}".encode())
    for path in sorted(REPO.glob("vidhuk/*/migrations/*.py")):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    digest.update((REPO / "vidhuk/demo/data/services.json").read_bytes())
    return digest.hexdigest()[:12]


def _pg(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(pg._as_postgres(command), check=True, **kwargs)  # type: ignore[call-overload]


@dataclass
class Cluster:
    root: Path
    port: int
    database: str
    info: dict[str, object]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def psql(self, sql: str, database: str | None = None) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/{database or self.database}",
            autocommit=True,
        ) as conn:
            cursor = conn.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []


def _initdb(root: Path) -> None:
    data, sockets = root / "data", root / "sockets"
    data.mkdir(parents=True)
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (root, data, sockets):
            shutil.chown(path, "postgres")
    _pg(
        [
            str(pg._pg_bindir() / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        stdout=subprocess.DEVNULL,
    )


def _start(root: Path) -> int:
    bindir = pg._pg_bindir()
    data = root / "data"
    # A run killed with SIGKILL leaves its server running; we hold the lock, so it is ours.
    status = subprocess.run(
        pg._as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "status"]),
        capture_output=True,
        check=False,
    )
    if status.returncode == 0:
        log("a server from an interrupted run is still up on the cached cluster; stopping it")
        _stop(root)
    port = free_port()
    _pg(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            f"-p {port} -k {root / 'sockets'} {PG_OPTIONS}",
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "120",
            "start",
        ],
        stdout=subprocess.DEVNULL,
    )
    return port


def _stop(root: Path) -> None:
    subprocess.run(
        pg._as_postgres(
            [str(pg._pg_bindir() / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "stop"]
        ),
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def _locked(lockfile: Path) -> Iterator[None]:
    with lockfile.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another benchmark holds {lockfile}; waiting for it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(root: Path, port: int, args: argparse.Namespace) -> dict[str, object]:
    """Create and seed the template database in a fresh cluster (seeding runs in a child process
    so that this one can still set Django up with its own environment)."""
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    url = f"postgres://postgres@127.0.0.1:{port}/{TEMPLATE_DB}"
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-seed-"))
    try:
        # seed_demo refuses VIDHUK_ENV=production (published demo passwords), so the build runs
        # with the development profile against the same database.
        env = production_env(workdir, url)
        env.pop("VIDHUK_ENV")
        manage(env, workdir, "migrate", "--noinput")
        manage(env, workdir, "seed_demo")
        started = time.monotonic()
        result = subprocess.run(
            [
                sys.executable,
                str(BENCH / "appeals_seed.py"),
                "--into",
                url,
                "--cases",
                str(args.cases),
                "--other-cases",
                str(args.other_cases),
                "--seed",
                str(args.seed),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError("appeals_seed.py --into failed (its output is above)")
        info = json.loads(result.stdout.decode().strip().splitlines()[-1])
        info["seed_seconds"] = round(time.monotonic() - started, 1)
        return info
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _create_cache_table(url: str) -> None:
    """The build migrates with the development profile (seed_demo refuses production), whose
    cache is process memory, so migration core/0004 made no cache table there; gunicorn runs
    with production's database cache, and every submission failed on the missing table.
    `createcachetable` with the production profile makes it (nothing when it is there)."""
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-cachetable-"))
    try:
        manage(production_env(workdir, url), workdir, "createcachetable")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def cluster(args: argparse.Namespace) -> Iterator[Cluster]:
    """Start the cached cluster (building it first if needed) and yield a throwaway copy of the
    seeded database; drop the copy and stop the server afterwards."""
    key = cache_key(args.cases, args.other_cases, args.seed)
    if args.no_cache:
        root = Path(tempfile.mkdtemp(prefix="vidhuk-bench-appeals-nocache-"))
        lockfile = root.with_suffix(".lock")
    else:
        root = CACHE_ROOT / f"vidhuk-bench-appeals-{key}"
        lockfile = CACHE_ROOT / f"vidhuk-bench-appeals-{key}.lock"
    with _locked(lockfile):
        marker = root / "seeded.json"
        if args.rebuild or not marker.exists():
            if root.exists() and not args.no_cache:
                _stop(root)
                shutil.rmtree(root)
            log(f"building the benchmark database in {root} (once; reused while {key} holds)")
            _initdb(root)
        port = _start(root)
        run_db = f"bench_run_{os.getpid()}"
        try:
            if not marker.exists():
                info = _build(root, port, args)
                Cluster(root, port, "postgres", {}).psql("VACUUM ANALYZE", TEMPLATE_DB)
                info["cache_key"] = key
                marker.write_text(json.dumps(info, indent=2))
                log(f"seeded in {info['seed_seconds']} s: {info}")
            info = json.loads(marker.read_text())
            admin = Cluster(root, port, "postgres", info)
            started = time.monotonic()
            admin.psql(f"CREATE DATABASE {run_db} TEMPLATE {TEMPLATE_DB}")
            size = admin.psql(f"SELECT pg_size_pretty(pg_database_size('{run_db}'))")[0][0]
            log(
                f"PostgreSQL on 127.0.0.1:{port}, cluster {root}; working copy {run_db} "
                f"({size}) made in {time.monotonic() - started:.1f} s"
            )
            info["database_size"] = size
            _create_cache_table(Cluster(root, port, run_db, info).url)
            yield Cluster(root, port, run_db, info)
        finally:
            with contextlib.suppress(Exception):
                Cluster(root, port, "postgres", {}).psql(
                    f"DROP DATABASE IF EXISTS {run_db} WITH (FORCE)"
                )
            log("stopping PostgreSQL")
            _stop(root)
            if args.no_cache:
                shutil.rmtree(root, ignore_errors=True)
                lockfile.unlink(missing_ok=True)


def setup_django(env: dict[str, str]) -> None:
    """Set Django up in this process with the same environment as gunicorn (same SECRET_KEY,
    so that a session made here is valid there)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def postgres_version(cluster_: Cluster) -> str:
    return str(cluster_.psql("SHOW server_version")[0][0])
