"""The stack the HTTP benchmarks share (split from catalog_http.py, which re-exports it): the
machine, a throwaway PostgreSQL, the production environment, `manage.py`, gunicorn in its own
session, CPU accounting of process trees, and the two load generators (wrk with a Lua counter,
a threaded Python client) with their `Result`."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vidhuk.testing import postgres as pg  # noqa: E402 — needs the repository on sys.path


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {"nproc": str(os.cpu_count()), "memory": memory, "cpu": model}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - _T0:6.1f} s] {message}", file=sys.stderr, flush=True)


class Interrupted(Exception):
    pass


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


# --------------------------------------------------------------------------------------------
# PostgreSQL, Django commands, gunicorn
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway server with an empty `vidhuk` database; yields its DATABASE_URL."""
    import psycopg

    pg._state["port"] = free_port()
    try:
        pg.start_server()
        pg.wait_until_ready()
        port = pg._state["port"]
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE vidhuk")
        yield f"postgres://postgres@127.0.0.1:{port}/vidhuk"
    finally:
        log("stopping PostgreSQL")
        pg.stop_server()


def production_env(workdir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VIDHUK_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        DEFAULT_FROM_EMAIL="Vidhuk benchmark <noreply@127.0.0.1>",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        VIDHUK_VAR_DIR=str(workdir / "var"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], workdir: Path, *command: str) -> None:
    logfile = workdir / f"manage-{command[0]}.log"
    started = time.monotonic()
    with logfile.open("wb") as out:
        result = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *command],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        tail = logfile.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"manage.py {' '.join(command)} failed:\n{tail}")
    log(f"manage.py {' '.join(command)}: {time.monotonic() - started:.1f} s")


def demo_database(env: dict[str, str], workdir: Path) -> None:
    """The demo centre in the benchmark's database, as production would serve it: migrate,
    `seed_demo` (which refuses the production environment), the cache table, static files."""
    manage(env, workdir, "migrate", "--noinput")
    manage({k: v for k, v in env.items() if k != "VIDHUK_ENV"}, workdir, "seed_demo")
    manage(env, workdir, "createcachetable")
    manage(env, workdir, "collectstatic", "--noinput")


@contextlib.contextmanager
def gunicorn_server(
    env: dict[str, str], workdir: Path, args: argparse.Namespace
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--worker-tmp-dir",
        str(workdir),
        "--log-level",
        "warning",
        "--error-logfile",
        str(workdir / "gunicorn.log"),
    ]
    if args.access_log:
        command += ["--access-logfile", str(workdir / "access.log")]
    logfile = (workdir / "gunicorn.out").open("wb")
    # A session of its own: Ctrl-C reaches only this script, which then stops gunicorn in order.
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_for_http(port, process)
        yield port, process
    finally:
        log("stopping gunicorn")
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        logfile.close()


def wait_for_http(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} during start-up")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU used so far by a process and all its descendants (from /proc),
    counting descendants that already exited too (PostgreSQL backends come and go as
    gunicorn's threads reopen their connections; their parent has waited for them, so their
    time is in the parent's cutime/cstime)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending, seen = 0.0, [root_pid], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / ticks
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError, ValueError):
                    pending.extend(int(p) for p in (task / "children").read_text().split())
    return total


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postmaster_pid() -> int:
    return int((Path(str(pg._state["data"])) / "postmaster.pid").read_text().split()[0])


def wait_for_quiet_machine(timeout: float, threshold: float = 0.25) -> float:
    """Wait (up to timeout) until other work on the machine uses less than `threshold` of
    all cores; return the share measured last. Shared machines make the figures noisy."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + timeout
    while True:
        before = machine_busy_seconds()
        time.sleep(2)
        share = (machine_busy_seconds() - before) / 2 / cores
        if share < threshold or time.monotonic() > deadline:
            return share
        log(f"machine busy with other work ({share:.0%} of all cores); waiting")
        time.sleep(3)


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    non_200: int = 0
    socket_errors: int = 0
    client_cpu: float = 0.0  # CPU seconds used by the load generator,
    server_cpu: float = 0.0  # by gunicorn (master and workers),
    database_cpu: float = 0.0  # by this run's PostgreSQL server,
    machine_cpu: float = 0.0  # and by the whole machine
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_200 + self.socket_errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_per_request_ms(self) -> float:
        """gunicorn's CPU time per answered request: the figure least moved by other work on
        a shared machine (which lowers req/s and raises latency, but not this)."""
        return 1000 * self.server_cpu / self.requests if self.requests else 0.0

    def cpu_shares(self) -> str:
        """gunicorn / PostgreSQL / load generator / everything else, as % of all cores."""
        cores = os.cpu_count() or 1
        other = max(0.0, self.machine_cpu - self.server_cpu - self.database_cpu - self.client_cpu)
        parts = (self.server_cpu, self.database_cpu, self.client_cpu, other)
        return " / ".join(f"{100 * part / self.seconds / cores:.0f}" for part in parts)


WRK_SCRIPT = r"""
-- Counts every response whose status is not the expected one (200 unless told) and stops a
-- thread after its share of requests.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  limit = tonumber(args[1]) or 0
  expect = tonumber(args[2]) or 200
  if args[3] then
    -- A form sent back: the same urlencoded body on every request.
    wrk.method = "POST"
    wrk.body = args[3]
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  responses = 0
  non200 = 0
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= expect then non200 = non200 + 1 end
  if limit > 0 and responses >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local non = 0
  for _, t in ipairs(threads) do non = non + t:get("non200") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "non200": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), non,
    e.connect, e.read, e.write, e.timeout))
end
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# What every browser sends: a page from the page cache is then sent as it was stored, gzipped.
ACCEPT_ENCODING = "gzip, deflate, br"


def run_wrk(
    url: str,
    clients: int,
    duration: float,
    max_requests: int,
    script: Path,
    expect: int = 200,
    body: str = "",
) -> Result:
    """`expect`: the status every answer should have (a poll with nothing new: 204). `body`: an
    urlencoded form POSTed on every request instead of a GET."""
    threads = max(1, min(os.cpu_count() or 1, clients))
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={clients}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=30s",
        f"--header=Accept-Encoding: {ACCEPT_ENCODING}",
        f"--script={script}",
        url,
        "--",
        str(max(1, max_requests // threads)),
        str(expect),
        *([body] if body else []),
    ]
    cpu_before = children_cpu()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=duration + 60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    text = output.decode(errors="replace")
    match = re.search(r"^BENCH (\{.*\})$", text, re.MULTILINE)
    if process.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{text}")
    data = json.loads(match.group(1))
    socket_errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        median_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        non_200=data["non200"],
        socket_errors=socket_errors,
        client_cpu=children_cpu() - cpu_before,
        extra={k: data[k] for k in ("connect", "read", "write", "timeout")},
    )


def run_python(
    url: str,
    clients: int,
    duration: float,
    max_requests: int,
    expect: int = 200,
    body: str = "",
) -> Result:
    """Closed loop: each thread keeps one keep-alive connection and sends the next request when
    the previous answer is read. Stops at the deadline or after its share of max_requests.
    `expect`: the status every answer should have; `body`: an urlencoded form to POST."""
    parsed = urllib.parse.urlsplit(url)
    host = parsed.hostname or "127.0.0.1"
    target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    per_client = max(1, max_requests // clients)
    form_headers = {
        "Accept-Encoding": ACCEPT_ENCODING,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    latencies: list[list[float]] = [[] for _ in range(clients)]
    non_200 = [0] * clients
    socket_errors = [0] * clients
    stop = threading.Event()
    started = time.monotonic()
    deadline = started + duration

    def client(index: int) -> None:
        conn: http.client.HTTPConnection | None = None
        own = latencies[index]
        while not stop.is_set() and len(own) < per_client and time.monotonic() < deadline:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, parsed.port, timeout=30)
                begin = time.perf_counter()
                if body:
                    conn.request("POST", target, body=body.encode(), headers=form_headers)
                else:
                    conn.request("GET", target, headers={"Accept-Encoding": ACCEPT_ENCODING})
                response = conn.getresponse()
                response.read()
                own.append(time.perf_counter() - begin)
                if response.status != expect:
                    non_200[index] += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                socket_errors[index] += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    cpu_before = time.process_time()
    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()) + 35)
    finally:
        stop.set()
    elapsed = time.monotonic() - started
    merged = sorted(x for own in latencies for x in own)
    return Result(
        requests=len(merged),
        seconds=elapsed,
        median_ms=percentile(merged, 50) * 1000,
        p95_ms=percentile(merged, 95) * 1000,
        non_200=sum(non_200),
        socket_errors=sum(socket_errors),
        client_cpu=time.process_time() - cpu_before,
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]
