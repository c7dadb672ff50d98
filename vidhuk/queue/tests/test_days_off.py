"""Days off (the centre's calendar and national holidays): no tickets, the kiosk and the
wait times show the office closed; a working day of the calendar keeps the queue open."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from vidhuk.core.models import CalendarDay
from vidhuk.queue import services
from vidhuk.queue.choices import Purpose
from vidhuk.queue.models import Ticket
from vidhuk.queue.selectors.waits import wait_times_for_centre

from .factories import KYIV, NOW, booked

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    return dt.datetime.combine(day or NOW.date(), dt.time(hour, minute), tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_no_ticket_on_a_non_working_day_of_the_centre(centre, office, passport, now):
    CalendarDay.objects.create(centre=centre, date=NOW.date(), is_working_day=False)
    booked(office, service=passport, starts_at=_at(10, 15))

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    with pytest.raises(ValidationError):
        services.ticket_check_in(office=office, code="ACDEF3")

    assert refused.value.messages == [
        "Сьогодні центр не працює, талон не видано. Відкриється 3 березня о 08:00."
    ]
    assert Ticket.objects.count() == 0


def test_no_ticket_on_a_national_day_off(office, settings, time_machine):
    # With the holidays counted, Women's Day (Sunday 8 March 2026) moves its day off to Monday.
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False
    time_machine.move_to(_at(10, day=dt.date(2026, 3, 9)), tick=False)

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert refused.value.messages == [
        "Сьогодні святковий вихідний день, офіс не працює, талон не видано. "
        "Відкриється 10 березня о 08:00."
    ]
    assert Ticket.objects.count() == 0


def test_the_kiosk_and_the_wait_times_show_the_office_closed_on_a_centre_day_off(
    kiosk_client, centre, office, window_1, now
):
    CalendarDay.objects.create(centre=centre, date=NOW.date(), is_working_day=False)
    CalendarDay.objects.create(centre=centre, date=dt.date(2026, 3, 3), is_working_day=False)

    page = kiosk_client.get("/verbivka/queue/main/").content.decode()
    [wait] = wait_times_for_centre(centre=centre)

    assert "Сьогодні центр не працює, тож талони не видаються." in page
    assert "Відкриється 4 березня о 08:00." in page
    assert wait.is_open is False


def test_a_working_day_of_the_calendar_keeps_the_queue_open(centre, office, now):
    CalendarDay.objects.create(centre=centre, date=NOW.date(), is_working_day=True)

    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert ticket.code == "П-001"
