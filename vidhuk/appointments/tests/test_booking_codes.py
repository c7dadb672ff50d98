"""Confirmation codes: typed with Cyrillic look-alikes they read as Latin (check-in too), and
a code already taken in the centre is drawn again."""

import pytest

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.services import slots as booking_slots
from vidhuk.appointments.services.checkin import appointment_check_in
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.appointments.tests.test_services import book
from vidhuk.core.tokens import code_normalise

pytestmark = pytest.mark.django_db


# --- codes typed in Cyrillic ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("КМ4ТХQ", "KM4TXQ", id="cyrillic-capitals"),
        pytest.param("км4-тхq", "KM4TXQ", id="cyrillic-small-with-dash"),
        pytest.param("РАСЕНУ", "PACEHY", id="every-look-alike-in-the-alphabet"),
        pytest.param(" ac de f3 ", "ACDEF3", id="latin"),
    ],
)
def test_a_code_typed_with_cyrillic_look_alikes_reads_as_latin(typed, stored):
    assert code_normalise(typed) == stored


def test_a_visitor_checks_in_with_the_code_typed_on_a_ukrainian_keyboard(window):
    visit = AppointmentFactory(window=window, code="KM4TXQ", starts_at=at(MONDAY, 10))

    checked = appointment_check_in(office=window.office, code="км4тхq", now=NOW)

    assert checked.pk == visit.pk
    assert checked.status == AppointmentStatus.CHECKED_IN


# --- a confirmation code already taken ------------------------------------------------------


def test_a_code_already_taken_in_the_centre_is_drawn_again(window, monkeypatch):
    AppointmentFactory(window=window, code="KM4TXQ", starts_at=at(MONDAY, 15))
    # The code is random: these draws make the clash happen (the database is real).
    draws = iter(["KM4TXQ", "ACDEF3"])
    monkeypatch.setattr(booking_slots, "new_code", lambda: next(draws))

    visit = book(window, at(MONDAY, 10))

    assert visit.code == "ACDEF3"
    assert visit.status == AppointmentStatus.BOOKED
