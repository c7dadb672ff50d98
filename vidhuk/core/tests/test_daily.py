"""`manage.py daily`: one scheduler entry point that runs every app's registered daily job."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from vidhuk.core.dailyjobs import register_daily_job, unregister_daily_job

KYIV = ZoneInfo("Europe/Kyiv")
MORNING = dt.datetime(2026, 3, 2, 6, 15, tzinfo=KYIV)


@pytest.fixture
def calls():
    seen: list[str] = []
    register_daily_job("zz_everywhere", lambda run: seen.append(f"all {run.today}") or "ok", 990)
    register_daily_job(
        "zz_each_centre",
        lambda run: seen.append(f"centre {run.centre.slug}") or "done",
        991,
        per_centre=True,
    )
    yield seen
    unregister_daily_job("zz_everywhere")
    unregister_daily_job("zz_each_centre")


def test_one_command_runs_every_apps_job_once_and_logs_each(db, centre, other_centre, calls):
    out = io.StringIO()

    with time_machine.travel(MORNING, tick=False):
        call_command("daily", stdout=out)

    assert sorted(calls) == sorted(
        ["all 2026-03-02", f"centre {centre.slug}", f"centre {other_centre.slug}"]
    )
    names = [line.split("]")[0].lstrip("[") for line in out.getvalue().splitlines()]
    # Every installed app's jobs run and are logged, in the registered order (the list grows
    # with the apps); the throwaway jobs registered last come last.
    assert {"appeals", "appointments", "queue", "surveys"} <= set(names)
    assert names[-3:] == ["zz_everywhere", "zz_each_centre", "zz_each_centre"]
    assert all(names.count(name) == 1 for name in ("appeals", "appointments", "queue", "surveys"))
    assert "[queue] queue: 0 ticket(s) of days before 2026-03-02 closed as unserved" in (
        out.getvalue()
    )


def test_only_runs_the_named_job(db, calls):
    out = io.StringIO()

    with time_machine.travel(MORNING, tick=False):
        call_command("daily", "--only", "zz_everywhere", stdout=out)

    assert calls == ["all 2026-03-02"]
    assert out.getvalue() == "[zz_everywhere] ok\n"


def test_a_failing_job_does_not_stop_the_others_and_the_run_fails(db, calls):
    def broken(run):
        raise RuntimeError("disk full")

    register_daily_job("zz_broken", broken, 989)
    err = io.StringIO()
    try:
        with time_machine.travel(MORNING, tick=False), pytest.raises(CommandError, match="zz_b"):
            call_command("daily", stdout=io.StringIO(), stderr=err)
    finally:
        unregister_daily_job("zz_broken")

    assert calls[0] == "all 2026-03-02"
    assert "zz_broken: FAILED" in err.getvalue()


def test_an_unknown_job_is_refused(db):
    with pytest.raises(CommandError, match="Unknown daily job"):
        call_command("daily", "--only", "nope")
