"""The events' iCalendar, read back with `icalendar`: /<centre>/events/calendar.ics and one
event's event.ics — stable UID, SEQUENCE that grows when the date or place moves,
STATUS:CANCELLED, times in Europe/Kyiv."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from vidhuk.communications.services.events import event_cancel, event_update

from .event_factories import KYIV, NOW, STARTS, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _events(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(item["UID"]): item for item in calendar.walk("VEVENT")}


def test_the_calendar_holds_every_event_in_kyiv_time(centre, other_centre):
    first = EventFactory(centre=centre)
    second = EventFactory(
        centre=centre,
        title="Робоча група з доступності",
        online_url="https://meet.example/x",
        place="",
    )  # noqa: E501
    EventFactory(centre=other_centre)

    calendar, events = _events("/verbivka/events/calendar.ics")

    assert set(events) == {first.uid, second.uid}
    item = events[first.uid]
    assert item.decoded("dtstart") == STARTS
    assert item["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert item.decoded("dtstart").tzinfo.key == KYIV.key
    assert str(item["SUMMARY"]) == "Громадські слухання щодо графіка роботи ЦНАП"
    assert str(item["LOCATION"]) == "Зала засідань, вул. Соборна, 1"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(events[second.uid]["LOCATION"]) == "https://meet.example/x"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]


def test_a_moved_event_keeps_its_uid_and_raises_its_sequence(centre):
    event = EventFactory(centre=centre)
    _calendar, before = _events(f"/verbivka/events/{event.pk}/event.ics")

    event_update(event=event, actor=None, data={"title": "Слухання (уточнено)"})
    _calendar, retitled = _events(f"/verbivka/events/{event.pk}/event.ics")
    later = STARTS + dt.timedelta(days=7)
    event_update(
        event=event, actor=None, data={"starts_at": later, "ends_at": later + dt.timedelta(hours=2)}
    )  # noqa: E501
    _calendar, moved = _events(f"/verbivka/events/{event.pk}/event.ics")

    assert list(before) == list(retitled) == list(moved) == [event.uid]
    assert before[event.uid]["SEQUENCE"] == 0
    assert retitled[event.uid]["SEQUENCE"] == 0
    assert moved[event.uid]["SEQUENCE"] == 1
    assert moved[event.uid].decoded("dtstart") == later


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(centre):
    event = EventFactory(centre=centre)

    event_cancel(event=event, actor=None)
    _calendar, events = _events("/verbivka/events/calendar.ics")

    assert str(events[event.uid]["STATUS"]) == "CANCELLED"
    assert events[event.uid]["SEQUENCE"] == 1


def test_another_centres_event_has_no_ics_here(centre, other_centre):
    foreign = EventFactory(centre=other_centre)

    response = Client().get(f"/verbivka/events/{foreign.pk}/event.ics")

    assert response.status_code == 404
