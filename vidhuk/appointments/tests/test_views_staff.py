"""The back office: a day's visits, booking for a caller, moving, cancelling, schedules."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.appointments.choices import AppointmentStatus, BookingChannel
from vidhuk.appointments.models import Appointment, ServiceBooking, WorkingInterval
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.core.models import AuditEvent, Window

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, centre, *args):
    return reverse(f"appointments_staff:{name}", args=[centre.slug, *args])


def test_the_day_shows_the_visits_and_audits_the_view(
    staff_client, centre, window, django_assert_max_num_queries
):
    client, _m = staff_client(Role.ADMINISTRATOR)
    for hour in range(9, 13):
        AppointmentFactory(
            window=window,
            service=window.services.get(),
            starts_at=at(MONDAY, hour),
            name=f"Відвідувач {hour}",
        )

    with django_assert_max_num_queries(14):
        page = client.get(url("day", centre), {"office": window.office.pk, "day": "2026-03-02"})

    body = page.content.decode()
    assert "Відвідувач 9" in body
    assert "Відвідувач 12" in body
    assert AuditEvent.objects.filter(object_type="appointments.day", action="view").count() == 1


def test_staff_book_for_a_caller_beyond_the_online_notice(staff_client, centre, window):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    query = f"?service={window.services.get().pk}&office={window.office.pk}&day=2026-03-02"
    page = client.get(url("book", centre) + query)
    assert "08:00" not in page.content.decode()
    assert 'value="0900"' in page.content.decode()

    response = client.post(
        url("book", centre) + query,
        {
            "submission_key": page.context["form"].initial["submission_key"],
            "time": "0900",
            "name": "Петро",
            "phone": "050 765 43 21",
        },
    )

    visit = Appointment.objects.get()
    assert response.url == url("detail", centre, visit.pk)
    assert (visit.channel, visit.booked_by, visit.starts_at) == (
        BookingChannel.STAFF,
        membership.user,
        at(MONDAY, 9),
    )


def test_the_visit_page_is_audited_and_cancel_frees_it(staff_client, centre, window):
    client, _m = staff_client(Role.ADMINISTRATOR)
    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10)
    )

    page = client.get(url("detail", centre, visit.pk))
    client.post(url("cancel", centre, visit.pk))

    assert visit.name in page.content.decode()
    assert AuditEvent.objects.filter(object_id=str(visit.pk), action="view").exists()
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.CANCELLED


def test_staff_move_a_visit(staff_client, centre, window):
    client, _m = staff_client(Role.ADMINISTRATOR)
    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10)
    )

    client.post(url("move", centre, visit.pk) + "?day=2026-03-03", {"time": "1430"})

    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY + dt.timedelta(days=1), 14, 30)


def test_without_the_capability_nothing_is_shown_or_changed(staff_client, centre, window):
    client, _m = staff_client(Role.ANALYST)
    visit = AppointmentFactory(
        window=window, service=window.services.get(), starts_at=at(MONDAY, 10)
    )

    assert client.get(url("detail", centre, visit.pk)).status_code == 403
    assert client.post(url("cancel", centre, visit.pk)).status_code == 403
    assert client.post(url("policy", centre), {"horizon_days": 5}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.BOOKED


def test_schedules_windows_templates_and_slot_lengths(staff_client, centre, window):
    client, _m = staff_client(Role.ADMINISTRATOR)
    service = window.services.get()

    created = client.post(
        url("window_create", centre, window.office.pk),
        {
            "number": "2",
            "label": "Паспорти",
            "services": [service.pk],
            "is_active": "on",
            "week-day_0": "09:00–12:00, 13:00-15:30",
            **{f"week-day_{d}": "" for d in range(1, 7)},
        },
    )
    client.post(
        url("service_edit", centre, service.pk), {"slot_minutes": "20", "is_bookable_online": "on"}
    )
    client.post(
        url("office", centre, window.office.pk),
        {"day_0": "10:00-11:00", **{f"day_{d}": "" for d in range(1, 7)}},
    )

    assert created.status_code == 302
    second = Window.objects.get(number="2")
    assert list(second.services.all()) == [service]
    assert [str(i) for i in WorkingInterval.objects.filter(window=second)] == [
        "Понеділок 09:00–12:00",
        "Понеділок 13:00–15:30",
    ]
    assert ServiceBooking.objects.get(service=service).slot_minutes == 20
    assert WorkingInterval.objects.filter(window__isnull=True, office=window.office).count() == 1


def test_a_bad_template_is_explained_and_nothing_saved(staff_client, centre, window):
    client, _m = staff_client(Role.ADMINISTRATOR)

    page = client.post(
        url("office", centre, window.office.pk),
        {"day_0": "9 to 5", **{f"day_{d}": "" for d in range(1, 7)}},
    )

    assert "Запишіть час як" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()
    assert not WorkingInterval.objects.exists()


def test_the_same_window_number_twice_is_refused(staff_client, centre, window):
    client, _m = staff_client(Role.ADMINISTRATOR)

    page = client.post(
        url("window_create", centre, window.office.pk),
        {"number": "1", "is_active": "on", **{f"week-day_{d}": "" for d in range(7)}},
    )

    assert "Вікно з таким номером уже є" in page.content.decode()
    assert Window.objects.count() == 1


@pytest.mark.parametrize("name", ["day", "book", "schedules", "services", "policy"])
def test_pages_open(staff_client, centre, window, name):
    client, _m = staff_client(Role.HEAD)

    assert client.get(url(name, centre)).status_code == 200
