"""pytest plugin: the test run starts its own PostgreSQL server from the installed binaries.

Loaded with `-p vidhuk.testing.postgres` (see pyproject.toml). Before Django reads its settings
it points DATABASE_URL at a server on a free loopback port; the server itself is created in a
temporary directory (initdb, as the `postgres` user when running as root, because PostgreSQL
refuses to run as root) the first time a test needs the database, and removed at the end.

Set VIDHUK_TEST_DATABASE_URL to use a server you run yourself instead.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_state: dict[str, object] = {}


def _pg_bindir() -> Path:
    explicit = os.environ.get("PG_BINDIR")
    if explicit:
        return Path(explicit)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) were not found.")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_server() -> None:
    """Create and start the server (idempotent)."""
    if _state.get("started"):
        return
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="vidhuk-pg-"))
    data, sockets = root / "data", root / "sockets"
    data.mkdir()
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        shutil.chown(sockets, "postgres")
    port = int(_state["port"])  # type: ignore[call-overload]
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 "
        "-c shared_buffers=256MB"
    )
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _state.update(started=True, root=root, data=data, bindir=bindir)
    atexit.register(stop_server)


def stop_server() -> None:
    if not _state.get("started"):
        return
    subprocess.run(
        _as_postgres(
            [str(_state["bindir"]) + "/pg_ctl", "-D", str(_state["data"]), "-m", "fast", "stop"]
        ),
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.rmtree(str(_state["root"]), ignore_errors=True)
    _state["started"] = False


def wait_until_ready(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", int(_state["port"]))) == 0:  # type: ignore[call-overload]
                return
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not start in time.")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # type: ignore[no-untyped-def]
    if os.environ.get("VIDHUK_TEST_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["VIDHUK_TEST_DATABASE_URL"]
        _state["external"] = True
        return
    port = _free_port()
    _state["port"] = port
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/vidhuk"
    # Tests must not depend on the developer's shell.
    os.environ.pop("VIDHUK_ENV", None)
    os.environ.pop("EMAIL_HOST", None)


def ensure_server() -> None:
    """Called by the root conftest's `django_db_modify_db_settings` before the test database
    is created: the server must be up by then."""
    if _state.get("external"):
        return
    start_server()
    wait_until_ready()


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    stop_server()
