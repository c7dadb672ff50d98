"""Test data of the queue: an office open on weekdays, its windows, hand-made tickets."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from vidhuk.core.models import OpeningHours, Window
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket

KYIV = ZoneInfo("Europe/Kyiv")
# Monday 2 March 2026, 10:00 in Kyiv: the test office is open 08:00–17:00 on weekdays.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=KYIV)


def open_office(centre, **fields):
    office = OfficeFactory(centre=centre, **fields)
    for weekday in range(5):
        OpeningHours.objects.create(
            office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(17)
        )
    return office


def window(office, number="1", services=(), **fields):
    made = Window.objects.create(centre=office.centre, office=office, number=number, **fields)
    made.services.set(services)
    return made


_numbers = iter(range(1, 10**6))


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket as the services leave it; `at` minutes after 09:00 of `day`."""

    class Meta:
        model = Ticket

    office = None
    centre = factory.LazyAttribute(lambda t: t.office.centre)
    day = dt.date(2026, 3, 2)
    letter = "П"
    number = factory.LazyFunction(lambda: next(_numbers))
    purpose = Purpose.SUBMIT
    status = TicketStatus.WAITING
    issued_at = factory.LazyAttribute(lambda t: dt.datetime.combine(t.day, dt.time(9), tzinfo=KYIV))
    turn_at = factory.LazyAttribute(lambda t: t.issued_at)


def served(office, *, issued, wait, service_minutes, service=None, **fields):
    """A finished ticket: issued at `issued`, called `wait` minutes later, served for
    `service_minutes`."""
    called = issued + dt.timedelta(minutes=wait)
    return TicketFactory(
        office=office,
        day=issued.date(),
        issued_at=issued,
        turn_at=fields.pop("turn_at", issued),
        status=TicketStatus.DONE,
        outcome="served",
        called_at=called,
        last_called_at=called,
        call_count=1,
        finished_at=called + dt.timedelta(minutes=service_minutes),
        service=service,
        **fields,
    )


def booked(office, *, service, starts_at, code="ACDEF3", minutes=20, at_window=None):
    """A visit booked at the office, as the booking leaves it (status booked, a code)."""
    from vidhuk.appointments.models import Appointment

    return Appointment.objects.create(
        centre=office.centre,
        office=office,
        service=service,
        window=at_window or window(office, f"B{Appointment.objects.count() + 1}"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        code=code,
        name="Олена Коваленко",
        phone="+380671234567",
    )
