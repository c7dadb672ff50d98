import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vidhuk.core.selectors import office_list_for_centre, office_week
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture(autouse=True)
def _monday_morning():
    """Upcoming special days are read relative to today: pin today to Monday 23 Nov 2026."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 7, 0, tzinfo=KYIV), tick=False):
        yield


@pytest.fixture
def office(centre):
    office = OfficeFactory(centre=centre)
    for weekday in range(5):  # Monday to Friday, 08:00–12:00 and 13:00–17:00
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(12))
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(13), closes=dt.time(17))
    return office


def _fresh(office):
    return office_list_for_centre(centre=office.centre).get(pk=office.pk)


def test_week_lists_every_day_with_weekend_closed(office):
    week = office_week(office=_fresh(office))

    assert [day.is_closed for day in week] == [False] * 5 + [True, True]
    assert week[0].intervals == [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))]
