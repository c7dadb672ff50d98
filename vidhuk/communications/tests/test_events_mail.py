"""Events' mail through a real SMTP server: the confirmation with the registrant's link, the
promotion from the waitlist, and the reminder of `manage.py daily` sent once however often it
runs."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from vidhuk.communications.services.events import (
    RegistrationIntake,
    registration_cancel,
    registration_create,
)

from .event_factories import NOW, EventFactory

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "https://cnap.example"


def _register(event, name, email):
    intake = RegistrationIntake(name=name, email=email)
    return registration_create(event=event, intake=intake, base_url=BASE, now=NOW)


def test_confirmation_and_promotion_reach_the_registrants(smtp_mailbox, centre):
    event = EventFactory(centre=centre, capacity=1)
    holder = _register(event, "Оксана", "oksana@example.com")
    waiting = _register(event, "Петро", "petro@example.com")

    registration_cancel(registration=holder, base_url=BASE)

    confirmation, waitlisted, promoted = smtp_mailbox.messages
    assert smtp_mailbox.header(confirmation, "To") == "oksana@example.com"
    assert smtp_mailbox.header(confirmation, "Subject") == f"Ви зареєстровані: {event.title}"
    text = smtp_mailbox.bodies(confirmation)["text/plain"]
    assert "Добрий день, Оксана!" in text
    assert f"{BASE}/verbivka/events/{event.pk}/registration/?t={holder.token}" in text
    assert "10.03.2027 18:00" in text
    assert smtp_mailbox.header(waitlisted, "Subject") == f"Лист очікування: {event.title}"
    assert smtp_mailbox.header(promoted, "To") == "petro@example.com"
    assert smtp_mailbox.header(promoted, "Subject").startswith("Місце звільнилося")
    assert waiting.token in smtp_mailbox.bodies(promoted)["text/plain"]


def test_the_daily_run_reminds_once_the_day_before(smtp_mailbox, centre):
    event = EventFactory(centre=centre)  # 10 March, 18:00
    _register(event, "Оксана", "oksana@example.com")
    smtp_mailbox.messages.clear()

    with time_machine.travel(dt.datetime(2027, 3, 9, 7, 0, tzinfo=NOW.tzinfo), tick=False):
        for _run in range(2):
            call_command("daily", "--only", "communications_event_reminders", "--base-url", BASE)

    [reminder] = smtp_mailbox.messages
    assert smtp_mailbox.header(reminder, "Subject") == f"Нагадування: завтра {event.title}"
    text = smtp_mailbox.bodies(reminder)["text/plain"]
    assert "Якщо не зможете прийти, скасуйте реєстрацію" in text
    assert f"{BASE}/verbivka/events/{event.pk}/registration/?t=" in text
