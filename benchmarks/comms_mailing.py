#!/usr/bin/env python
"""Mailings that never skip or repeat: the rate held, SIGKILLed workers, two workers at once.

    .venv/bin/python benchmarks/comms_mailing.py --subscribers 10000 --rate 6000 --kills 10
    .venv/bin/python benchmarks/comms_mailing.py --subscribers 1000 --rate 1200   # quick run

All on loopback (127.0.0.1): a throwaway PostgreSQL server, ``migrate``, a centre with
``--subscribers`` confirmed subscribers, and a real SMTP server (aiosmtpd, vidhuk/testing/smtp.py)
in this process that parses every message it receives. Workers are ``manage.py comms_mailings
--until-idle`` processes (benchmarks/comms_mailing_settings.py: stale claims taken back after 3 s).

0. reference, measured in the same run: one worker with no rate limit sends ``--reference``
   messages — what this machine can do; the set rate is reported as a share of it (a rate held
   far below the machine's capacity is a real limit, not the machine's ceiling);
1. rate: one mailing at ``--rate`` per minute, one worker — the measured rate (messages received
   between the first and the last) must be within ±5 % of the set rate;
2. kills: the same with the worker SIGKILLed ``--kills`` times at random moments and restarted;
3. two workers at once;
4. per-domain limit: two workers, ``COMMS_MAILING_RATE_PER_DOMAIN`` = ``--domain-rate`` (default
   a quarter of ``--rate``) and a quarter of the audience at one domain (big.example; the rest
   over 19 domains) — big.example's measured rate must be within ±5 % of its limit (it is the
   bottleneck), no domain above its limit by more than 5 %, the whole still near ``--rate``.

Subscribers are r<n>@big.example for every fourth n, else r<n>@d<n mod 19>.example.

After each: every message parsed and its headers checked (To, Message-ID equal to the ledger's,
List-Unsubscribe, List-Unsubscribe-Post), the recipients equal the frozen audience (no one
skipped), and no address received twice except rows marked ambiguous (listed). Exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_http import REPO, log, machine, manage, postgres_server, production_env  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=6000, help="messages per minute [6000]")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--domain-rate", type=int, default=0, help="per domain [--rate / 4]")
    parser.add_argument("--reference", type=int, default=1000, help="messages, no limit [1000]")
    return parser.parse_args(argv)


def start_worker(env: dict[str, str], **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, str(REPO / "manage.py"), "comms_mailings", "--until-idle",
         "--base-url", "http://127.0.0.1"],  # fmt: skip
        cwd=REPO, env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def email(n: int) -> str:
    return f"r{n:05d}@big.example" if n % 4 == 0 else f"r{n:05d}@d{n % 19}.example"


def domain_rates(mailbox, start_index: int) -> dict[str, tuple[int, float]]:  # type: ignore[no-untyped-def]
    """Per recipient domain: messages received and the rate between its first and last."""
    times: dict[str, list[float]] = collections.defaultdict(list)
    for message, at in zip(mailbox.messages[start_index:], mailbox.times[start_index:],
                           strict=True):  # fmt: skip
        times[str(message["To"]).strip().rsplit("@", 1)[1]].append(at)
    rates = {}
    for domain, stamps in times.items():
        span = stamps[-1] - stamps[0]
        rates[domain] = (len(stamps), (len(stamps) - 1) / span * 60 if span else 0.0)
    return rates


def new_mailing(centre, rate: int, number: int):  # type: ignore[no-untyped-def]
    from vidhuk.communications.services.mailings import (
        MailingIntake,
        mailing_create,
        mailing_start,
    )

    intake = MailingIntake(subject=f"Розсилка {number}", body="Новини центру.\n\nДругий абзац.",
                           segment={}, rate_per_minute=rate)  # fmt: skip
    mailing = mailing_create(centre=centre, intake=intake)
    mailing_start(mailing=mailing)
    return mailing


def check(mailbox, start_index: int, mailing) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from vidhuk.communications.models import DeliveryState

    received = mailbox.messages[start_index:]
    times = mailbox.times[start_index:]
    ledger = dict(mailing.deliveries.values_list("email", "message_id"))
    bad_headers = 0
    for message in received:
        to = str(message["To"]).strip()
        if (
            str(message["Message-ID"]).strip() != ledger.get(to)
            or not str(message["List-Unsubscribe"]).strip().startswith("<http://127.0.0.1/")
            or str(message["List-Unsubscribe-Post"]).strip() != "List-Unsubscribe=One-Click"
            or not str(message["X-Envelope-From"]).startswith("bounces+")
        ):
            bad_headers += 1
    counts = collections.Counter(str(m["To"]).strip() for m in received)
    ambiguous = set(
        mailing.deliveries.filter(state=DeliveryState.AMBIGUOUS).values_list("email", flat=True)
    )
    duplicates = {email for email, n in counts.items() if n > 1}
    missing = set(ledger) - set(counts)
    span = (times[-1] - times[0]) if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span * 60 if span else 0.0
    return {
        "audience": len(ledger), "received": len(received), "rate": rate,
        "missing": len(missing), "duplicates_outside": len(duplicates - ambiguous),
        "ambiguous": sorted(ambiguous), "bad_headers": bad_headers,
    }  # fmt: skip


def other_centre_mailing(count: int, now):  # type: ignore[no-untyped-def]
    """The reference's own audience (another centre), mailed with no rate limit."""
    from vidhuk.communications.models import Subscriber
    from vidhuk.core.models import Centre

    centre = Centre.objects.create(slug="etalon", name="Еталонний центр")
    Subscriber.objects.bulk_create(
        [
            Subscriber(centre=centre, email=f"e{n:05d}@d{n % 19}.example", confirmed_at=now)
            for n in range(count)
        ]  # fmt: skip
    )
    return new_mailing(centre, 10_000_000, 0)


def wait_all(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.wait(timeout=3600)


def main(argv: list[str] | None = None) -> int:  # noqa: C901, PLR0915
    args = parse_args(argv)
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-mailing-"))
    from vidhuk.testing.smtp import Mailbox, smtp_server

    class TimedMailbox(Mailbox):
        def __init__(self) -> None:
            super().__init__()
            self.times: list[float] = []

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
            result = await super().handle_DATA(server, session, envelope)
            self.times.append(time.monotonic())
            return result

    import vidhuk.testing.smtp as smtp_module

    smtp_module.Mailbox = TimedMailbox  # type: ignore[misc]
    rows: list[tuple[str, dict[str, object]]] = []
    try:
        with postgres_server() as database_url, smtp_server() as (mailbox, port):
            env = production_env(workdir, database_url)
            env.update(
                EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port),
                DJANGO_SETTINGS_MODULE="comms_mailing_settings",
                PYTHONPATH=f"{REPO / 'benchmarks'}:{REPO}",
            )  # fmt: skip
            log("migrate")
            manage(env, workdir, "migrate", "--noinput", "--skip-checks")
            os.environ.update(env)
            import django

            django.setup()
            from django.utils import timezone

            from vidhuk.communications.models import Subscriber
            from vidhuk.core.models import Centre

            centre = Centre.objects.create(slug="verbivka", name="ЦНАП Вербівської міської ради")
            now = timezone.now()
            Subscriber.objects.bulk_create(
                [
                    Subscriber(centre=centre, email=email(n), confirmed_at=now)
                    for n in range(args.subscribers)
                ],  # fmt: skip
                batch_size=2000,
            )
            log(f"0. reference: {args.reference} with no rate limit, one worker")
            reference = other_centre_mailing(args.reference, now)
            start = len(mailbox.messages)
            wait_all([start_worker(env)])
            capacity = check(mailbox, start, reference)["rate"]

            log(f"1. rate: {args.subscribers} at {args.rate}/min, one worker")
            start = len(mailbox.messages)
            mailing = new_mailing(centre, args.rate, 1)
            wait_all([start_worker(env)])
            rows.append(("one worker", check(mailbox, start, mailing)))

            log(f"2. one worker SIGKILLed {args.kills} times")
            start = len(mailbox.messages)
            mailing = new_mailing(centre, args.rate, 2)
            expected = args.subscribers / args.rate * 60
            kill_at = sorted(rng.uniform(0.05, 0.9) * expected for _ in range(args.kills))
            began = time.monotonic()
            worker = start_worker(env)
            for moment in kill_at:
                time.sleep(max(moment - (time.monotonic() - began), 0.2))
                worker.send_signal(signal.SIGKILL)
                worker.wait()
                worker = start_worker(env)
            wait_all([worker])
            rows.append((f"{args.kills} SIGKILLs", check(mailbox, start, mailing)))

            log("3. two workers at once")
            start = len(mailbox.messages)
            mailing = new_mailing(centre, args.rate, 3)
            wait_all([start_worker(env), start_worker(env)])
            rows.append(("two workers", check(mailbox, start, mailing)))

            domain_rate = args.domain_rate or args.rate // 4
            log(f"4. two workers, {domain_rate}/min per domain")
            start = len(mailbox.messages)
            mailing = new_mailing(centre, args.rate, 4)
            per_domain = {"COMMS_MAILING_RATE_PER_DOMAIN": str(domain_rate)}
            wait_all([start_worker(env, **per_domain), start_worker(env, **per_domain)])
            rows.append((f"two workers, {domain_rate}/min per domain",
                         check(mailbox, start, mailing)))  # fmt: skip
            domains = domain_rates(mailbox, start)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    info = machine()
    cpu, cores, memory = info.get("cpu", ""), info.get("nproc", ""), info.get("memory", "")
    print(f"\nMachine: {cpu} ({cores} cores), {memory}")
    print(f"\n{args.subscribers} subscribers, set rate {args.rate}/min")
    print(f"Reference (same run): one worker, no limit, {args.reference} messages: "
          f"{capacity:.0f}/min — the set rate is {args.rate / capacity:.0%} of it\n")  # fmt: skip
    print("| run | audience | received | rate/min | off by | missing | dup. outside ambiguous "
          "| ambiguous | bad headers | ok |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    ok_all = True
    for name, row in rows:
        off = (float(row["rate"]) / args.rate - 1) * 100  # type: ignore[arg-type]
        ok = (
            row["missing"] == 0 and row["duplicates_outside"] == 0 and row["bad_headers"] == 0
            and (name != "one worker" or abs(off) <= 5)
        )  # fmt: skip
        ok_all = ok_all and ok
        ambiguous = row["ambiguous"]
        print(
            f"| {name} | {row['audience']} | {row['received']} | {row['rate']:.0f} | {off:+.1f} % "
            f"| {row['missing']} | {row['duplicates_outside']} | {len(ambiguous)} "  # type: ignore[arg-type]
            f"| {row['bad_headers']} | {'yes' if ok else 'NO'} |"
        )
        if ambiguous:
            print(f"  ambiguous: {', '.join(ambiguous)}")  # type: ignore[arg-type]
    big_count, big_rate = domains["big.example"]
    worst = max((rate for count, rate in domains.values() if count >= 20), default=0.0)
    held = abs(big_rate / domain_rate - 1) <= 0.05 and worst <= domain_rate * 1.05
    ok_all = ok_all and held
    print(f"\nPer domain (run 4, limit {domain_rate}/min): big.example {big_count} messages at "
          f"{big_rate:.0f}/min ({(big_rate / domain_rate - 1) * 100:+.1f} %); the fastest domain "
          f"with ≥ 20 messages {worst:.0f}/min; {'held' if held else 'NOT HELD'}")  # fmt: skip
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
