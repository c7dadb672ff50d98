"""The worker survives its database: PostgreSQL is stopped under a running `manage.py worker`,
started again, and the next task is done.

This test runs its own throwaway PostgreSQL server (not the test run's shared one, which other
tests use at the same time), the worker as a real process, and tasks queued through the real
database backend. It waits on real processes with a deadline, since nothing here can be frozen.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from vidhuk.testing.postgres import _as_postgres, _free_port, _pg_bindir

# ruff: noqa: S603  (the commands are fixed: PostgreSQL binaries and manage.py)
ROOT = Path(__file__).resolve().parents[3]
ENQUEUE = "from vidhuk.core.tasks import worker_heartbeat; print(worker_heartbeat.enqueue().id)"


class ThrowawayPostgres:
    def __init__(self) -> None:
        self.bindir = _pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="vidhuk-worker-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            _as_postgres(
                [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres"]
                + ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options]
                + ["-l", str(self.root / "server.log"), "-w", "-t", "60", *args]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def status_of(self, task_id: str) -> str:
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            row = conn.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id]
            ).fetchone()
        return row[0] if row else ""

    def remove(self) -> None:
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate"])
            + ["stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def postgres():
    server = ThrowawayPostgres()
    server.pg_ctl("start")
    yield server
    server.remove()


def _env(postgres: ThrowawayPostgres) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIDHUK_ENV", "EMAIL_HOST")}
    return env | {
        "DATABASE_URL": postgres.url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONUNBUFFERED": "1",
    }


def _manage(postgres: ThrowawayPostgres, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(postgres),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _until(condition, *, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _start_worker(postgres: ThrowawayPostgres, command: str) -> subprocess.Popen:
    log = (postgres.root / f"{command}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "manage.py", command, "--no-reload", "--no-startup-delay"]
        + ["--interval", "0.2"],
        cwd=ROOT,
        env=_env(postgres),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_the_worker_goes_on_after_postgresql_restarts(postgres):
    _manage(postgres, "migrate", "--noinput", "-v", "0")
    worker = _start_worker(postgres, "worker")
    try:
        first = _manage(postgres, "shell", "-c", ENQUEUE)
        assert _until(lambda: postgres.status_of(first) == "SUCCESSFUL")

        postgres.pg_ctl("-m", "fast", "stop")
        log = postgres.root / "worker.log"
        assert _until(lambda: "reconnecting" in log.read_text())
        assert worker.poll() is None  # still running, waiting for the database

        postgres.pg_ctl("start")
        second = _manage(postgres, "shell", "-c", ENQUEUE)

        assert _until(lambda: postgres.status_of(second) == "SUCCESSFUL")
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
