"""Plain-text mail as the resident reads it, and the calendar file's time zone."""

import pytest
from icalendar import Calendar

from vidhuk.appointments.mail import appointment_ics
from vidhuk.appointments.services.booking import appointment_book
from vidhuk.appointments.services.changes import appointment_cancel
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = 'вул. Шевченка, 1 (ТЦ "Центр" & ЦНАП)'


def test_plain_text_mail_keeps_apostrophes_quotes_and_ampersands(smtp_mailbox, window):
    window.office.address = ADDRESS
    window.office.save()
    window.centre.name = "ЦНАП «Мар'їнська громада»"
    window.centre.save()

    visit = appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(MONDAY, 10),
        name="Мар'яна О'Коннор",
        email="maryana@example.com",
        now=NOW,
    )
    appointment_cancel(appointment=visit, now=NOW)

    confirmation, cancellation = smtp_mailbox.messages
    for message in (confirmation, cancellation):
        text = smtp_mailbox.bodies(message)["text/plain"]
        assert "Добрий день, Мар'яна О'Коннор!" in text
        assert ADDRESS in text
        assert "ЦНАП «Мар'їнська громада»" in text
        assert "&#x27;" not in text
        assert "&amp;" not in text
        assert "&quot;" not in text
    html = smtp_mailbox.bodies(confirmation)["text/html"]
    assert "Мар&#x27;яна" in html  # the HTML part stays escaped


def test_the_calendar_file_carries_the_kyiv_time_zone(window):
    visit = AppointmentFactory(window=window, starts_at=at(MONDAY, 10), code="KM4TXQ")

    calendar = Calendar.from_ical(appointment_ics(appointment=visit, link="https://x.example/v"))

    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Kyiv"
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert event.decoded("dtstart") == at(MONDAY, 10)
    description = str(event["DESCRIPTION"])
    assert "Код підтвердження: KM4TXQ" in description
    assert "Скасувати чи перенести: https://x.example/v" in description
