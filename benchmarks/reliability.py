"""The reliability table of issue 10: Vidhuk under faults and abuse, on this machine.

    .venv/bin/python benchmarks/reliability.py                 # the full run (~35 min)
    .venv/bin/python benchmarks/reliability.py --smtp-down 60  # SMTP down 1 min instead of 10

Everything runs on loopback in temporary directories: a throwaway PostgreSQL 15, gunicorn with
the production profile behind a "proxy" (every request carries X-Forwarded-For with the client's
own address and X-Forwarded-Proto: https, as nginx sends them; AXES_PROXY_COUNT=1), the
django-tasks database worker, a real SMTP server (aiosmtpd). Residents are simulated by threads
(benchmarks/reliability_residents.py), each with its own address, cookies and CSRF token,
filling the public feedback form exactly as a browser does: open the form, wait the 3 s a person
needs (the form stamp refuses faster answers), send. Each submission carries a unique marker in
its text, so afterwards the database says which were saved and how often.

1. **Server killed under load** — gunicorn's master and workers get SIGKILL twice while
   residents submit; it is started again 1 s later. A resident whose POST failed on the wire sends
   the same POST again (as a browser's reload does). Counted: acknowledged but not saved (lost),
   saved twice (duplicated).
2. **PostgreSQL stopped for 10 s under load** (pg_ctl stop -m fast, then start): errors residents
   saw while it was down (a resident retries a failed request up to 8 times, 1 s apart, as a
   person reloads), seconds from its return to the next saved submission, and whether the
   worker (never restarted by this script) mails a resident who submits afterwards.
3. **SMTP down** (`--smtp-down`, default 600 s): residents who give an e-mail submit while the
   SMTP server is stopped, and `manage.py mail_retry` runs every 10 s (cron: every minute);
   then SMTP comes back. Counted: confirmations delivered, delivered twice (watched 2 more
   minutes after the last one), still undelivered.
4. **Rate-limit isolation** — one abusive address sends 30 submissions in a row while 20 other
   residents send one each meanwhile. Counted: other residents refused or not saved (must be 0).
5. **Fuzzing and tenancy** — `tests/test_fuzz.py` (every URL pattern with odd digits, NULs,
   huge values, bad methods) and `tests/test_tenancy.py` (every staff URL of centre B as the
   head of centre A) are run by pytest (each starts its own PostgreSQL); their request and
   test counts and failures are reported.

Prints the figures as JSON (each scenario's also as soon as it is done); exit code 1 if any
count that must be 0 is not.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (str(REPO), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalog_http import log, machine, manage, production_env  # noqa: E402
from reliability_residents import Resident  # noqa: E402
from reliability_stack import Stack  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=24, help="concurrent residents [24]")
    parser.add_argument("--kill-duration", type=float, default=40, help="seconds of load [40]")
    parser.add_argument("--smtp-down", type=float, default=600, help="seconds without SMTP [600]")
    parser.add_argument("--smtp-mails", type=int, default=30, help="mails sent meanwhile [30]")
    parser.add_argument("--skip-pytest", action="store_true", help="skip fuzz and tenancy")
    parser.add_argument(
        "--only", help="comma-separated scenarios: killed,postgres,rate limit,smtp [all]"
    )
    parser.add_argument("--json", type=Path, help="write the figures here too")
    return parser.parse_args(argv)


# --- the scenarios -------------------------------------------------------------------------------


def _load(
    stack: Stack, residents: int, prefix: str, until: Callable[[], bool]
) -> tuple[dict[str, str], int]:
    """Residents start submissions until `until()`; returns marker → outcome, and how many
    requests met a dead server or a 5xx (each was retried, as a person reloads)."""
    outcomes: dict[str, str] = {}
    failed = [0]
    lock = threading.Lock()
    base = f"http://127.0.0.1:{stack.port}"

    def resident(number: int) -> None:
        count = 0
        while not until():
            # A new address each time: these residents are many people, under every limit.
            person = Resident(f"10.{number}.{count // 250}.{count % 250 + 1}", base)
            marker = f"{prefix}-{number}-{count}-{secrets.token_hex(3)}"
            outcome = person.submit(marker)
            with lock:
                outcomes[marker] = outcome
                failed[0] += person.failed_attempts
            count += 1

    threads = [threading.Thread(target=resident, args=(n,), daemon=True) for n in range(residents)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 900  # `until` comes within minutes; a submission gives up
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    with lock:
        return dict(outcomes), failed[0]


def _tally(outcomes: list[str]) -> dict[str, int]:
    """How often each outcome came, the commonest first: a refused form says why here."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1])[:6])


def _saved_but_error(outcomes: dict[str, str], saved: dict[str, int]) -> dict[str, int]:
    """Submissions the database holds although the resident was shown an error, by error: they
    would send it again as a new message."""
    return _tally([o for m, o in outcomes.items() if m in saved and o != "saved"])


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

    done = threading.Event()

    def killer() -> None:
        """Load for a third of the duration, kill, restart; again; then load a last third."""
        try:
            for _kill in range(2):
                time.sleep(args.kill_duration / 3)
                log(f"   SIGKILL to gunicorn at +{time.monotonic() - started:.0f} s")
                stack.gunicorn_kill()
                time.sleep(1)
                stack.gunicorn_start(env)
                log(f"   gunicorn answers again at +{time.monotonic() - started:.0f} s")
            time.sleep(args.kill_duration / 3)
        finally:
            done.set()

    started = time.monotonic()
    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    outcomes, failed = _load(stack, args.residents, "kill", done.is_set)
    thread.join(timeout=300)
    saved = _saved_counts(stack, "kill")
    acknowledged = [m for m, o in outcomes.items() if o == "saved"]
    return {
        "submissions": len(outcomes),
        "acknowledged": len(acknowledged),
        "saved": len(saved),
        "lost": sum(1 for m in acknowledged if m not in saved),
        "duplicated": sum(1 for count in saved.values() if count > 1),
        "requests that met a dead server (retried)": failed,
        "errors shown to residents": sum(1 for o in outcomes.values() if o.startswith("error")),
        "saved though an error was shown": _saved_but_error(outcomes, saved),
        "outcomes": _tally(list(outcomes.values())),
    }


def scenario_postgres(
    stack: Stack, env: dict[str, str], args: argparse.Namespace
) -> dict[str, object]:
    log("2. PostgreSQL stopped for 10 s under load")
    times: dict[str, float] = {}

    def stopper() -> None:
        time.sleep(5)
        stack.pg_stop()
        log("   PostgreSQL stopped")
        time.sleep(10)
        stack.pg_start()
        times["started"] = time.time()
        log("   PostgreSQL started again")

    thread = threading.Thread(target=stopper, daemon=True)
    thread.start()
    stop_at = time.monotonic() + 35
    outcomes, failed = _load(stack, args.residents, "pgdown", lambda: time.monotonic() > stop_at)
    thread.join(timeout=120)
    saved = _saved_counts(stack, "pgdown")
    first_after = stack.sql(
        "SELECT extract(epoch from min(created_at)) FROM appeals_appeal "
        "WHERE text LIKE %s AND created_at >= to_timestamp(%s)",
        "%Позначка pgdown-%",
        times.get("started", 0.0),
    )
    recovery = (
        round(float(first_after[0][0]) - times["started"], 1)  # type: ignore[arg-type]
        if first_after and first_after[0][0] is not None and "started" in times
        else None
    )
    # The worker (never restarted here): one more resident with an e-mail, after the return.
    probe_to = f"after.pg.{secrets.token_hex(3)}@probe.example"
    probe = Resident("203.0.113.250", f"http://127.0.0.1:{stack.port}")
    outcome = probe.submit(f"pgprobe-{secrets.token_hex(3)}", probe_to)
    asked = time.monotonic()
    mailed = None
    while time.monotonic() < asked + 120 and mailed is None:
        if any(probe_to in str(m["To"]) for m in list(stack.mailbox.messages)):
            mailed = round(time.monotonic() - asked, 1)
        time.sleep(0.5)
    return {
        "submissions": len(outcomes),
        "saved": len(saved),
        "requests that met an error while down (retried)": failed,
        "errors shown to residents": sum(1 for o in outcomes.values() if o.startswith("error")),
        "saved though an error was shown": _saved_but_error(outcomes, saved),
        "lost": sum(1 for m, o in outcomes.items() if o == "saved" and m not in saved),
        "duplicated": sum(1 for count in saved.values() if count > 1),
        "outcomes": _tally(list(outcomes.values())),
        "seconds from PostgreSQL back to the next saved submission": recovery,
        "probe after return": outcome,
        "worker alive (same process)": stack.worker is not None and stack.worker.poll() is None,
        "worker mailed the probe (s)": mailed,
    }


def scenario_smtp(stack: Stack, env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    log(f"3. SMTP down for {args.smtp_down:.0f} s")
    stack.smtp_stop()
    down = time.monotonic()
    before = {str(m["Message-ID"]) for m in stack.mailbox.messages}
    recipients = [f"smtp{n}@down.example" for n in range(args.smtp_mails)]

    def send(number: int) -> str:
        person = Resident(f"192.0.2.{number + 1}", f"http://127.0.0.1:{stack.port}")
        return person.submit(f"smtp-{number}-{secrets.token_hex(3)}", recipients[number])

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(send, range(len(recipients))))
    while time.monotonic() < down + args.smtp_down:  # cron runs mail_retry every minute
        manage(env, stack.workdir, "mail_retry")
        time.sleep(max(0.0, min(10.0, down + args.smtp_down - time.monotonic())))
    arrived_while_down = len(stack.mailbox.messages) - len(before)
    stack.smtp_start()
    back = time.monotonic()
    log(f"   SMTP back after {back - down:.0f} s")

    def delivered() -> dict[str, int]:
        counts: dict[str, int] = {}
        for message in list(stack.mailbox.messages):
            if str(message["Message-ID"]) not in before:
                for address in recipients:
                    if address in str(message["X-Envelope-To"]):
                        counts[address] = counts.get(address, 0) + 1
        return counts

    # Retries back off (1, 2, 4 … minutes, at most an hour apart): after a long outage the next
    # attempt of a mail may come up to the length of the outage after SMTP is back.
    deadline = back + 2 * max(600, args.smtp_down)
    all_in: float | None = None
    while time.monotonic() < deadline:
        manage(env, stack.workdir, "mail_retry")
        if all_in is None and len(delivered()) == len(recipients):
            all_in = time.monotonic() - back
            log(f"   every mail delivered {all_in:.0f} s after SMTP returned; watching 2 min more")
            deadline = time.monotonic() + 120  # would any mail come a second time?
        time.sleep(10)
    counts = delivered()
    rows = stack.sql(
        'SELECT status, count(*), max(attempts) FROM core_outgoingmail WHERE "to" LIKE %s '
        "GROUP BY 1",
        "%@down.example",
    )
    return {
        "submissions saved": outcomes.count("saved"),
        "outcomes": _tally(outcomes),
        "mail ledger (status: count, most attempts)": {
            str(status): f"{count}, {attempts}" for status, count, attempts in rows
        },
        "SMTP down (s)": round(back - down),
        "mails expected": len(recipients),
        "arrived while down": arrived_while_down,
        "delivered after SMTP returned": len(counts),
        "delivered twice": sum(1 for count in counts.values() if count > 1),
        "undelivered": len(recipients) - len(counts),
        "seconds from SMTP back to the last delivery": None if all_in is None else round(all_in),
    }


def scenario_rate_limit(stack: Stack) -> dict[str, object]:
    """The abusive address sends 30 forms in a row while 20 others each send one meanwhile."""
    log("4. one abusive client among residents")
    base = f"http://127.0.0.1:{stack.port}"
    abusive: list[str] = []
    others: list[str] = []
    lock = threading.Lock()

    def abuse() -> None:
        abuser = Resident("203.0.113.66", base)
        for number in range(30):
            outcome = abuser.submit(f"abuse-{number}-{secrets.token_hex(3)}")
            with lock:
                abusive.append(outcome)

    def one(number: int) -> None:
        time.sleep(number * 2.0)  # spread over the abuser's run
        outcome = Resident(f"100.64.0.{number + 1}", base).submit(f"fair-{number}")
        with lock:
            others.append(outcome)

    threads = [threading.Thread(target=abuse, daemon=True)]
    threads += [threading.Thread(target=one, args=(n,), daemon=True) for n in range(20)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 900
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    with lock:
        abusive, others = list(abusive), list(others)
    return {
        "abusive submissions": len(abusive),
        "abusive saved": abusive.count("saved"),
        "abusive refused": abusive.count("refused"),
        "other residents": len(others),
        "other residents refused": others.count("refused"),
        "other residents saved": others.count("saved"),
        "other residents not saved": len(others) - others.count("saved"),
        "outcomes (abusive)": _tally(abusive),
        "outcomes (others)": _tally(others),
    }


def scenario_pytest(workdir: Path) -> dict[str, object]:
    log("5. fuzzing and tenancy (pytest)")
    figures: dict[str, object] = {}
    for name, path in (("fuzz", "tests/test_fuzz.py"), ("tenancy", "tests/test_tenancy.py")):
        try:
            command = [sys.executable, "-m", "pytest", "-q", "-rfE", "-s", "-n0", path]
            result = subprocess.run(
                [*command, "-p", "no:cacheprovider"],
                cwd=REPO, capture_output=True, text=True, check=False, timeout=3600,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            figures[name] = {"summary": "timed out after an hour", "failed tests": None}
            continue
        (workdir / f"pytest-{name}.log").write_text(result.stdout + result.stderr)
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "?"
        sent = re.findall(r"VIDHUK-FUZZ-REQUESTS (\d+)", result.stdout)

        def number(word: str, summary: str = summary) -> int:
            found = re.search(rf"(\d+) {word}", summary)
            return int(found.group(1)) if found else 0

        figures[name] = {
            "summary": summary,
            "requests": sum(int(n) for n in sent) if sent else None,
            "tests passed": number("passed"),
            "failed tests": number("failed") + number("error"),
            "exit code": result.returncode,
            "failures": re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)[:10],
            "log": str(workdir / f"pytest-{name}.log"),
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
        scenarios = {
            "killed": lambda: scenario_kill(stack, env, args),
            "postgres": lambda: scenario_postgres(stack, env, args),
            "rate limit": lambda: scenario_rate_limit(stack),
            "smtp": lambda: scenario_smtp(stack, env, args),
        }
        chosen = args.only.split(",") if args.only else list(scenarios)
        for name, scenario in scenarios.items():
            if name not in chosen:
                continue
            try:
                figures[name] = scenario()
            except Exception as error:  # noqa: BLE001 — the other scenarios still run
                figures[name] = {"failed": f"{type(error).__name__}: {error}"[:2000]}
            log(f"   {name}: {json.dumps(figures[name], ensure_ascii=False, default=str)}")
        if not args.skip_pytest:
            figures["pytest"] = scenario_pytest(workdir)
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
        ("rate limit", "other residents refused"), ("rate limit", "other residents not saved"),
    ]  # fmt: skip
    pytest = figures.get("pytest", {})
    ran = all(pytest.get(n, {}).get("failed tests") == 0 for n in pytest)  # type: ignore[attr-defined]
    measured = [(a, b) for a, b in musts if a in figures]  # --only leaves some out
    return ran and all(figures[a].get(b) == 0 for a, b in measured)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
