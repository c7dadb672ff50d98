"""pytest fixture: a real CKAN (the open data portal's software, as data.gov.ua runs it) for the
open-data publishing tests.

CKAN is the `ckan` package from PyPI in its own virtual environment (``make ckan-venv`` creates
var/ckan-venv; ``make test`` depends on it; CKAN_VENV points elsewhere). The fixture starts, once
per test session:

- a database ``ckan`` on the PostgreSQL server the test run started (vidhuk/testing/postgres.py);
- Debian's ``redis-server`` (vidhuk/testing/redis.py) on a free port, nothing saved to disk;
- CKAN itself: ``db init``, a sysadmin with an API token, an organisation, then ``ckan run`` on a
  free loopback port — with the no-op search index of `ckan_run.py` (no Solr here).

Without the CKAN virtual environment the tests that use it are skipped, saying so; anything else
missing (redis-server, CKAN failing to start) fails them with CKAN's own log.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .redis import start as start_redis

BASE_DIR = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("ckan_run.py")
START_SECONDS = 90


@dataclass(frozen=True)
class CkanServer:
    url: str
    api_key: str
    owner_org: str
    log: Path


def ckan_venv() -> Path:
    return Path(os.environ.get("CKAN_VENV", BASE_DIR / "var" / "ckan-venv"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"CKAN exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — loopback
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"CKAN did not answer in {START_SECONDS} s:\n{log.read_text()[-4000:]}")


def _create_database(name: str) -> str:
    import psycopg
    from django.conf import settings

    from .postgres import ensure_server

    ensure_server()
    db = settings.DATABASES["default"]
    conninfo = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname=postgres"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def _configure(python: Path, root: Path, *, database: str, port: int, redis_url: str) -> Path:
    ini = root / "ckan.ini"
    subprocess.run(
        [str(python), str(RUNNER), "generate", "config", str(ini)],
        check=True,
        capture_output=True,
        cwd=root,
    )
    settings = {
        "sqlalchemy.url": database,
        "ckan.site_url": f"http://127.0.0.1:{port}",
        "solr_url": "http://127.0.0.1:9/solr/none",  # never reached: see ckan_run.py
        "ckan.redis.url": redis_url,
        "ckan.storage_path": str(root / "storage"),
        "ckan.plugins": "",
        "ckan.max_resource_size": "50",
    }
    text = ini.read_text()
    for key, value in settings.items():
        text, found = re.subn(rf"(?m)^{re.escape(key)} = .*$", f"{key} = {value}", text)
        if not found:
            text = text.replace("[app:main]\n", f"[app:main]\n{key} = {value}\n", 1)
    ini.write_text(text)
    return ini


def _ckan(python: Path, ini: Path, *args: str) -> str:
    done = subprocess.run(
        [str(python), str(RUNNER), "-c", str(ini), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"ckan {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


@pytest.fixture(scope="session")
def ckan_server(django_db_setup: None, django_db_blocker) -> Iterator[CkanServer]:  # type: ignore[no-untyped-def]
    """A running CKAN with a sysadmin's API token and one organisation («vidhuk-tests»)."""
    python = ckan_venv() / "bin" / "python"
    if not python.exists():
        pytest.skip(f"CKAN virtual environment not found at {ckan_venv()} (run `make ckan-venv`)")
    root = Path(tempfile.mkdtemp(prefix="vidhuk-ckan-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        redis, redis_url = start_redis(root)
        processes.append(redis)
        port = _free_port()
        with django_db_blocker.unblock():
            database = _create_database("ckan")
        ini = _configure(python, root, database=database, port=port, redis_url=redis_url)
        _ckan(python, ini, "db", "init")
        _ckan(
            python,
            ini,
            "user",
            "add",
            "vidhuk",
            "email=ckan@example.org",
            "password=Vidhuk-tests-2026",
        )
        _ckan(python, ini, "sysadmin", "add", "vidhuk")
        token = (
            _ckan(python, ini, "user", "token", "add", "vidhuk", "tests").strip().splitlines()[-1]
        )
        log = root / "ckan.log"
        with log.open("wb") as output:
            processes.append(
                subprocess.Popen(
                    [
                        str(python),
                        str(RUNNER),
                        "-c",
                        str(ini),
                        "run",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--disable-reloader",
                    ],
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
        url = f"http://127.0.0.1:{port}"
        _wait_for(f"{url}/api/3/action/status_show", processes[-1], log)
        import ckanapi

        ckanapi.RemoteCKAN(url, apikey=token.strip()).action.organization_create(
            name="vidhuk-tests", title="Vidhuk tests"
        )
        yield CkanServer(url=url, api_key=token.strip(), owner_org="vidhuk-tests", log=log)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(root, ignore_errors=True)
