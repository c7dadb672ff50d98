"""The booking demo loader (vidhuk.demo.appointments), used by the booking browser tests and by
seed_demo: windows for every office, slot lengths, a few visits — and a second run changes
nothing."""

import datetime as dt

import pytest

from vidhuk.appointments.models import Appointment, ServiceBooking
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import Window
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory, OpeningHoursFactory
from vidhuk.demo.appointments import seed_appointments


@pytest.mark.django_db
def test_seed_appointments_is_idempotent():
    centre = CentreFactory()
    office = OfficeFactory(centre=centre, slug="main")
    for weekday in range(7):
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(20))
    service = ServiceFactory(centre=centre)
    service.offices.add(office)

    booked = seed_appointments(centre)
    again = seed_appointments(centre)

    assert booked >= 1
    assert again == 0
    assert Window.objects.filter(office=office).count() == 3  # the main office has three
    assert ServiceBooking.objects.filter(service=service).count() == 1
    assert Appointment.objects.filter(centre=centre).count() == booked
