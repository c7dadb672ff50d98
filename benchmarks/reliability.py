"""The reliability table of issue 10: Vidhuk under faults and abuse, on this machine.

    .venv/bin/python benchmarks/reliability.py                 # the full run (~20 min)
    .venv/bin/python benchmarks/reliability.py --smtp-down 60  # SMTP down 1 min instead of 10

Everything runs on loopback in temporary directories: a throwaway PostgreSQL 15, gunicorn with
the production profile behind a "proxy" (every request carries X-Forwarded-For with the client's
own address, as nginx sends it; AXES_PROXY_COUNT=1), the django-tasks database worker, a real
SMTP server (aiosmtpd). Residents are simulated by threads, each with its own address, cookies
and CSRF token, filling the public feedback form exactly as a browser does: open the form, wait
the 3 s a person needs (the form stamp refuses faster answers), send. Each submission carries a
unique marker in its text, so afterwards the database says which were saved and how often.

1. **Server killed under load** — gunicorn's master and workers get SIGKILL twice while
   residents submit; it is started again 1 s later. A resident whose POST failed on the wire sends
   the same POST again (as a browser's reload does). Counted: acknowledged but not saved (lost),
   saved twice (duplicated).
2. **PostgreSQL stopped for 10 s under load** (pg_ctl stop -m fast, then start): errors residents
   saw while it was down, seconds from its return to the first saved submission, and whether the
   worker (never restarted by this script) still sends mail afterwards.
3. **SMTP down** (`--smtp-down`, default 600 s): residents who give an e-mail submit while the
   SMTP server is stopped; then it comes back and `manage.py mail_retry` runs every 10 s as cron
   would every minute. Counted: confirmations delivered, delivered twice, still undelivered.
4. **Rate-limit isolation** — one abusive address sends 30 submissions, then 20 other residents
   send one each. Counted: other residents refused (must be 0).
5. **Fuzzing and tenancy** — `tests/test_fuzz.py` (every URL pattern with odd digits, NULs,
   huge values, bad methods) and `tests/test_tenancy.py` (every staff URL of centre B as the
   head of centre A) are run by pytest; their request counts and failures are reported.

Prints a Markdown table; exit code 1 if any count that must be 0 is not.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (str(REPO), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalog_http import free_port, log, machine, manage, production_env  # noqa: E402
from reliability_residents import Resident  # noqa: E402

from vidhuk.testing import postgres as pg  # noqa: E402
from vidhuk.testing.smtp import Mailbox  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=24, help="concurrent residents [24]")
    parser.add_argument("--kill-duration", type=float, default=40, help="seconds of load [40]")
    parser.add_argument("--smtp-down", type=float, default=600, help="seconds without SMTP [600]")
    parser.add_argument("--smtp-mails", type=int, default=30, help="mails sent meanwhile [30]")
    parser.add_argument("--skip-pytest", action="store_true", help="skip fuzz and tenancy")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    return parser.parse_args(argv)


# --- the stack -----------------------------------------------------------------------------------

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


# --- the scenarios -------------------------------------------------------------------------------


def _load(
    stack: Stack, residents: int, duration: float, prefix: str, email: bool = False
) -> dict[str, str]:
    """Residents submit for `duration` seconds; returns marker → outcome."""
    outcomes: dict[str, str] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    base = f"http://127.0.0.1:{stack.port}"

    def resident(number: int) -> None:
        count = 0
        while time.monotonic() < stop_at:
            # A new address each time: these residents are many people, under every limit.
            person = Resident(f"10.{number}.{count // 250}.{count % 250 + 1}", base)
            marker = f"{prefix}-{number}-{count}-{secrets.token_hex(3)}"
            mail = f"r{number}.{count}@{prefix}.example" if email else ""
            outcome = person.submit(marker, mail)
            with lock:
                outcomes[marker] = outcome
            count += 1

    threads = [threading.Thread(target=resident, args=(n,), daemon=True) for n in range(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 300)
    return outcomes


def _saved_counts(stack: Stack, prefix: str) -> dict[str, int]:
    rows = stack.sql(
        "SELECT substring(text from %s), count(*) FROM appeals_appeal "
        "WHERE text LIKE %s GROUP BY 1",
        f"Позначка ({prefix}-[0-9a-f-]+)\\.",
        f"%Позначка {prefix}-%",
    )
    return {str(marker): int(count) for marker, count in rows}  # type: ignore[call-overload]


def scenario_kill(stack: Stack, env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    log("1. gunicorn killed twice under load")

    def killer() -> None:
        for at in (args.kill_duration / 3, 2 * args.kill_duration / 3):
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            log(f"   SIGKILL to gunicorn at +{time.monotonic() - started:.0f} s")
            stack.gunicorn_kill()
            time.sleep(1)
            stack.gunicorn_start(env)

    started = time.monotonic()
    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    outcomes = _load(stack, args.residents, args.kill_duration, "kill")
    thread.join()
    saved = _saved_counts(stack, "kill")
    acknowledged = [m for m, o in outcomes.items() if o == "saved"]
    return {
        "submissions": len(outcomes),
        "acknowledged": len(acknowledged),
        "lost": sum(1 for m in acknowledged if m not in saved),
        "duplicated": sum(1 for count in saved.values() if count > 1),
        "errors shown to residents": sum(1 for o in outcomes.values() if o.startswith("error")),
        "error kinds": sorted({o for o in outcomes.values() if o.startswith("error")})[:5],
    }


def scenario_postgres(
    stack: Stack, env: dict[str, str], args: argparse.Namespace
) -> dict[str, object]:
    log("2. PostgreSQL stopped for 10 s under load")
    times: dict[str, float] = {}

    def stopper() -> None:
        time.sleep(5)
        stack.pg_stop()
        times["stopped"] = time.monotonic()
        log("   PostgreSQL stopped")
        time.sleep(10)
        stack.pg_start()
        times["started"] = time.monotonic()
        log("   PostgreSQL started again")

    thread = threading.Thread(target=stopper, daemon=True)
    thread.start()
    outcomes = _load(stack, args.residents, 35, "pgdown")
    thread.join()
    saved = _saved_counts(stack, "pgdown")
    created = stack.sql(
        "SELECT max(extract(epoch from now() - created_at)) FROM appeals_appeal "
        "WHERE text LIKE '%%Позначка pgdown-%%'"
    )
    # The worker: one more resident with an e-mail, after the database is back.
    before = len(stack.mailbox.messages)
    probe = Resident("203.0.113.250", f"http://127.0.0.1:{stack.port}")
    outcome = probe.submit(f"pgprobe-{secrets.token_hex(3)}", "after.pg@probe.example")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(stack.mailbox.messages) == before:
        time.sleep(0.5)
    recovered = len(stack.mailbox.messages) > before
    return {
        "submissions": len(outcomes),
        "errors shown while down": sum(1 for o in outcomes.values() if o.startswith("error")),
        "lost": sum(1 for m, o in outcomes.items() if o == "saved" and m not in saved),
        "duplicated": sum(1 for count in saved.values() if count > 1),
        "probe after return": outcome,
        "worker alive": stack.worker is not None and stack.worker.poll() is None,
        "worker sent mail after": recovered,
        "oldest saved (s ago)": created[0][0] if created else None,
    }


def scenario_smtp(stack: Stack, env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    log(f"3. SMTP down for {args.smtp_down:.0f} s")
    stack.smtp_stop()
    before = {str(m["Message-ID"]) for m in stack.mailbox.messages}
    recipients = [f"smtp{n}@down.example" for n in range(args.smtp_mails)]
    outcomes = []
    for number, address in enumerate(recipients):
        person = Resident(f"192.0.2.{number + 1}", f"http://127.0.0.1:{stack.port}")
        outcomes.append(person.submit(f"smtp-{number}-{secrets.token_hex(3)}", address))
    waited = 0.0
    while waited < args.smtp_down:
        time.sleep(10)
        waited += 10
        manage(env, stack.workdir, "mail_retry")
    stack.smtp_start()
    back = time.monotonic()
    log("   SMTP back")
    # Retries back off (1, 2, 4 … minutes, at most an hour apart): after a long outage the next
    # attempt of a mail may come up to the length of the outage after SMTP is back.
    deadline = time.monotonic() + 2 * max(600, args.smtp_down)
    delivered: dict[str, int] = {}
    while time.monotonic() < deadline:
        manage(env, stack.workdir, "mail_retry")
        delivered = {}
        for message in stack.mailbox.messages:
            if str(message["Message-ID"]) in before:
                continue
            for address in recipients:
                if address in str(message["To"]):
                    delivered[address] = delivered.get(address, 0) + 1
        if len(delivered) == len(recipients):
            log(f"   every mail delivered {time.monotonic() - back:.0f} s after SMTP returned")
            break
        time.sleep(10)
    return {
        "submissions saved": outcomes.count("saved"),
        "mails expected": len(recipients),
        "delivered after SMTP returned": len(delivered),
        "delivered twice": sum(1 for count in delivered.values() if count > 1),
        "undelivered": len(recipients) - len(delivered),
        "seconds from SMTP back to the last delivery": round(time.monotonic() - back),
    }


def scenario_rate_limit(stack: Stack) -> dict[str, object]:
    log("4. one abusive client among residents")
    base = f"http://127.0.0.1:{stack.port}"
    abuser = Resident("203.0.113.66", base)
    abusive = [abuser.submit(f"abuse-{n}-{secrets.token_hex(3)}") for n in range(30)]
    others: list[str] = []
    lock = threading.Lock()

    def one(number: int) -> None:
        outcome = Resident(f"100.64.0.{number + 1}", base).submit(f"fair-{number}")
        with lock:
            others.append(outcome)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "abusive submissions": len(abusive),
        "abusive refused": abusive.count("refused"),
        "other residents": len(others),
        "other residents refused": others.count("refused"),
        "other residents saved": others.count("saved"),
    }


def scenario_pytest() -> dict[str, object]:
    log("5. fuzzing and tenancy (pytest)")
    figures: dict[str, object] = {}
    for name, path in (("fuzz", "tests/test_fuzz.py"), ("tenancy", "tests/test_tenancy.py")):
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0", "-s", path],
            cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "?"
        sent = re.findall(r"VIDHUK-FUZZ-REQUESTS (\d+)", result.stdout)
        figures[name] = {
            "summary": summary,
            "requests": sum(int(n) for n in sent) if sent else None,
            "failed": result.returncode != 0,
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-reliability-"))
    stack = Stack(workdir)
    figures: dict[str, object] = {"machine": machine()}
    try:
        database_url = stack.pg_start_new()
        stack.smtp_start()
        env = production_env(workdir, database_url)
        env.update(
            AXES_PROXY_COUNT="1",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(stack.smtp_port),
            EMAIL_USE_TLS="false",
            VIDHUK_BASE_URL=f"http://127.0.0.1:{stack.port}",
        )
        manage(env, workdir, "migrate", "--noinput")
        manage(env, workdir, "createcachetable")
        demo_env = dict(env, VIDHUK_ENV="development", DEBUG="false")
        manage(demo_env, workdir, "seed_demo")
        manage(env, workdir, "collectstatic", "--noinput")
        stack.gunicorn_start(env)
        stack.worker_start(env)
        figures["killed"] = scenario_kill(stack, env, args)
        figures["postgres"] = scenario_postgres(stack, env, args)
        figures["rate limit"] = scenario_rate_limit(stack)
        figures["smtp"] = scenario_smtp(stack, env, args)
        if not args.skip_pytest:
            figures["pytest"] = scenario_pytest()
    finally:
        stack.stop_all()
    print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    return 0 if _all_zero(figures) else 1


def _all_zero(figures: dict[str, object]) -> bool:
    musts = [
        ("killed", "lost"), ("killed", "duplicated"), ("postgres", "lost"),
        ("postgres", "duplicated"), ("smtp", "undelivered"), ("smtp", "delivered twice"),
        ("rate limit", "other residents refused"),
    ]  # fmt: skip
    return all(figures.get(a, {}).get(b) == 0 for a, b in musts)  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
