"""The anti-abuse counters in core's own tables (issue 15, part 4): each check is one statement,
the window passes, a count is given back when nothing was saved, a stamp is spent once, and the
daily job forgets what has expired."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import timezone

from vidhuk.core import antiabuse
from vidhuk.core.dailyjobs import DailyRun, daily_job_get
from vidhuk.core.models import RateCount, SpentStamp

KYIV_NOON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return RequestFactory().post("/", REMOTE_ADDR="198.51.100.10")


def _take(request, limit=2) -> bool:
    return antiabuse.client_rate_take(request, scope="test", limit=limit, window=600)


def test_the_limit_is_checked_and_counted_in_one_statement(
    resident, time_machine, django_assert_num_queries
):
    time_machine.move_to(KYIV_NOON, tick=False)

    with django_assert_num_queries(1):
        first = _take(resident)
    taken = [first, _take(resident), _take(resident)]

    assert taken == [True, True, False]
    assert RateCount.objects.get().count == 2  # the refused one counted nothing


def test_a_count_given_back_frees_its_place(resident, time_machine):
    time_machine.move_to(KYIV_NOON, tick=False)
    _take(resident)
    _take(resident)

    antiabuse.client_rate_give_back(resident, scope="test")

    assert _take(resident) is True
    assert _take(resident) is False


def test_the_window_passes(resident, time_machine):
    time_machine.move_to(KYIV_NOON, tick=False)
    _take(resident)
    _take(resident)

    time_machine.move_to(KYIV_NOON + dt.timedelta(minutes=11), tick=False)

    assert _take(resident) is True
    assert RateCount.objects.get().count == 1


def test_the_older_check_and_count_read_the_same_counter(resident, time_machine):
    time_machine.move_to(KYIV_NOON, tick=False)
    antiabuse.client_count_submission(resident, scope="test", window=600)
    antiabuse.client_count_submission(resident, scope="test", window=600)

    assert antiabuse.client_over_rate_limit(resident, scope="test", limit=2, window=600)
    assert not antiabuse.client_over_rate_limit(resident, scope="test", limit=3, window=600)


def test_a_stamp_is_spent_once_but_a_double_submit_of_its_form_passes(django_assert_num_queries):
    stamp = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")

    def refusal(once_for: str) -> str | None:
        return antiabuse.form_stamp_refusal(
            stamp, salt="test", max_age=600, client="198.51.100.10", once_for=once_for
        )

    with django_assert_num_queries(1):
        first = refusal("key-1")
    assert (first, refusal("key-1")) == (None, None)
    assert refusal("key-2") == "Цю форму вже надіслали. Перевірте відповіді й надішліть ще раз."


def _check(resident, stamp: str, *, once_for: str, limit: int = 2) -> antiabuse.StampCheck:
    rate = antiabuse.client_rate(resident, scope="test", limit=limit, window=600)
    return antiabuse.form_stamp_check(
        stamp, salt="test", max_age=600, client="198.51.100.10", once_for=once_for, rate=rate
    )


def test_the_count_is_taken_and_the_stamp_spent_in_one_statement(
    resident, django_assert_num_queries
):
    stamp = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")

    with django_assert_num_queries(1):
        checked = _check(resident, stamp, once_for="key-1")

    assert checked == antiabuse.StampCheck(None, rate_taken=True, over_rate_limit=False)
    assert RateCount.objects.get().count == 1
    assert SpentStamp.objects.get().once_for == "key-1"


def test_past_the_limit_neither_is_spent(resident):
    _take(resident)
    _take(resident)
    stamp = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")

    checked = _check(resident, stamp, once_for="key-1")

    assert checked == antiabuse.StampCheck(
        str(antiabuse.RATE_LIMITED_MESSAGE), rate_taken=False, over_rate_limit=True
    )
    assert RateCount.objects.get().count == 2
    assert not SpentStamp.objects.exists()


def test_a_refused_stamp_leaves_the_count_taken_for_the_caller_to_give_back(resident):
    stamp = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")
    _check(resident, stamp, once_for="key-1")

    replayed = _check(resident, stamp, once_for="key-2")

    assert replayed.refusal == "Цю форму вже надіслали. Перевірте відповіді й надішліть ще раз."
    assert replayed.rate_taken
    assert RateCount.objects.get().count == 2


def test_a_stamp_from_another_client_takes_no_count(resident):
    stamp = antiabuse.issue_form_stamp(salt="test", client="203.0.113.7")

    checked = _check(resident, stamp, once_for="key-1")

    assert checked.refusal is not None
    assert not checked.rate_taken
    assert not RateCount.objects.exists()


@pytest.fixture
def ratelimit_cache(settings):
    """The counters in a cache of their own, as with Redis (`tests/test_antiabuse.py` runs the
    residents' side on Redis itself)."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "antiabuse-counters-test",
        },
    }
    yield caches["ratelimit"]
    caches["ratelimit"].clear()


def test_in_a_cache_the_count_comes_first_and_past_the_limit_no_stamp_is_spent(
    resident, ratelimit_cache
):
    first = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")
    second = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")

    taken = _check(resident, first, once_for="key-1", limit=1)
    refused = _check(resident, second, once_for="key-2", limit=1)
    later = _check(resident, second, once_for="key-3", limit=2)

    assert (taken.refusal, taken.rate_taken) == (None, True)
    assert refused.over_rate_limit
    assert not refused.rate_taken
    assert (later.refusal, later.rate_taken) == (None, True)  # the second stamp was not spent
    assert not RateCount.objects.exists()
    assert not SpentStamp.objects.exists()


def test_in_a_cache_a_replayed_stamp_leaves_the_count_taken(resident, ratelimit_cache):
    stamp = antiabuse.issue_form_stamp(salt="test", client="198.51.100.10")
    _check(resident, stamp, once_for="key-1", limit=3)

    replayed = _check(resident, stamp, once_for="key-2", limit=3)

    assert replayed.refusal == "Цю форму вже надіслали. Перевірте відповіді й надішліть ще раз."
    assert replayed.rate_taken
    key = antiabuse.client_rate_key(resident, scope="test")
    assert ratelimit_cache.get(key) == 2


def test_the_daily_job_forgets_what_has_expired(resident, time_machine):
    time_machine.move_to(KYIV_NOON, tick=False)
    _take(resident)
    antiabuse.form_stamp_refusal(
        antiabuse.issue_form_stamp(salt="test", client=""),
        salt="test",
        max_age=600,
        client="",
        once_for="key",
    )
    time_machine.move_to(KYIV_NOON + dt.timedelta(minutes=9), tick=False)
    antiabuse.client_rate_take(resident, scope="other", limit=2, window=3600)

    time_machine.move_to(KYIV_NOON + dt.timedelta(minutes=11), tick=False)
    job = daily_job_get("core_antiabuse_expired")
    assert job is not None
    line = job.func(DailyRun(today=timezone.localdate()))

    assert line == "rate counts removed: 1, spent stamps removed: 1"
    assert [row.key.split(":")[0] for row in RateCount.objects.all()] == ["other"]
    assert not SpentStamp.objects.exists()
