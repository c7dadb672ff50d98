"""A real streaming read replica of the test run's PostgreSQL (vidhuk/testing/postgres.py).

`start_replica()` takes a base backup of the running test server with `pg_basebackup -R` (which
writes the standby's connection to the primary) into a temporary directory and starts it as a
hot standby on a free loopback port, from the same installed binaries, as the `postgres` user
when running as root. It streams every commit of the primary from then on; `pause()` stops
applying them (the replica keeps the data as it was), `resume()` goes on, `caught_up()` waits
until it has applied everything the primary wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from .postgres import _as_postgres, _free_port, _pg_bindir

CATCH_UP_SECONDS = 30


@dataclass
class Replica:
    root: Path
    data: Path
    port: int
    primary_port: int
    bindir: Path

    def _conninfo(self, port: int) -> str:
        return f"host=127.0.0.1 port={port} user=postgres dbname=postgres"

    def query(self, sql: str) -> object:
        with psycopg.connect(self._conninfo(self.port), autocommit=True) as connection:
            row = connection.execute(sql).fetchone()
        return row[0] if row else None

    def pause(self) -> None:
        """Stop applying the primary's changes; returns once the replica has stopped."""
        self.query("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while self.query("SELECT pg_get_wal_replay_pause_state()") != "paused":
            if time.monotonic() > deadline:
                raise RuntimeError("The replica did not pause in time.")
            time.sleep(0.02)

    def resume(self) -> None:
        self.query("SELECT pg_wal_replay_resume()")

    def caught_up(self) -> None:
        """Wait until the replica has applied all the primary has written so far."""
        with psycopg.connect(self._conninfo(self.primary_port), autocommit=True) as primary:
            row = primary.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
        target = row[0] if row else "0/0"
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while not self.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"The replica did not reach {target} in time.")
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate"])
            + ["stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_replica(*, primary_port: int) -> Replica:
    """Base backup of the primary on `primary_port`, started as a hot standby."""
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="vidhuk-pg-replica-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres(
            [str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port)]
            + ["-U", "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast"]
            + ["--no-sync"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off "
        "-c max_connections=300"
    )
    subprocess.run(
        _as_postgres(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", options]
            + ["-l", str(root / "replica.log"), "-w", "-t", "60", "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return Replica(root=root, data=data, port=port, primary_port=primary_port, bindir=bindir)
