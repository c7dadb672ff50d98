"""`manage.py worker_health` fails, saying why, when the worker has stopped working."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from vidhuk.core.tasks import worker_heartbeat

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture
def database_queue(db, settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return time_machine


def _finish_all():
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=NOW)


def test_a_worker_that_ran_a_task_lately_is_healthy(database_queue, capsys):
    worker_heartbeat.enqueue()
    _finish_all()

    call_command("worker_health")

    assert "Worker healthy." in capsys.readouterr().out


def test_no_task_finished_for_ten_minutes_is_an_alarm(database_queue):
    worker_heartbeat.enqueue()
    _finish_all()
    database_queue.shift(dt.timedelta(minutes=11))

    with pytest.raises(CommandError, match="no task has finished in 10 min"):
        call_command("worker_health")


def test_a_task_waiting_too_long_is_an_alarm(database_queue):
    worker_heartbeat.enqueue()
    _finish_all()
    worker_heartbeat.enqueue()  # never picked up
    database_queue.shift(dt.timedelta(minutes=6))

    with pytest.raises(CommandError, match="1 task\\(s\\) ready for more than 5 min"):
        call_command("worker_health")
