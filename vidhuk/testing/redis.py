"""Debian's `redis-server` for tests, started like PostgreSQL: on a free loopback port, in a
temporary directory, nothing saved to disk.

`redis_server()` starts one for as long as a `with` block lasts (the open-data tests' CKAN uses
it). Loaded as a pytest plugin (`-p vidhuk.testing.redis`, as `make test` does for its Redis/RQ
pass), it starts one before Django reads its settings and points the Redis/RQ profile at it:
`REDIS_URL` (the caches, the rate-limit counters) and `VIDHUK_TASKS=rq` (background tasks on
RQ through django-tasks-rq).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

START_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start a redis-server keeping its files in `root`; return the process and its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (make system-deps-test installs it)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(root), "--logfile", str(root / "redis.log")],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_SECONDS
    while not _answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = root / "redis.log"
            raise RuntimeError(f"redis-server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


@contextmanager
def redis_server(root: Path | None = None) -> Iterator[str]:
    """A running redis-server for the block; yields its URL."""
    own = root is None
    where = Path(tempfile.mkdtemp(prefix="vidhuk-redis-")) if root is None else root
    process, url = start(where)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if own:
            shutil.rmtree(where, ignore_errors=True)


# --- the pytest plugin: the Redis/RQ profile ----------------------------------------------------

_profile: dict[str, object] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # type: ignore[no-untyped-def]
    root = Path(tempfile.mkdtemp(prefix="vidhuk-redis-"))
    process, url = start(root)
    _profile.update(process=process, root=root)
    os.environ["REDIS_URL"] = url
    os.environ["VIDHUK_TASKS"] = "rq"


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    return f"profile: Redis/RQ ({os.environ.get('REDIS_URL')})"


# The rate-limit and page-cache tests of other areas also run on this profile (`-m scaleout`
# selects them with the tests marked so), except those that expire an entry by moving the clock
# with time-machine: Redis expires keys by its own clock.
ALSO_ON_THIS_PROFILE = ("tests/test_antiabuse.py", "tests/test_pagecache.py")
MOVES_THE_CLOCK = (
    "tests/test_pagecache.py::test_the_home_page_is_kept_no_longer_than_half_a_minute",
)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    for item in items:
        if item.nodeid.split("::")[0] in ALSO_ON_THIS_PROFILE:
            item.add_marker(pytest.mark.scaleout)
        if item.nodeid in MOVES_THE_CLOCK:
            item.add_marker(pytest.mark.skip(reason="Redis expires keys by its own clock"))


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    process = _profile.pop("process", None)
    if isinstance(process, subprocess.Popen):
        process.terminate()
        process.wait(timeout=10)
    shutil.rmtree(str(_profile.pop("root", "")), ignore_errors=True)
