"""The stack of benchmarks/reliability.py, all on loopback in a temporary directory: its own
throwaway PostgreSQL (never anyone else's: a fresh data directory on a free port, stopped and
started with pg_ctl on that directory only), a real SMTP server that can be stopped and started
again, gunicorn with the production profile, and the worker."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from catalog_http import free_port

from vidhuk.testing import postgres as pg
from vidhuk.testing.smtp import Mailbox

REPO = Path(__file__).resolve().parent.parent

PG_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB"
)


class Stack:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.mailbox = Mailbox()
        self.smtp_port = free_port()
        self.smtp: object | None = None
        self.gunicorn: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.port = free_port()

    # PostgreSQL
    def pg_start_new(self) -> str:
        import psycopg

        pg._state["port"] = free_port()
        pg.start_server()
        pg.wait_until_ready()
        with psycopg.connect(self.pg_url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE vidhuk")
        return self.pg_url("vidhuk").replace("postgresql://", "postgres://")

    def pg_url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{pg._state['port']}/{database}"

    def pg_ctl(self, *args: str) -> None:
        command = [str(pg._state["bindir"]) + "/pg_ctl", "-D", str(pg._state["data"]), *args]
        subprocess.run(pg._as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def pg_stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def pg_start(self) -> None:
        sockets = Path(str(pg._state["root"])) / "sockets"
        options = f"-p {pg._state['port']} -k {sockets} {PG_OPTIONS}"
        log_path = str(Path(str(pg._state["root"])) / "server.log")
        self.pg_ctl("-o", options, "-l", log_path, "-w", "-t", "60", "start")

    def sql(self, query: str, *params: object) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.pg_url("vidhuk"), autocommit=True) as conn:
            return conn.execute(query, params).fetchall()  # type: ignore[arg-type]

    # SMTP
    def smtp_start(self) -> None:
        from aiosmtpd.controller import Controller

        controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.smtp_port, ready_timeout=30
        )
        controller.start()
        self.smtp = controller

    def smtp_stop(self) -> None:
        if self.smtp is not None:
            self.smtp.stop()  # type: ignore[attr-defined]
            self.smtp = None

    # gunicorn and the worker
    def gunicorn_start(self, env: dict[str, str]) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "5", "--threads", "2",
            "--worker-class", "gthread", "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1",
            "--worker-tmp-dir", str(self.workdir), "--log-level", "warning",
            "--error-logfile", str(self.workdir / "gunicorn.log"),
        ]  # fmt: skip
        out = (self.workdir / "gunicorn.out").open("ab")
        self.gunicorn = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_for_http()

    def gunicorn_kill(self) -> None:
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGKILL)
            self.gunicorn.wait(timeout=10)

    def wait_for_http(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            url = f"http://127.0.0.1:{self.port}/healthz"
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):  # noqa: S310
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def worker_start(self, env: dict[str, str]) -> None:
        out = (self.workdir / "worker.out").open("ab")
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.5"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def stop_all(self) -> None:
        self.gunicorn_kill()
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.worker.wait(timeout=10)
            if self.worker.poll() is None:
                os.killpg(self.worker.pid, signal.SIGKILL)
        self.smtp_stop()
        pg.stop_server()
