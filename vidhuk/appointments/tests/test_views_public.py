"""The resident's booking pages, without JavaScript: plain GET choices and one POST."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.models import Appointment
from vidhuk.appointments.services.booking import appointment_link_token
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, centre, **kwargs):
    return reverse(f"appointments:{name}", kwargs={"centre_slug": centre.slug, **kwargs})


def contact_post(client, details_url, **data):
    page = client.get(details_url)
    form = page.context["form"]
    payload = {
        "submission_key": form.initial["submission_key"],
        "form_stamp": form.initial["form_stamp"],
        "name": "Олена",
        "phone": "067 123 45 67",
        "email": "",
    }
    payload.update(data)
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        return client.post(details_url, payload), payload


def test_the_steps_lead_from_service_to_a_booked_visit(client, centre, window):
    service, office = window.services.get(), window.office

    step = client.get(url("start", centre), {"service": service.pk})
    assert step.url == url("office", centre, service_id=service.pk)
    step = client.get(step.url, {"office": office.pk})
    assert step.url == url("day", centre, service_id=service.pk, office_id=office.pk)
    step = client.get(step.url, {"day": MONDAY.isoformat()})
    time_url = url("time", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02")
    assert step.url == time_url
    step = client.get(time_url, {"time": "1000"})
    details = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1000"
    )
    assert step.url == details
    response, _payload = contact_post(client, details)

    visit = Appointment.objects.get()
    assert visit.starts_at == at(MONDAY, 10)
    token = appointment_link_token(visit)
    assert response.url == url("manage", centre) + f"?t={token}&booked=1"
    page = client.get(response.url)
    assert visit.code in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"


def test_the_office_step_offers_only_offices_with_a_window(client, centre, window):
    from vidhuk.core.tests.factories import OfficeFactory

    OfficeFactory(centre=centre, name="Офіс без вікон")

    page = client.get(url("office", centre, service_id=window.services.get().pk))

    body = page.content.decode()
    assert window.office.name in body
    assert "Офіс без вікон" not in body


def test_no_choice_shows_an_error_summary(client, centre, window):
    page = client.get(url("start", centre), {"service": ""})

    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert "Оберіть послугу." in page.content.decode()


def test_a_taken_slot_says_so_and_offers_other_times(client, centre, window):
    service, office = window.services.get(), window.office
    details = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1000"
    )
    client.get(details)
    AppointmentFactory(window=window, service=service, starts_at=at(MONDAY, 10))

    response, _payload = contact_post(client, details)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Цей час щойно зайняли" in body
    assert "10:15" in body
    assert Appointment.objects.count() == 1


def test_a_double_submit_books_once(client, centre, window):
    service, office = window.services.get(), window.office
    details = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1000"
    )

    first, payload = contact_post(client, details)
    with time_machine.travel(NOW + dt.timedelta(seconds=31), tick=False):
        second = client.post(details, payload)

    assert first.url == second.url
    assert Appointment.objects.count() == 1


def test_over_the_booking_limit_the_form_comes_back_with_what_was_typed(
    client, centre, window, settings
):
    settings.VIDHUK_BOOKING_RATE_LIMIT = 1
    service, office = window.services.get(), window.office
    details = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1000"
    )
    later = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1100"
    )
    contact_post(client, details)

    response, _payload = contact_post(client, later, name="Ярина Коваль")

    body = response.content.decode()
    assert response.status_code == 429
    assert "надіслали забагато форм" in body
    assert 'value="Ярина Коваль"' in body
    assert Appointment.objects.count() == 1


def test_a_bad_phone_is_shown_at_the_field(client, centre, window):
    service, office = window.services.get(), window.office
    details = url(
        "details", centre, service_id=service.pk, office_id=office.pk, day="2026-03-02", time="1000"
    )

    response, _payload = contact_post(client, details, phone="123")

    assert "Введіть номер телефону повністю" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    "path_kwargs",
    [
        pytest.param({"service_id": 900001}, id="unknown-service"),
        pytest.param({"day": "2026-02-30"}, id="impossible-day"),
        pytest.param({"time": "2599"}, id="impossible-time"),
    ],
)
def test_unknown_choices_are_not_found(client, centre, window, path_kwargs):
    kwargs = {
        "service_id": window.services.get().pk,
        "office_id": window.office.pk,
        "day": "2026-03-02",
        "time": "1000",
    }
    kwargs.update(path_kwargs)

    assert client.get(url("details", centre, **kwargs)).status_code == 404


def test_a_past_day_is_refused_at_the_day_step(client, centre, window):
    kwargs = {"service_id": window.services.get().pk, "office_id": window.office.pk}

    page = client.get(url("time", centre, day="2026-02-27", **kwargs), follow=True)

    assert page.redirect_chain[-1][0].startswith(url("day", centre, **kwargs))
    body = page.content.decode()
    assert "govuk-error-summary" in body
    assert "Цей день уже минув." in body


def test_the_private_link_cancels_and_moves(client, centre, window):
    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10), link_salt="s" * 32
    )
    token = appointment_link_token(visit)
    from vidhuk.appointments.tokens import link_hash

    Appointment.objects.filter(pk=visit.pk).update(link_hash=link_hash(token))

    moved = client.post(url("move_time", centre), {"t": token, "day": "2026-03-03", "time": "0900"})
    visit.refresh_from_db()
    assert moved.status_code == 302
    assert visit.starts_at == at(MONDAY + dt.timedelta(days=1), 9)

    confirm = client.get(url("cancel", centre), {"t": token})
    assert "Скасувати візит?" in confirm.content.decode()
    client.post(url("cancel", centre), {"t": token})
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.CANCELLED


def test_a_wrong_link_is_not_found(client, centre, window):
    assert client.get(url("manage", centre), {"t": "not-a-real-token-at-all"}).status_code == 404
    assert client.get(url("manage", centre)).status_code == 404


def test_the_ics_file_parses_back(client, centre, window):
    from icalendar import Calendar

    from vidhuk.appointments.tokens import link_hash

    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10), link_salt="a" * 32
    )
    token = appointment_link_token(visit)
    Appointment.objects.filter(pk=visit.pk).update(link_hash=link_hash(token))

    response = client.post(url("ics", centre), {"t": token})

    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(MONDAY, 10)
    assert event.decoded("dtend") == at(MONDAY, 10, 15)
    assert visit.code in str(event.get("description"))
    assert "Олена" not in response.content.decode()
    assert token in str(event.get("url"))
