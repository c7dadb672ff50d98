"""Per-contact lock rows: the rows no upcoming visit uses are deleted."""

import pytest

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.contacts import contact_key
from vidhuk.appointments.models import Appointment, BookingContact
from vidhuk.appointments.services.retention import appointments_anonymise_expired
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.test_services import book

pytestmark = pytest.mark.django_db


def test_contact_rows_no_upcoming_visit_uses_are_deleted(window):
    kept = book(window, at(MONDAY, 10), phone="067 111 11 11")
    book(window, at(MONDAY, 11), phone="067 222 22 22", email="petro@example.com")
    Appointment.objects.filter(phone="+380672222222").update(status=AppointmentStatus.CANCELLED)

    appointments_anonymise_expired(now=NOW)

    assert list(BookingContact.objects.values_list("key", flat=True)) == [kept.phone_key]
    assert kept.phone_key == contact_key("+380671111111")
