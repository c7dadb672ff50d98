"""A kiosk ticket in a bounded number of SQL statements, numbered without gaps (issue 15,
part 4): the number and the ticket's row are one statement, atomic on its own and the tap's
last (``vidhuk/queue/numbering.py``); a double tap is refused by the key's unique constraint and
rolled back whole, its number too."""

import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.queue import services
from vidhuk.queue.choices import Purpose
from vidhuk.queue.models import Ticket, TicketCounter

pytestmark = pytest.mark.django_db(transaction=True)

KIOSK = "/verbivka/queue/main/"
TICKET_STATEMENTS = 8


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_a_kiosk_ticket_takes_a_bounded_number_of_statements(
    kiosk_client, office, passport, window_1, now
):
    with CaptureQueriesContext(connection) as captured:
        response = kiosk_client.post(
            KIOSK,
            {
                "purpose": Purpose.SUBMIT,
                "service": passport.pk,
                "submission_key": str(uuid.uuid4()),
            },
        )

    statements = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 302
    assert Ticket.objects.get().code == "П-001"
    assert len(statements) <= TICKET_STATEMENTS, "\n".join(statements)
    assert not any("SAVEPOINT" in s for s in statements)
    assert not {"BEGIN", "COMMIT"} & set(statements)  # the numbering is committed as it ends
    assert statements[-1].startswith('WITH n AS (INSERT INTO "queue_ticketcounter"')


def test_a_double_tap_uses_no_number(kiosk_client, office, window_1, now):
    key = str(uuid.uuid4())
    kiosk_client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": key})
    again = kiosk_client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": key})
    kiosk_client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())})

    assert again.status_code == 302
    assert sorted(t.code for t in Ticket.objects.all()) == ["П-001", "П-002"]
    assert TicketCounter.objects.get().last_number == 2


def test_concurrent_double_taps_leave_no_gap_in_the_numbers(office, now):
    """Twelve taps at once, each pressed twice (six keys): six tickets, numbered 1 to 6."""
    keys = [uuid.uuid4() for _ in range(6)]
    barrier = threading.Barrier(12)
    codes, errors = [None] * 12, []

    def tap(index):
        try:
            barrier.wait()
            ticket = services.ticket_issue(
                office=office, purpose=Purpose.SUBMIT, submission_key=keys[index // 2]
            )
            codes[index] = ticket.code
        except Exception as error:  # noqa: BLE001 — reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(set(codes)) == [f"П-{n:03d}" for n in range(1, 7)]
    assert [codes[i] == codes[i + 1] for i in range(0, 12, 2)] == [True] * 6
    assert TicketCounter.objects.get().last_number == 6


# --- what a tap reads from the kept values (issue 15) ------------------------------------------


def _tap(kiosk_client, service=None):
    data = {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())}
    if service is not None:
        data["service"] = service.pk
    return kiosk_client.post(KIOSK, data)


def test_the_next_tap_reads_no_hours_days_or_services_list(
    kiosk_client, office, passport, window_1, now
):
    """The office with its hours, its special days and calendar, and the services its windows
    call (the form's choices and its check) are kept under the centre's page version: a tap
    after the first reads the device, takes the rate limit and writes the ticket."""
    _tap(kiosk_client, passport)

    with CaptureQueriesContext(connection) as captured:
        response = _tap(kiosk_client, passport)

    statements = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 302
    assert len(statements) <= 3, "\n".join(statements)
    assert not any("core_openinghours" in sql or "core_officeclosure" in sql for sql in statements)
    assert not any("appointments_window" in sql for sql in statements)
    assert not any("catalog_service" in sql for sql in statements)
    assert Ticket.objects.filter(service=passport).count() == 2


def test_a_service_taken_off_the_windows_is_refused_at_the_next_tap(
    kiosk_client, centre, office, passport, land, window_1, now
):
    from vidhuk.catalog.services import window_services_set

    window_services_set(centre=centre, window=window_1, services=[passport, land])
    assert _tap(kiosk_client, land).status_code == 302

    window_services_set(centre=centre, window=window_1, services=[passport])
    refused = _tap(kiosk_client, land)

    assert refused.status_code == 400
    assert Ticket.objects.filter(service=land).count() == 1


def test_a_closure_set_today_refuses_the_next_tap(kiosk_client, office, window_1, now):
    from vidhuk.core.services import office_closure_set

    assert _tap(kiosk_client).status_code == 302

    office_closure_set(office=office, date=now.date(), opens=None, closes=None, note="", actor=None)
    refused = _tap(kiosk_client)

    assert refused.status_code == 400
    assert "зачинено" in refused.content.decode().lower()
    assert Ticket.objects.count() == 1
