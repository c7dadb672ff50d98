"""A moved or cancelled visit tells the resident, through a real SMTP server, with a calendar file
that replaces (same UID, next SEQUENCE) or removes (METHOD:CANCEL) the event; a phone-only
booking gets its private link by SMS."""

import pytest
from icalendar import Calendar

from vidhuk.appointments.services.booking import appointment_book, appointment_link_token
from vidhuk.appointments.services.changes import appointment_cancel, appointment_move
from vidhuk.appointments.sms import appointment_send_link_sms
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at

pytestmark = pytest.mark.django_db(transaction=True)


def _book(window, **contact):
    return appointment_book(
        centre=window.centre,
        office=window.office,
        service=window.services.get(),
        starts_at=at(MONDAY, 10),
        name="Олена",
        base_url="https://cnap.example/",
        now=NOW,
        **contact,
    )


def _calendar(smtp_mailbox, message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    return calendar, calendar.walk("VEVENT")[0], part.get_param("method")


def test_a_moved_visit_sends_the_old_and_new_time_and_replaces_the_event(smtp_mailbox, window):
    visit = _book(window, email="olena@example.com")
    appointment_move(
        appointment=visit, starts_at=at(MONDAY, 15, 30), base_url="https://cnap.example/", now=NOW
    )

    confirmation, moved = smtp_mailbox.messages
    assert smtp_mailbox.header(moved, "Subject").startswith("Запис перенесено: 2 березня о 15:30")
    text = smtp_mailbox.bodies(moved)["text/plain"]
    assert "був 2 березня о 10:00, тепер — 2 березня о 15:30" in text
    assert "https://cnap.example/" in text
    assert "/booking/manage/?t=" in text
    _cal, first, _params = _calendar(smtp_mailbox, confirmation)
    calendar, event, _params = _calendar(smtp_mailbox, moved)
    assert str(event["uid"]) == str(first["uid"])
    assert int(event["sequence"]) == int(first["sequence"]) + 1
    assert event.decoded("dtstart") == at(MONDAY, 15, 30)
    assert str(calendar["method"]) == "PUBLISH"


def test_a_cancelled_visit_sends_a_calendar_file_that_removes_the_event(smtp_mailbox, window):
    visit = _book(window, email="olena@example.com")
    appointment_cancel(appointment=visit, now=NOW)

    confirmation, cancelled = smtp_mailbox.messages
    assert "скасовано" in smtp_mailbox.header(cancelled, "Subject")
    _cal, first, _params = _calendar(smtp_mailbox, confirmation)
    calendar, event, mime_method = _calendar(smtp_mailbox, cancelled)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(first["uid"])
    assert int(event["sequence"]) == int(first["sequence"]) + 1
    assert mime_method == "CANCEL"


def test_a_phone_only_booking_gets_its_private_link_by_sms(smtp_mailbox, window, sms_outbox):
    visit = _book(window, phone="067 123 45 67")

    [sms] = sms_outbox
    token = appointment_link_token(visit)
    assert sms.to == "+380671234567"
    assert f"https://cnap.example/{window.centre.slug}/booking/manage/?t={token}" in sms.body
    assert visit.code in sms.body
    assert "02.03 о 10:00" in sms.body
    assert smtp_mailbox.messages == []
    # Run again (a retried task): still one SMS.
    assert appointment_send_link_sms.call(visit.pk, "https://cnap.example/") is False
    assert len(sms_outbox) == 1


def test_a_booking_with_an_email_gets_no_sms(smtp_mailbox, window, sms_outbox):
    _book(window, phone="067 123 45 67", email="olena@example.com")

    assert sms_outbox == []
    assert len(smtp_mailbox.messages) == 1


def test_sms_switched_off_sends_nothing(smtp_mailbox, window, sms_outbox, settings):
    settings.VIDHUK_SMS_BACKEND = ""

    _book(window, phone="067 123 45 67")

    assert sms_outbox == []


def test_the_file_backend_writes_to_the_outbox(tmp_path, settings):
    from vidhuk.core.sms import sms_send

    settings.VIDHUK_SMS_BACKEND = "vidhuk.core.sms.FileBackend"
    settings.VIDHUK_SMS_FILE_PATH = tmp_path

    assert sms_send(to="+380671234567", body="Привіт")

    [written] = tmp_path.iterdir()
    assert written.read_text(encoding="utf-8") == "To: +380671234567\n\nПривіт\n"
