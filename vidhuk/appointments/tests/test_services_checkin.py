"""The API the queue uses: check-in at the kiosk, the visit's outcome, the day's visits."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.selectors import appointments_due
from vidhuk.appointments.services.checkin import appointment_check_in, appointment_set_outcome
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory, WindowFactory
from vidhuk.core.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_check_in_with_the_code_typed_loosely_marks_the_visit_arrived(window):
    visit = AppointmentFactory(window=window, code="KM4T7Q", starts_at=at(MONDAY, 10))

    checked = appointment_check_in(office=window.office, code=" km4-t7q ", now=NOW)

    assert checked.pk == visit.pk
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.CHECKED_IN
    assert visit.checked_in_at == NOW


@pytest.mark.parametrize(
    ("case", "message_part"),
    [
        pytest.param("unknown", "Запису з кодом", id="unknown-code"),
        pytest.param("other_office", "до іншого офісу", id="other-office"),
        pytest.param("other_day", "на інший день", id="another-day"),
        pytest.param("cancelled", "скасовано", id="cancelled"),
        pytest.param("used", "уже відмітилися", id="already-checked-in"),
        pytest.param("empty", "Введіть код", id="empty"),
    ],
)
def test_check_in_refuses_with_a_clear_message_and_changes_nothing(window, case, message_part):
    starts_at = at(MONDAY.replace(day=3), 10) if case == "other_day" else at(MONDAY, 10)
    status = {
        "cancelled": AppointmentStatus.CANCELLED,
        "used": AppointmentStatus.CHECKED_IN,
    }.get(case, AppointmentStatus.BOOKED)
    visit = AppointmentFactory(window=window, code="KM4T7Q", starts_at=starts_at, status=status)
    kiosk_office = window.office
    if case == "other_office":
        kiosk_office = OfficeFactory(centre=window.centre)
    code = {"unknown": "XXXXXX", "empty": " - "}.get(case, "KM4T7Q")

    with pytest.raises(ValidationError) as error:
        appointment_check_in(office=kiosk_office, code=code, now=NOW)

    assert error.value.code == case
    assert message_part in error.value.messages[0]
    visit.refresh_from_db()
    assert visit.status == status
    assert visit.checked_in_at is None


def test_a_code_of_another_centre_is_unknown_here(window):
    foreign = WindowFactory()
    AppointmentFactory(window=foreign, code="KM4T7Q", starts_at=at(MONDAY, 10))

    with pytest.raises(ValidationError) as error:
        appointment_check_in(office=window.office, code="KM4T7Q", now=NOW)

    assert error.value.code == "unknown"


@pytest.mark.parametrize("outcome", [AppointmentStatus.SERVED, AppointmentStatus.NO_SHOW])
def test_the_queue_sets_the_outcome(window, outcome):
    visit = AppointmentFactory(window=window, status=AppointmentStatus.CHECKED_IN)

    appointment_set_outcome(appointment=visit, status=outcome)

    visit.refresh_from_db()
    assert visit.status == outcome


def test_no_outcome_for_a_cancelled_visit_or_an_unknown_status(window):
    cancelled = AppointmentFactory(window=window, status=AppointmentStatus.CANCELLED)
    booked = AppointmentFactory(window=window, starts_at=at(MONDAY, 11))

    with pytest.raises(ValidationError):
        appointment_set_outcome(appointment=cancelled, status=AppointmentStatus.SERVED)
    with pytest.raises(ValidationError):
        appointment_set_outcome(appointment=booked, status=AppointmentStatus.CANCELLED)

    cancelled.refresh_from_db()
    booked.refresh_from_db()
    assert (cancelled.status, booked.status) == ("cancelled", "booked")


@time_machine.travel(NOW, tick=False)
def test_appointments_due_lists_the_day_at_the_office_without_cancelled(window):
    late = AppointmentFactory(window=window, starts_at=at(MONDAY, 15))
    early = AppointmentFactory(window=window, starts_at=at(MONDAY, 9))
    AppointmentFactory(window=window, starts_at=at(MONDAY, 10), status=AppointmentStatus.CANCELLED)
    AppointmentFactory(window=window, starts_at=at(MONDAY.replace(day=3), 9))
    AppointmentFactory(window=WindowFactory(centre=window.centre), starts_at=at(MONDAY, 9))

    due = list(appointments_due(office=window.office, day=MONDAY))

    assert due == [early, late]
