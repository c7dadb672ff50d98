import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from vidhuk.appointments.tests.factories import WindowFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory

# Monday 2 March 2026, 08:00 in Kyiv: the office opens at 09:00.
MONDAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def service(centre):
    return ServiceFactory(centre=centre, name="Реєстрація місця проживання")


@pytest.fixture
def office(centre):
    office = OfficeFactory(centre=centre, name="Головний офіс", slug="main")
    for weekday in range(5):  # Monday to Friday 09–13 and 14–18, lunch break 13–14
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(9), closes=dt.time(13))
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(14), closes=dt.time(18))
    return office


@pytest.fixture
def window(centre, office, service):
    return WindowFactory(centre=centre, office=office, number="1", services=[service])
