"""The board's poll answered from the cache while nothing it shows has changed (boardcache.py):
no SQL for "nothing new", and every change a screen must show reaches it at the next poll."""

import datetime as dt
import re

import pytest
from django.core.cache import caches

from vidhuk.core.services import office_closure_set
from vidhuk.queue.choices import Purpose
from vidhuk.queue.services import ticket_call_next, ticket_issue

from .factories import KYIV, NOW

POLL = "/verbivka/queue/main/board/calls/"


@pytest.fixture(autouse=True)
def _empty_page_cache():
    caches["pages"].clear()


def _state(response) -> str:
    return re.search(r"\?v=(\w+)", response.content.decode()).group(1)


def _poll(client, state):
    return client.get(POLL, {"v": state})


def test_a_poll_with_nothing_new_reads_no_sql(
    client, office, window_1, now, django_assert_num_queries
):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    state = _state(client.get(POLL))

    with django_assert_num_queries(0):
        unchanged = _poll(client, state)
        again = _poll(client, state)
    wrong = _poll(client, "0" * 16)

    assert unchanged.status_code == 204
    assert again.status_code == 204
    assert again["X-Page-Cache"] == "hit"  # answered before the URL is resolved
    assert wrong.status_code == 200


CHANGES = pytest.mark.parametrize(
    ("change", "shown"),
    [
        pytest.param("issue", "Очікують у черзі: 2", id="a ticket issued"),
        pytest.param("call", "Талон П-001 — до вікна 1", id="a visitor called"),
        pytest.param("closure", "Зачинено до", id="a closure set for today"),
    ],
)


def _make(change, office, window_1):
    if change == "issue":
        ticket_issue(office=office, purpose=Purpose.CONSULTATION)
    elif change == "call":
        ticket_call_next(window=window_1)
    else:
        today = NOW.astimezone(KYIV).date()
        office_closure_set(office=office, date=today, opens=None, closes=None, note="", actor=None)


@CHANGES
def test_every_change_the_board_shows_reaches_the_next_poll(
    client, office, window_1, now, change, shown
):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    state = _state(client.get(POLL))
    assert _poll(client, state).status_code == 204

    _make(change, office, window_1)
    after = _poll(client, state)

    assert after.status_code == 200
    assert shown in after.content.decode()


def test_the_kept_state_ends_when_the_office_closes(client, office, window_1, now, time_machine):
    state = _state(client.get(POLL))
    time_machine.move_to(NOW.replace(hour=16, minute=59, second=50), tick=False)
    state = _state(client.get(POLL))
    assert _poll(client, state).status_code == 204

    time_machine.move_to(NOW.replace(hour=17, minute=0, second=5), tick=False)
    after = _poll(client, state)

    assert after.status_code == 200
    assert "Зачинено до" in after.content.decode()


def test_a_kept_state_lasts_half_a_minute_at_most(client, office, window_1, now, time_machine):
    state = _state(client.get(POLL))
    time_machine.move_to(NOW + dt.timedelta(seconds=31), tick=False)

    assert _poll(client, state).status_code == 204  # recomputed: the same state, from the rows
    assert (
        caches["pages"].get("queue:board:state:verbivka:main").until
        > (NOW + dt.timedelta(seconds=31)).timestamp()
    )


# --- the whole page: what a screen without JavaScript reloads every 2 seconds ------------------

PAGE = "/verbivka/queue/main/board/"


def _clock(response) -> tuple[str, str]:
    found = re.search(r'data-vd-now="(\d+)">([0-9:]+)</time>', response.content.decode())
    return found.group(1), found.group(2)


def test_the_whole_page_again_reads_no_sql_and_its_clock_is_the_answers(
    client, office, window_1, now, time_machine, django_assert_num_queries
):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    time_machine.move_to(NOW.replace(minute=4, second=50), tick=False)
    first = client.get(PAGE)
    time_machine.move_to(NOW.replace(minute=5, second=5), tick=False)

    with django_assert_num_queries(0):
        again = client.get(PAGE)

    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit"  # answered before the URL is resolved
    assert again["Cache-Control"] == "no-store"
    assert _clock(first) == (str(int(NOW.replace(minute=4, second=50).timestamp() * 1000)), "10:04")
    assert _clock(again) == (str(int(NOW.replace(minute=5, second=5).timestamp() * 1000)), "10:05")
    assert "Очікують у черзі: 1" in again.content.decode()


@CHANGES
def test_every_change_the_board_shows_reaches_the_next_whole_page(
    client, office, window_1, now, change, shown
):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    assert shown not in client.get(PAGE).content.decode()

    _make(change, office, window_1)

    assert shown in client.get(PAGE).content.decode()


def test_the_whole_page_is_kept_per_language(client, office, window_1, now):
    ukrainian = client.get(PAGE).content.decode()
    english = client.get("/en" + PAGE).content.decode()

    assert "Табло черги" in ukrainian
    assert "Queue display board" in english
    assert "Табло черги" not in english
    assert "Табло черги" in client.get(PAGE).content.decode()


def test_the_whole_page_kept_ends_when_the_office_closes(client, office, window_1, time_machine):
    time_machine.move_to(NOW.replace(hour=16, minute=59, second=50), tick=False)
    assert "Зачинено до" not in client.get(PAGE).content.decode()

    time_machine.move_to(NOW.replace(hour=17, minute=0, second=5), tick=False)

    assert "Зачинено до" in client.get(PAGE).content.decode()


def test_a_registered_board_is_noted_as_seen_while_its_page_is_kept(
    client, office, window_1, now, time_machine
):
    """Anyone's board page is answered before the view; a registered board's, with its device
    cookie, still reaches it and is noted as seen."""
    from django.test import Client

    from vidhuk.queue.choices import DeviceKind
    from vidhuk.queue.devices import queue_device_register
    from vidhuk.queue.models import QueueDevice

    _device, code = queue_device_register(
        office=office, kind=DeviceKind.BOARD, label="Табло в залі", actor=None
    )
    assert client.post("/verbivka/queue/device/", {"code": code}).status_code == 302
    anyone = Client()
    later = NOW + dt.timedelta(minutes=5)
    time_machine.move_to(later, tick=False)
    assert anyone.get(PAGE)["X-Page-Cache"] == "miss"
    time_machine.move_to(later + dt.timedelta(seconds=1), tick=False)
    assert anyone.get(PAGE)["X-Page-Cache"] == "hit"

    shown = client.get(PAGE)

    assert shown.status_code == 200
    assert "Табло черги" in shown.content.decode()
    assert QueueDevice.objects.get().last_seen_at == later + dt.timedelta(seconds=1)
