"""Checking in with a booking code at the kiosk: a visitor who comes late waits in the general
line, one early or within the grace keeps the booked place, the code typed again gives back the same
ticket."""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.queue import services
from vidhuk.queue.choices import Purpose
from vidhuk.queue.models import Ticket

from .factories import KYIV, NOW, booked

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    return dt.datetime.combine(day or NOW.date(), dt.time(hour, minute), tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


# --- a booked visitor who comes late --------------------------------------------------------


def test_a_visitor_hours_late_gets_a_walk_in_place_not_the_head_of_the_line(
    office, passport, window_1, time_machine
):
    time_machine.move_to(_at(10), tick=False)
    walk_in = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    booked(office, service=passport, starts_at=_at(9))
    time_machine.move_to(_at(15), tick=False)

    late = services.ticket_check_in(office=office, code="ACDEF3")

    assert (late.code, late.is_booked, late.turn_at) == ("П-002", False, _at(15))
    assert late.appointment.status == AppointmentStatus.CHECKED_IN
    assert services.ticket_call_next(window=window_1) == walk_in


@pytest.mark.parametrize(
    ("arrives", "turn_at"),
    [
        pytest.param(_at(9, 40), _at(10), id="early"),
        pytest.param(_at(10, 15), _at(10), id="at-the-end-of-the-grace"),
    ],
)
def test_a_visitor_early_or_within_the_grace_keeps_the_booked_place(
    office, passport, time_machine, arrives, turn_at
):
    booked(office, service=passport, starts_at=_at(10))
    time_machine.move_to(arrives, tick=False)

    ticket = services.ticket_check_in(office=office, code="ACDEF3")

    assert (ticket.code, ticket.is_booked, ticket.turn_at) == ("З-001", True, turn_at)


def test_the_ticket_page_tells_a_late_visitor_why_they_wait_in_the_general_line(
    kiosk_client, office, passport, time_machine
):
    booked(office, service=passport, starts_at=_at(9))
    time_machine.move_to(_at(9, 16), tick=False)

    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": "acdef3", "submission_key": str(uuid.uuid4())}
    )
    page = kiosk_client.get(response["Location"]).content.decode()

    assert "Ви запізнилися на запис, тому отримали місце в загальній черзі." in page
    assert "Вас було записано на 09:00." in page
    assert '<span class="vd-kiosk-ticket__code">П-001</span>' in page


def test_an_on_time_ticket_page_says_nothing_about_being_late(kiosk_client, office, passport, now):
    booked(office, service=passport, starts_at=_at(10))

    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": "acdef3", "submission_key": str(uuid.uuid4())}
    )
    page = kiosk_client.get(response["Location"]).content.decode()

    assert "запізнилися" not in page


# --- the code typed again -------------------------------------------------------------------


def test_the_code_typed_again_gives_back_the_same_ticket(office, passport, now):
    booked(office, service=passport, starts_at=_at(10, 15))
    first = services.ticket_check_in(office=office, code="ACDEF3", submission_key=uuid.uuid4())

    again = services.ticket_check_in(office=office, code="acd ef3", submission_key=uuid.uuid4())

    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_a_code_used_on_another_day_is_still_refused(office, passport, now):
    visit = booked(office, service=passport, starts_at=_at(10, 15))
    visit.status = AppointmentStatus.SERVED
    visit.save()

    with pytest.raises(ValidationError, match="За цим кодом уже відмітилися."):
        services.ticket_check_in(office=office, code="ACDEF3")

    assert Ticket.objects.count() == 0
