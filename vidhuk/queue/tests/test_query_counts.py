"""The queue's busy pages run a bounded number of queries that does not grow with the rows:
the board's fragment (polled by every hall display every 2 s), the devices list and the public
list of offices with a queue (3 rows and 30 rows cost the same)."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.queue.choices import DeviceKind, TicketStatus
from vidhuk.queue.devices import queue_device_register

from .factories import NOW, TicketFactory, open_office, window

pytestmark = pytest.mark.usefixtures("now")
_window_numbers = itertools.count(1)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _calls(office, n: int) -> None:
    """n people called, each to a window of their own, and n more waiting."""
    for i in range(n):
        called_at = NOW - dt.timedelta(minutes=i)
        own_window = window(office, str(next(_window_numbers)))
        TicketFactory(
            office=office, status=TicketStatus.CALLED, window=own_window,
            called_at=called_at, last_called_at=called_at, call_count=1,
        )  # fmt: skip
        TicketFactory(office=office, status=TicketStatus.WAITING)


def test_the_board_fragment_does_not_grow_with_calls_or_windows(client, centre, office):
    url = f"/{centre.slug}/queue/{office.slug}/board/calls/"
    client.get(url)  # the office's hours for "open now", read once a day (the page cache)
    _calls(office, 3)
    few = _queries(client, url)
    _calls(office, 27)
    many = _queries(client, url)

    # 2 today: the office with its centre; the last calls, the windows and the waiting count in
    # one statement.
    assert many == few
    assert many <= 2


def test_the_devices_list_does_not_grow_with_devices(staff_client, centre, office):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/queue/devices/"

    def register(n: int) -> None:
        for i in range(n):
            queue_device_register(
                office=office, kind=DeviceKind.BOARD, label=f"Табло {i}", actor=None
            )

    register(3)
    few = _queries(client, url)
    register(27)
    many = _queries(client, url)

    # 5 today: sign-in checks and the devices with their offices in one query.
    assert many == few
    assert many <= 6


def test_the_public_queue_list_does_not_grow_with_offices(client, centre):
    url = f"/{centre.slug}/queue/"

    def offices(n: int) -> None:
        for _ in range(n):
            window(open_office(centre), "1")

    offices(3)
    client.get(url)  # caches warm
    few = _queries(client, url)
    offices(27)
    many = _queries(client, url)

    # 2 today: the centre and the offices that have a working window.
    assert many == few
    assert many <= 3


def test_the_window_choice_does_not_grow_with_windows(staff_client, centre, office, passport):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/queue/"

    def windows(n: int) -> None:
        for _ in range(n):
            window(open_office(centre), str(next(_window_numbers)), services=[passport])

    windows(3)
    few = _queries(client, url)
    windows(27)
    many = _queries(client, url)

    # 5 today: sign-in checks and the windows joined to their offices.
    assert many == few
    assert many <= 6


def test_the_board_page_does_not_grow_with_calls(client, centre, office):
    url = f"/{centre.slug}/queue/{office.slug}/board/"
    client.get(url)  # the office's hours, read once a day
    _calls(office, 3)
    few = _queries(client, url)
    _calls(office, 27)
    many = _queries(client, url)

    # 2 today, as the fragment (no device cookie here, so no device lookup).
    assert many == few
    assert many <= 2
