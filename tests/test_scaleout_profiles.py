"""Tasks, caches and rate limits on both profiles (issue 15, part 7).

`make test` runs these twice: on the embedded profile (tasks in-process, caches in memory,
rate-limit counters in their table) and on the Redis/RQ profile (`-p vidhuk.testing.redis`: a
real redis-server, REDIS_URL and VIDHUK_TASKS=rq, so tasks wait in Redis for a real RQ worker).
"""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend

from vidhuk.core.antiabuse import client_count_submission, client_over_rate_limit
from vidhuk.core.choices import MailStatus
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.tasks import worker_heartbeat
from vidhuk.core.tests.factories import CentreFactory

# ruff: noqa: S603  (a fixed command: this Python running manage.py rqworker)
ROOT = Path(__file__).resolve().parents[1]
PROFILE = "redis-rq" if settings.VIDHUK_TASKS == "rq" else "embedded"
on_rq = pytest.mark.skipif(PROFILE != "redis-rq", reason="RQ workers only on the Redis/RQ profile")

pytestmark = pytest.mark.scaleout


def _run_queued_tasks() -> None:
    """What a worker does: on RQ, a burst of rq's SimpleWorker in this process (it sees this
    test's transaction) with django-tasks-rq's job class; in-process tasks already ran."""
    if PROFILE != "redis-rq":
        return
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


CACHE_KINDS = {
    "embedded": {"default": "LocMemCache", "pages": "LocMemCache"},
    "redis-rq": {"default": "RedisCache", "pages": "RedisCache", "ratelimit": "RedisCache"},
}


def test_each_kind_of_entry_has_a_cache_of_its_own():
    kinds = {alias: conf["BACKEND"].rsplit(".", 1)[1] for alias, conf in settings.CACHES.items()}
    prefixes = {conf.get("KEY_PREFIX", alias) for alias, conf in settings.CACHES.items()}

    assert kinds == CACHE_KINDS[PROFILE]
    assert len(prefixes) == len(kinds)


def test_rate_limit_counters_never_evict_a_computed_report(db):
    """5,000 residents submitting (more than the computed-things cache holds) leave the cached
    report in place, and every one of them is still counted."""
    centre = CentreFactory()
    caches["default"].set("results:report", {"responses": 1234}, 3600)
    requests = [
        RequestFactory().post("/", REMOTE_ADDR=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
        for n in range(5000)
    ]

    for request in requests:
        client_count_submission(request, scope="appeal", window=600, centre=centre)

    assert caches["default"].get("results:report") == {"responses": 1234}
    assert all(
        client_over_rate_limit(request, scope="appeal", limit=1, window=600, centre=centre)
        for request in (requests[0], requests[-1])
    )


def test_a_mail_queued_by_a_service_is_sent_by_the_profiles_worker(
    db, smtp_mailbox, django_capture_on_commit_callbacks
):
    centre = CentreFactory()

    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue_answer(centre, key="scaleout:1")
    _run_queued_tasks()

    mail.refresh_from_db()
    [message] = smtp_mailbox.messages
    assert smtp_mailbox.header(message, "Subject") == "Відповідь на ваше звернення Ш-1/2026"
    assert mail.status == MailStatus.SENT


def _queue_answer(centre, *, key: str):
    appeal = SimpleNamespace(
        registration_index="Ш-1/2026",
        full_name="Мар'яна Коваль",
        answer_text="Пандус встановимо до 1 травня.",
        received_at=timezone.now(),
        is_appeal=False,
    )
    return mail_enqueue(
        key=key,
        to="maria@example.com",
        template="appeals/email/answer",
        context={"appeal": appeal, "centre": centre},
        centre=centre,
    )


@on_rq
def test_on_rq_a_mail_waits_in_redis_until_a_worker_takes_it(
    db, smtp_mailbox, django_capture_on_commit_callbacks
):
    centre = CentreFactory()

    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue_answer(centre, key="scaleout:2")

    mail.refresh_from_db()
    assert (mail.status, smtp_mailbox.messages) == (MailStatus.QUEUED, [])


@on_rq
def test_the_documented_rqworker_command_runs_a_queued_task():
    """`manage.py rqworker --job-class django_tasks_rq.Job default` (docs/operations.md) as a
    real process, in burst mode: it takes the task from Redis, runs it and records the result."""
    queued = worker_heartbeat.enqueue()

    done = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst"]
        + ["--job-class", "django_tasks_rq.Job", "default"],
        cwd=ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    result = default_task_backend.get_result(queued.id)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    assert len(result.worker_ids) == 1


def test_worker_health_says_where_to_watch_the_workers():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("worker_health", stdout=out)

    expected = {"redis-rq": "rqstats", "embedded": "no worker to watch"}[PROFILE]
    assert expected in out.getvalue()
