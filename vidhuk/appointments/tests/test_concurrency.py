"""No double booking, ever: 50 people press «Записатися» for one slot at the same moment.

Each booking runs in its own thread with its own PostgreSQL connection, all released together by
a barrier; exactly one gets the slot and the other 49 get the clear refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.models import Appointment
from vidhuk.appointments.services.booking import appointment_book
from vidhuk.appointments.services.slots import SlotTakenError
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at

BOOKERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bookings_of_one_slot_make_exactly_one(window):
    assert connection.vendor == "postgresql"
    service = window.services.get()
    barrier = threading.Barrier(BOOKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            appointment_book(
                centre=window.centre,
                office=window.office,
                service=service,
                starts_at=at(MONDAY, 10),
                name=f"Відвідувач {n}",
                phone=f"+38067{n:07d}",
                now=NOW,
            )
            outcome = "booked"
        except SlotTakenError as error:
            outcome = "refused" if "щойно зайняли" in error.messages[0] else "other"
        except ValidationError:
            outcome = "other"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(BOOKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes).count("booked") == 1
    assert sorted(outcomes).count("refused") == BOOKERS - 1
    holders = Appointment.objects.filter(
        window=window, starts_at=at(MONDAY, 10), status=AppointmentStatus.BOOKED
    )
    assert holders.count() == 1
