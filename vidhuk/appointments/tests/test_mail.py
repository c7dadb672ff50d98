"""Mail through a real SMTP server: the confirmation with its .ics, the reminder, once each."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from icalendar import Calendar

from vidhuk.appointments.services.booking import appointment_book
from vidhuk.appointments.services.changes import appointment_cancel
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at

pytestmark = pytest.mark.django_db(transaction=True)


def test_confirmation_carries_code_link_and_calendar_file(smtp_mailbox, window):
    visit = appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(MONDAY, 10),
        name="Олена",
        email="olena@example.com",
        base_url="https://cnap.example/",
        now=NOW,
    )

    [message] = smtp_mailbox.messages
    assert smtp_mailbox.header(message, "To") == "olena@example.com"
    assert visit.code in smtp_mailbox.header(message, "Subject")
    text = smtp_mailbox.bodies(message)["text/plain"]
    assert f"https://cnap.example/{window.centre.slug}/booking/manage/?t=" in text
    [attachment] = [
        p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
    ]
    event = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(MONDAY, 10)


def test_no_mail_without_an_address_and_one_on_cancel(smtp_mailbox, window):
    appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(MONDAY, 10),
        name="Олена",
        phone="067 123 45 67",
        now=NOW,
    )
    assert smtp_mailbox.messages == []

    visit = appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(MONDAY, 11),
        name="Петро",
        email="petro@example.com",
        now=NOW,
    )
    appointment_cancel(appointment=visit, now=NOW)

    subjects = [smtp_mailbox.header(m, "Subject") for m in smtp_mailbox.messages]
    assert len(subjects) == 2
    assert "скасовано" in subjects[1]


def test_the_daily_command_reminds_tomorrows_visitors_once(smtp_mailbox, window):
    tomorrow = MONDAY + dt.timedelta(days=1)
    appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(tomorrow, 9),
        name="Олена",
        email="olena@example.com",
        now=NOW,
    )
    smtp_mailbox.messages.clear()

    with time_machine.travel(NOW + dt.timedelta(hours=10), tick=False):
        call_command("appointments_daily", "--base-url", "https://cnap.example")
        call_command("appointments_daily", "--base-url", "https://cnap.example")

    [reminder] = smtp_mailbox.messages
    assert "Нагадування: завтра о 09:00" in smtp_mailbox.header(reminder, "Subject")
    assert "https://cnap.example/" in smtp_mailbox.bodies(reminder)["text/plain"]
