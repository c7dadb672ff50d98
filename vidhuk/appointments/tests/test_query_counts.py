"""The schedule pages run a bounded number of queries that does not grow with the offices,
windows and services they list (3 rows and 30 rows cost the same)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.appointments.models import ServiceBooking
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory

from .factories import AppointmentFactory, WindowFactory, WorkingIntervalFactory

_numbers = itertools.count(1)
MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _offices(centre, n):
    """n offices, each with a window serving a service of its own and working hours."""
    for _ in range(n):
        office = OfficeFactory(centre=centre)
        window = WindowFactory(centre=centre, office=office, number=str(next(_numbers)))
        window.services.add(ServiceFactory(centre=centre))
        WorkingIntervalFactory(office=office, window=window)


def test_the_schedules_overview_does_not_grow_with_offices_and_windows(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/appointments/schedules/"
    _offices(centre, 3)
    few = _queries(client, url)
    _offices(centre, 27)
    many = _queries(client, url)

    # 8 today: sign-in checks, the offices, the windows with their services (one prefetch), the
    # booking rules.
    assert many == few
    assert many <= 9


def _services(centre, n):
    for i in range(n):
        service = ServiceFactory(centre=centre)
        if i % 2:
            ServiceBooking.objects.create(centre=centre, service=service, slot_minutes=30)


def test_the_booking_settings_list_does_not_grow_with_services(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/appointments/schedules/services/"
    _services(centre, 3)
    few = _queries(client, url)
    _services(centre, 27)
    many = _queries(client, url)

    # 6 today: sign-in checks, the services, every booking setting of the centre in one query.
    assert many == few
    assert many <= 7


def _bookable(centre, n):
    """n published services, each in a category of its own, served at a window."""
    for _ in range(n):
        window = WindowFactory(centre=centre, number=str(next(_numbers)))
        window.services.add(
            ServiceFactory(
                centre=centre, is_published=True, category=CategoryFactory(centre=centre)
            )
        )


def test_the_public_service_choice_does_not_grow_with_services(client, centre, settings):
    settings.VIDHUK_PAGE_CACHE_SECONDS = 0  # what rendering the page costs, not a page hit
    url = f"/{centre.slug}/booking/"
    _bookable(centre, 3)
    client.get(url)  # caches warm
    few = _queries(client, url)
    _bookable(centre, 27)
    many = _queries(client, url)

    # 3 today: the centre and the bookable services joined to their categories.
    assert many == few
    assert many <= 4


def test_the_day_of_visits_does_not_grow_with_visits(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    office = OfficeFactory(centre=centre)
    url = f"/staff/{centre.slug}/appointments/?office={office.pk}&day=2026-03-02"
    starts = (MONDAY_9 + dt.timedelta(minutes=15 * i) for i in itertools.count())

    def visits(n):
        """n visits, each at a window of its own for a service of its own."""
        for _ in range(n):
            window = WindowFactory(centre=centre, office=office, number=str(next(_numbers)))
            AppointmentFactory(window=window, starts_at=next(starts))

    visits(3)
    few = _queries(client, url)
    visits(27)
    many = _queries(client, url)

    # 10 today: sign-in checks, the offices for the filter, the page count, one page of
    # visits joined to window and service, the audit record of who looked at the names.
    assert many == few
    assert many <= 11
