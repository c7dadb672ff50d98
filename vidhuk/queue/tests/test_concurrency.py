"""On PostgreSQL, under real concurrency: numbers are never given twice and two operators
pressing "call next" at the same moment never get the same ticket."""

import threading
from collections import Counter

import pytest
from django.db import connection

from vidhuk.queue import services
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket

from .factories import TicketFactory, window

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(count, work):
    """Run `work(i)` in `count` threads released together; return their results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 — reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_kiosks_never_give_a_number_twice(office, now):
    results, errors = _in_threads(
        12, lambda _i: services.ticket_issue(office=office, purpose=Purpose.SUBMIT).code
    )

    assert errors == []
    assert sorted(results) == [f"П-{n:03d}" for n in range(1, 13)]


def test_two_operators_calling_at_once_never_get_the_same_ticket(office, now):
    windows = [window(office, str(n)) for n in range(1, 9)]
    for minute in range(5):
        TicketFactory(office=office, number=minute + 1)

    results, errors = _in_threads(8, lambda i: services.ticket_call_next(window=windows[i]))

    called = [ticket.pk for ticket in results if ticket is not None]
    assert errors == []
    assert len(called) == 5
    assert Counter(called).most_common(1)[0][1] == 1
    assert Ticket.objects.filter(status=TicketStatus.CALLED).count() == 5
    assert results.count(None) == 3
