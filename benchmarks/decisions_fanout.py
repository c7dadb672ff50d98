"""The residents' notices of a decision (issue 12, point 4): a decision whose finding rests on
1,000 appeals whose writers asked to be told (and 100 whose writers did not) goes through 3
public changes, and the notices are sent by the production worker (`manage.py worker`,
django-tasks' database backend) to a real SMTP server (aiosmtpd, in this process), which
counts what arrives. The worker is killed with
SIGKILL midway; a second worker finishes what is queued, and the recovery that cron runs every
minute (`manage.py decisions_notify`, `manage.py mail_retry`) finishes the rest.

Expected: 3,000 messages — each resident exactly once per change — 0 skipped, and no duplicate
outside the notices marked ambiguous (a mail the killed worker was handing to the SMTP server:
it may have arrived, and the ledger sends it again); those are listed.

The recovery runs with the clock moved 16 minutes on (time-machine, in its own process): the
ledger takes back a dead worker's claim only after 15 minutes, and waiting them out would only
make the benchmark slower, not different.

    .venv/bin/python benchmarks/decisions_fanout.py [--residents 1000] [--kill-after 1200]
    .venv/bin/python benchmarks/decisions_fanout.py --kill-after-seconds 15  # mid fan-out
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (str(REPO), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalog_http import log, machine, manage, postgres_server, production_env  # noqa: E402

from vidhuk.testing.smtp import smtp_server  # noqa: E402

SETUP = r"""
import json, uuid
from django.utils import timezone
from vidhuk.appeals.choices import Channel, DocumentType, Kind, ReceiptForm
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tokens import token_hash, tracker_token_for
from vidhuk.core.models import Centre
from vidhuk.decisions.choices import DecisionKind
from vidhuk.decisions.models import Decision, Evidence, Finding

centre = Centre.objects.create(slug="verbivka", name="ЦНАП", hromada="Вербівська", oblast="UA-53",
                               address="вул. Соборна, 12")
now = timezone.now()
appeals = []
for i in range(RESIDENTS + OPTED_OUT):
    told = i < RESIDENTS
    salt = uuid.uuid4().hex
    appeals.append(Appeal(
        centre=centre, registration_year=now.year, registration_number=i + 1,
        registration_index=f"Ш-{i + 1}/{now.year}", kind=Kind.COMPLAINT, channel=Channel.WEB,
        receipt_form=ReceiptForm.POST, document_type=DocumentType.ELECTRONIC, received_at=now,
        tracker_salt=salt, tracker_token_hash=token_hash(tracker_token_for(salt=salt)),
        full_name=f"Мешканець {i}", address="м. Вербівка",
        email=f"r{i:04d}@example.com" if told else f"out{i:04d}@example.com",
        text="Мало місць у залі очікування.", wants_decision_updates=told))
Appeal.objects.bulk_create(appeals, batch_size=500)
finding = Finding.objects.create(centre=centre, number=1, title="Мало місць", summary="Мало місць.",
                                 opened_on=now.date(), due_on=now.date())
Evidence.objects.bulk_create([
    Evidence(centre=centre, finding=finding, source="appeal", object_id=str(a.pk),
             label=a.registration_index, channel="web") for a in Appeal.objects.all()])
decision = Decision.objects.create(centre=centre, number=1, kind=DecisionKind.ORGANISATIONAL,
                                   title="Додати 12 місць", owner_unit="ЦНАП", due_on=now.date())
decision.findings.add(finding)
print(json.dumps({"decision": decision.pk}))
"""

CHANGES = r"""
from vidhuk.decisions.models import Decision
from vidhuk.decisions.services import decision_transition
decision = Decision.objects.get()
for state in ("adopted", "in_progress", "done"):
    decision_transition(decision=decision, to_state=state, actor=None)
"""

RECOVERY = r"""
import datetime as dt, json
import time_machine
from django.utils import timezone
from vidhuk.core.mail import mail_retry_due
from vidhuk.decisions.notify import decision_notices_resume, notices_ambiguous
with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=True):
    report = decision_notices_resume()   # what `manage.py decisions_notify` runs every minute
    retried = mail_retry_due()           # what `manage.py mail_retry` runs every minute
print(json.dumps({
    "resume": str(report), "retried": retried,
    "ambiguous": [f"{n.decision_id}/{n.public_revision}/{n.recipient_key} {n.mail.to}"
                  for n in notices_ambiguous()],
    "ambiguous_addresses": [[n.mail.to, n.public_revision] for n in notices_ambiguous()],
}))
"""

STATE = r"""
import json
from django.db.models import Count
from vidhuk.core.models import OutgoingMail
from vidhuk.decisions.models import DecisionNotice
print(json.dumps({
    "notices": dict(DecisionNotice.objects.values_list("state").annotate(n=Count("id"))),
    "mail": dict(OutgoingMail.objects.values_list("status").annotate(n=Count("id"))),
}))
"""


def shell(env: dict[str, str], script: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def worker(env: dict[str, str], workdir: Path, name: str) -> subprocess.Popen[bytes]:
    log(f"starting worker {name}")
    return subprocess.Popen(
        [sys.executable, str(REPO / "manage.py"), "worker", "--interval", "0.2",
         "--no-startup-delay", "--worker-id", name],
        cwd=REPO,
        env=env,
        stdout=(workdir / f"{name}.log").open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip


QUEUE = r"""
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps({"ready": DBTaskResult.objects.ready().count()}))
"""


def wait_drained(env: dict[str, str], mailbox, *, limit: float = 1800.0) -> None:
    """Until the worker's queue holds no task ready to run and no message has arrived for a
    few seconds (the tasks a killed worker was running stay «running» and are not waited for)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = len(mailbox.messages)
        ready = shell(env, QUEUE)["ready"]
        time.sleep(3)
        if not ready and len(mailbox.messages) == before:
            return
        time.sleep(2)


def run(
    residents: int, opted_out: int, kill_after: int, kill_seconds: float | None
) -> dict[str, object]:
    with (
        tempfile.TemporaryDirectory(prefix="vidhuk-bench-fanout-") as tmp,
        postgres_server() as url,
    ):
        workdir = Path(tmp)
        env = production_env(workdir, url)
        with smtp_server() as (mailbox, port):
            env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="false")
            env.pop("TASKS_BACKEND", None)  # production: django-tasks' database backend
            manage(env, workdir, "migrate", "--no-input")
            setup = SETUP.replace("RESIDENTS", str(residents))
            shell(env, setup.replace("OPTED_OUT", str(opted_out)))
            log(
                f"{residents} appeals told, {opted_out} not, one finding, one decision; "
                "3 public changes"
            )
            started = time.monotonic()
            shell(env, CHANGES)
            first = worker(env, workdir, "worker-1")
            deadline = time.monotonic() + kill_seconds if kill_seconds else None
            while first.poll() is None and (
                time.monotonic() < deadline if deadline else len(mailbox.messages) < kill_after
            ):
                time.sleep(0.05)
            first.send_signal(signal.SIGKILL)
            first.wait()
            at_kill = len(mailbox.messages)
            log(f"worker-1 killed (SIGKILL) after {at_kill} messages")
            state_at_kill = shell(env, STATE)
            second = worker(env, workdir, "worker-2")
            wait_drained(env, mailbox)
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=60)
            after_second = len(mailbox.messages)
            log(f"worker-2 drained the queue: {after_second} messages")
            recovery_env = dict(
                env, TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend"
            )
            recovery = shell(recovery_env, RECOVERY)
            time.sleep(2)  # the recovery sent in its own process: let the SMTP server finish
            elapsed = time.monotonic() - started
            final_state = shell(env, STATE)
            by_pair = Counter(
                (str(m["X-Envelope-To"]), str(m["Subject"]).strip()) for m in mailbox.messages
            )
    expected = residents * 3
    told = {pair: n for pair, n in by_pair.items() if pair[0].startswith("r")}
    duplicated = {pair: n for pair, n in by_pair.items() if n > 1}
    ambiguous = {addr for addr, _revision in recovery.get("ambiguous_addresses", [])}  # type: ignore[union-attr]
    return {
        "residents": residents,
        "opted_out": opted_out,
        "mailed_opted_out": sum(n for (to, _subject), n in by_pair.items() if to.startswith("out")),
        "expected": expected,
        "delivered": len(told),
        "messages": sum(by_pair.values()),
        "skipped": expected - len(told),
        "duplicated": sum(n - 1 for n in duplicated.values()),
        "duplicated_outside_ambiguous": sorted(
            f"{addr} «{subject}»" for (addr, subject) in duplicated if addr not in ambiguous
        ),
        "ambiguous": recovery.get("ambiguous"),
        "at_kill": at_kill,
        "state_at_kill": state_at_kill,
        "after_second_worker": after_second,
        "recovery": recovery.get("resume"),
        "retried_by_ledger": recovery.get("retried"),
        "final_state": final_state,
        "seconds": round(elapsed, 1),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument(
        "--opted-out", type=int, default=100, help="more appeals whose writers did not ask"
    )
    parser.add_argument(
        "--kill-after", type=int, default=1200, help="kill the first worker after this many"
    )
    parser.add_argument(
        "--kill-after-seconds",
        type=float,
        help="kill the first worker this long after it starts instead (e.g. 15: while it is "
        "still recording and handing over the notices)",
    )
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    figures = run(args.residents, args.opted_out, args.kill_after, args.kill_after_seconds)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    ok = (
        figures["skipped"] == 0
        and not figures["duplicated_outside_ambiguous"]
        and figures["mailed_opted_out"] == 0
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
