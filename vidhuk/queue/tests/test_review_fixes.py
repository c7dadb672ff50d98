"""Fixes of the review: late booked visitors, services no window handles, repeated check-ins,
days off, booked no-shows in the figures."""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import CalendarDay
from vidhuk.queue import services
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.queue.selectors.tickets import kiosk_services, services_handled_at
from vidhuk.queue.selectors.waits import wait_times_for_centre

from .factories import KYIV, NOW, booked, open_office, window

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    return dt.datetime.combine(day or NOW.date(), dt.time(hour, minute), tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


# --- a booked visitor who comes late --------------------------------------------------------


def test_a_visitor_hours_late_gets_a_walk_in_place_not_the_head_of_the_line(
    office, passport, window_1, time_machine
):
    time_machine.move_to(_at(10), tick=False)
    walk_in = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    booked(office, service=passport, starts_at=_at(9))
    time_machine.move_to(_at(15), tick=False)

    late = services.ticket_check_in(office=office, code="ACDEF3")

    assert (late.code, late.is_booked, late.turn_at) == ("П-002", False, _at(15))
    assert late.appointment.status == AppointmentStatus.CHECKED_IN
    assert services.ticket_call_next(window=window_1) == walk_in


@pytest.mark.parametrize(
    ("arrives", "turn_at"),
    [
        pytest.param(_at(9, 40), _at(10), id="early"),
        pytest.param(_at(10, 15), _at(10), id="at-the-end-of-the-grace"),
    ],
)
def test_a_visitor_early_or_within_the_grace_keeps_the_booked_place(
    office, passport, time_machine, arrives, turn_at
):
    booked(office, service=passport, starts_at=_at(10))
    time_machine.move_to(arrives, tick=False)

    ticket = services.ticket_check_in(office=office, code="ACDEF3")

    assert (ticket.code, ticket.is_booked, ticket.turn_at) == ("З-001", True, turn_at)


def test_the_ticket_page_tells_a_late_visitor_why_they_wait_in_the_general_line(
    kiosk_client, office, passport, time_machine
):
    booked(office, service=passport, starts_at=_at(9))
    time_machine.move_to(_at(9, 16), tick=False)

    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": "acdef3", "submission_key": str(uuid.uuid4())}
    )
    page = kiosk_client.get(response["Location"]).content.decode()

    assert "Ви запізнилися на запис, тому отримали місце в загальній черзі." in page
    assert "Вас було записано на 09:00." in page
    assert '<span class="vd-kiosk-ticket__code">П-001</span>' in page


def test_an_on_time_ticket_page_says_nothing_about_being_late(kiosk_client, office, passport, now):
    booked(office, service=passport, starts_at=_at(10))

    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": "acdef3", "submission_key": str(uuid.uuid4())}
    )
    page = kiosk_client.get(response["Location"]).content.decode()

    assert "запізнилися" not in page


# --- the code typed again -------------------------------------------------------------------


def test_the_code_typed_again_gives_back_the_same_ticket(office, passport, now):
    booked(office, service=passport, starts_at=_at(10, 15))
    first = services.ticket_check_in(office=office, code="ACDEF3", submission_key=uuid.uuid4())

    again = services.ticket_check_in(office=office, code="acd ef3", submission_key=uuid.uuid4())

    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_a_code_used_on_another_day_is_still_refused(office, passport, now):
    visit = booked(office, service=passport, starts_at=_at(10, 15))
    visit.status = AppointmentStatus.SERVED
    visit.save()

    with pytest.raises(ValidationError, match="За цим кодом уже відмітилися."):
        services.ticket_check_in(office=office, code="ACDEF3")

    assert Ticket.objects.count() == 0


# --- only services a window will call ---------------------------------------------------------


def test_the_kiosk_lists_only_services_a_window_handles(
    kiosk_client, centre, office, passport, land
):
    window(office, "1", services=[passport])
    window(office, "2", services=[land], is_active=False)

    page = kiosk_client.get("/verbivka/queue/main/", {"purpose": "submit"}).content.decode()

    assert passport.name in page
    assert land.name not in page
    assert list(kiosk_services(office=office)) == [passport]


def test_a_window_for_everything_offers_the_services_the_catalogue_lists_here(
    centre, office, passport, land, window_1
):
    elsewhere = ServiceFactory(centre=centre, name="Послуга іншого офісу")
    elsewhere.offices.add(open_office(centre, slug="other"))

    assert list(kiosk_services(office=office)) == [land, passport]
    assert elsewhere in services_handled_at(office=office)


def test_a_ticket_for_a_service_no_window_handles_is_refused(office, passport, land, now):
    window(office, "1", services=[passport])

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=land)

    assert refused.value.message_dict == {"service": ["Цю послугу в цьому офісі не надають."]}
    assert Ticket.objects.count() == 0


def test_a_transfer_to_a_service_no_window_handles_is_refused_and_changes_nothing(
    centre, office, passport, land, now
):
    window_1 = window(office, "1", services=[passport])
    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    services.ticket_call_next(window=window_1)

    with pytest.raises(ValidationError) as refused:
        services.ticket_transfer(ticket=ticket, window=window_1, to_service=land)

    assert "не обслуговує жодне працююче вікно" in refused.value.message_dict["to_service"][0]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.service, ticket.window) == (
        TicketStatus.CALLED,
        passport,
        window_1,
    )
    assert list(services_handled_at(office=office)) == [passport]


def test_a_transfer_to_a_service_another_window_handles_keeps_the_place(
    office, passport, land, now
):
    window_1 = window(office, "1", services=[passport])
    window_2 = window(office, "2", services=[land])
    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    services.ticket_call_next(window=window_1)

    services.ticket_transfer(ticket=ticket, window=window_1, to_service=land)

    assert services.ticket_call_next(window=window_2) == ticket


# --- days off -------------------------------------------------------------------------------


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


# --- booked visitors who never came in the figures ------------------------------------------


def test_the_figures_show_booked_visitors_who_never_came(staff_client, office, passport, now):
    from vidhuk.accounts.choices import Role
    from vidhuk.appointments.services.checkin import appointments_mark_no_shows

    head, _membership = staff_client(Role.HEAD)
    friday = dt.date(2026, 2, 27)
    booked(office, service=passport, starts_at=_at(9, day=friday), code="ACDEF3")
    booked(office, service=passport, starts_at=_at(10, day=friday), code="KM4TXQ")
    services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    appointments_mark_no_shows()

    response = head.get(
        "/staff/verbivka/queue/figures/", {"date_from": "2026-02-23", "date_to": "2026-03-02"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<dt class="govuk-summary-list__key">Записані, що не прийшли</dt>'
        '<dd class="govuk-summary-list__value">2</dd>'
    ) in page
