"""Seats are held by the database: 200 residents press «Зареєструватися» at the same moment for
an event of 50 seats. Each registration runs in its own thread with its own PostgreSQL
connection, all released together by a barrier; exactly 50 are confirmed, 150 waitlisted."""

import threading

import pytest
import time_machine
from django.db import connection, connections

from vidhuk.communications.models import RegistrationState
from vidhuk.communications.services.events import RegistrationIntake, registration_create

from .event_factories import NOW, EventFactory

REGISTRANTS = 200
SEATS = 50


@pytest.mark.django_db(transaction=True)
def test_two_hundred_at_once_for_fifty_seats(centre):
    assert connection.vendor == "postgresql"
    event = EventFactory(centre=centre, capacity=SEATS)
    barrier = threading.Barrier(REGISTRANTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            registration = registration_create(
                event=event,
                intake=RegistrationIntake(name=f"Мешканець {n}", phone=f"+38067{n:07d}"),
                now=NOW,
            )
            outcome = str(registration.state)
        except Exception as error:  # noqa: BLE001 — any failure is counted, not hidden
            outcome = f"error: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    with time_machine.travel(NOW, tick=False):
        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(REGISTRANTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert outcomes.count(RegistrationState.CONFIRMED) == SEATS
    assert outcomes.count(RegistrationState.WAITLISTED) == REGISTRANTS - SEATS
    stored = event.registrations
    assert stored.filter(state=RegistrationState.CONFIRMED).count() == SEATS
    assert stored.filter(state=RegistrationState.WAITLISTED).count() == REGISTRANTS - SEATS
