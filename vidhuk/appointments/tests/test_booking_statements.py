"""A booking's last step in a bounded number of SQL statements (issue 15, part 4).

The contact form's POST, through the view, in a real transaction (``transaction=True``: no test
savepoints; BEGIN and COMMIT are counted, as Django logs them), so the count is what a
resident's booking costs in production: the centre, the service with its settings, the office
with its windows and the rules, the rate limit with the form stamp (one statement), the
contact's lock row, the timetable, the lock on the windows, the visits holding them,
one INSERT and, after the COMMIT, the SMS with the private link queued as production queues
it (one INSERT into the database task queue; the test settings would run it at once). A refusal
(the time just taken) offers the day's other times from the one read of the visits that showed
the time held: no second timetable read, and no transaction at all when the time was already
held before the booking began (the usual case when many want one time).
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.appointments.models import Appointment
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.appointments.tests.test_views_public import url

pytestmark = pytest.mark.django_db(transaction=True)

BOOKING_STATEMENTS = 12  # BEGIN, COMMIT and the task's INSERT included (46 before issue 15)
# The centre, the rate limit with the stamp (one statement), the timetable (kept after a first
# read) and the visits, the rate limit given back (49 before issue 15, 11 before the refusal
# without a lock, 8 before the rate limit was taken with the stamp)
REFUSAL_STATEMENTS = 5


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _tasks_queued_as_in_production(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _details(centre, window, time: str) -> str:
    return url(
        "details",
        centre,
        service_id=window.services.get().pk,
        office_id=window.office.pk,
        day=MONDAY.isoformat(),
        time=time,
    )


def _filled(client, details: str, phone: str) -> dict[str, str]:
    form = client.get(details).context["form"]
    return {
        "submission_key": str(form.initial["submission_key"]),
        "form_stamp": form.initial["form_stamp"],
        "name": "Олена",
        "phone": phone,
        "email": "",
    }


def _post(client, details: str, payload: dict[str, str]):
    with (
        time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False),
        CaptureQueriesContext(connection) as captured,
    ):
        response = client.post(details, payload)
    return response, [query["sql"] for query in captured.captured_queries]


def test_a_booking_takes_a_bounded_number_of_statements(client, centre, window):
    details = _details(centre, window, "1000")
    payload = _filled(client, details, "067 123 45 67")

    response, statements = _post(client, details, payload)

    assert response.status_code == 302
    assert Appointment.objects.get().starts_at == at(MONDAY, 10)
    assert len(statements) <= BOOKING_STATEMENTS, "\n".join(statements)


def test_a_refusal_offers_other_times_without_reading_the_timetable_again(client, centre, window):
    details = _details(centre, window, "1000")
    payload = _filled(client, details, "067 123 45 67")
    AppointmentFactory(window=window, service=window.services.get(), starts_at=at(MONDAY, 10))

    response, statements = _post(client, details, payload)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Цей час щойно зайняли" in body
    assert "10:15" in body  # the next free time, offered at once
    assert len(statements) <= REFUSAL_STATEMENTS, "\n".join(statements)
    assert "BEGIN" not in statements  # nothing locked, nothing written
    timetable_reads = [s for s in statements if '"appointments_workinginterval"' in s]
    held_reads = [
        s for s in statements if s.startswith('SELECT "appointments_appointment"."window_id"')
    ]
    assert (len(timetable_reads), len(held_reads)) == (1, 1)


def test_a_second_booking_of_the_same_time_at_a_second_window_is_as_short(client, centre, window):
    from vidhuk.appointments.tests.factories import WindowFactory

    service = window.services.get()
    WindowFactory(centre=centre, office=window.office, number="2", services=[service])
    AppointmentFactory(window=window, service=service, starts_at=at(MONDAY, 10))
    details = _details(centre, window, "1000")
    payload = _filled(client, details, "067 765 43 21")

    response, statements = _post(client, details, payload)

    assert response.status_code == 302
    assert Appointment.objects.filter(starts_at=at(MONDAY, 10)).count() == 2
    assert len(statements) <= BOOKING_STATEMENTS, "\n".join(statements)


def test_the_centres_own_rules_read_with_the_office_still_hold(client, centre, window):
    """The rules come as subqueries of the windows' query now: the centre's notice holds."""
    from vidhuk.appointments.models import BookingPolicy

    BookingPolicy.objects.create(centre=centre, min_notice_minutes=180)
    details = _details(centre, window, "1000")  # 2 hours after NOW
    payload = _filled(client, details, "067 123 45 67")

    response, _statements = _post(client, details, payload)

    assert response.status_code == 200
    assert "не пізніше ніж за 180 хв" in response.content.decode()
    assert not Appointment.objects.exists()
