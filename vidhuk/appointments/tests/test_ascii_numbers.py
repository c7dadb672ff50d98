"""Numbers from a request are ASCII digits only (issue 10.9, found by fuzzing): «²²²²» passes
``isdigit()`` and breaks ``int()`` (a 500); Arabic-Indic «٣» and full-width «３» pass ``int()``
and would pick a record or a day nobody typed. Each place booking reads a number is tried."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from vidhuk.appointments.forms import (
    DayForm,
    PolicyForm,
    ServiceBookingForm,
    StaffFindForm,
    StaffMoveDayForm,
    WindowForm,
    parse_intervals,
)
from vidhuk.appointments.models import Appointment
from vidhuk.appointments.schedule import ScheduleData
from vidhuk.appointments.services.booking import appointment_link_token
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory, WindowFactory
from vidhuk.appointments.tokens import link_hash
from vidhuk.catalog.models import Service
from vidhuk.core.models import Office

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NOT_ASCII = ["²²²²", "1000".translate(ARABIC_INDIC), "1000".translate(FULL_WIDTH), "١٠:٠٠"]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, centre, **kwargs):
    return reverse(f"appointments:{name}", kwargs={"centre_slug": centre.slug, **kwargs})


@pytest.mark.parametrize("time", NOT_ASCII)
def test_a_time_in_other_digits_is_not_found_not_a_crash(client, window, time):
    kwargs = {"service_id": window.services.get().pk, "office_id": window.office.pk}

    response = client.get(url("details", window.centre, day="2026-03-02", time=time, **kwargs))

    assert response.status_code == 404


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
def test_a_service_or_office_named_in_other_digits_is_not_chosen(client, window, digits):
    service, office = window.services.get(), window.office

    by_service = client.get(
        url("start", window.centre), {"service": str(service.pk).translate(digits)}
    )
    by_office = client.get(
        url("office", window.centre, service_id=service.pk),
        {"office": str(office.pk).translate(digits)},
    )

    assert by_service.status_code == 200
    assert "Оберіть один із варіантів у списку." in by_service.content.decode()
    assert by_office.status_code == 200
    assert "Оберіть один із варіантів у списку." in by_office.content.decode()


@pytest.mark.parametrize("value", ["²²²²", "0900".translate(ARABIC_INDIC)])
def test_moving_to_a_time_in_other_digits_is_refused(client, window, value):
    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10), link_salt="c" * 32
    )
    token = appointment_link_token(visit)
    Appointment.objects.filter(pk=visit.pk).update(link_hash=link_hash(token))

    response = client.post(
        url("move_time", window.centre), {"t": token, "day": "2026-03-03", "time": value}
    )
    day = client.get(
        url("move_time", window.centre), {"t": token, "day": "2026-03-03".translate(FULL_WIDTH)}
    )

    assert response.status_code == 200
    assert "Оберіть один із варіантів у списку." in response.content.decode()
    assert day.status_code == 404
    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY, 10)


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
def test_staff_forms_take_ascii_digits_only(window, digits):
    centre = window.centre
    services, offices = Service.objects.filter(centre=centre), Office.objects.filter(centre=centre)
    day = "2026-03-02".translate(digits)
    office = str(window.office.pk).translate(digits)
    service = str(window.services.get().pk).translate(digits)
    forms = {
        "day": DayForm({"office": window.office.pk, "day": day}, offices=offices),
        "office": DayForm({"office": office, "day": "2026-03-02"}, offices=offices),
        "move": StaffMoveDayForm({"day": day}),
        "find": StaffFindForm(
            {"service": service, "office": window.office.pk, "day": "2026-03-02"},
            services=services,
            offices=offices,
        ),
        "window": WindowForm({"number": "2", "services": [service]}, services=services),
        "slot": ServiceBookingForm({"slot_minutes": "30".translate(digits)}),
        "policy": PolicyForm(
            {
                "horizon_days": "30".translate(digits),
                "min_notice_minutes": "60",
                "max_upcoming_per_contact": "2",
                "retention_days": "30",
            }
        ),
    }

    assert {name: form.is_valid() for name, form in forms.items()} == dict.fromkeys(forms, False)
    assert PolicyForm(
        {
            "horizon_days": "30",
            "min_notice_minutes": "60",
            "max_upcoming_per_contact": "2",
            "retention_days": "30",
        }
    ).is_valid()


@pytest.mark.parametrize("value", ["٠٩:٠٠–١٣:٠٠", "０９:００–１３:００", "09:00–1³:00"])
def test_a_weekly_template_in_other_digits_is_explained(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Запишіть час як"):
        parse_intervals(value)


def test_a_window_numbered_with_a_superscript_does_not_break_the_timetable(window):
    odd = WindowFactory(
        centre=window.centre, office=window.office, number="²", services=[window.services.get()]
    )

    data = ScheduleData.load(office=window.office, windows=[window, odd], first=MONDAY, last=MONDAY)
    slots = data.slots(day=MONDAY, slot_minutes=15, not_before=NOW + dt.timedelta(minutes=1))

    assert slots[0].window_ids == (window.pk, odd.pk)
