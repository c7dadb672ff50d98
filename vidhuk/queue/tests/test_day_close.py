"""The end of a day: tickets left waiting or called are closed as unserved, by the daily job or,
should it not run, in the figures, the console and the ticket page."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from vidhuk.accounts.choices import Role
from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.core.choices import Weekday
from vidhuk.queue import services
from vidhuk.queue.choices import Outcome, Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.queue.references import ticket_reference
from vidhuk.queue.selectors.console import window_console
from vidhuk.queue.selectors.figures import queue_figures

from .factories import KYIV, NOW, booked

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 2, 27)
BASE = "/staff/verbivka/queue/"


def _friday(hour, minute=0):
    return dt.datetime.combine(FRIDAY, dt.time(hour, minute), tzinfo=KYIV)


@pytest.fixture
def friday_left_open(office, passport, window_1, window_2, time_machine):
    """Friday at the main office, all issued at 09:00: П-001 called at 09:10 and served until
    09:25, П-002 called at 09:25 and not come, П-003 called to window 1 at 16:50 and never
    finished, П-004 and П-005 still waiting at closing. Then the clock moves to Monday 10:00."""
    time_machine.move_to(_friday(9), tick=False)
    tickets = {
        name: services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
        for name in ("served", "no_show", "called", "waiting_1", "waiting_2")
    }
    time_machine.move_to(_friday(9, 10), tick=False)
    services.ticket_call_next(window=window_2)
    time_machine.move_to(_friday(9, 25), tick=False)
    services.ticket_finish(
        ticket=tickets["served"], window=window_2, outcome=Outcome.SERVED, actor=None
    )
    services.ticket_call_next(window=window_2)
    services.ticket_mark_no_show(ticket=tickets["no_show"], window=window_2)
    time_machine.move_to(_friday(16, 50), tick=False)
    services.ticket_call_next(window=window_1)
    time_machine.move_to(NOW, tick=False)
    return tickets


# --- the service -----------------------------------------------------------------------------


def test_a_past_day_is_closed_and_today_is_not(office, friday_left_open):
    today = services.ticket_issue(office=office, purpose=Purpose.CONSULTATION)

    closed = services.tickets_close_day(day=NOW.date())

    assert closed == 3
    by_code = {(t.day, t.code): t for t in Ticket.objects.all()}
    assert by_code[(FRIDAY, "П-001")].status == TicketStatus.DONE
    assert by_code[(FRIDAY, "П-002")].status == TicketStatus.NO_SHOW
    assert [by_code[(FRIDAY, code)].status for code in ("П-003", "П-004", "П-005")] == [
        TicketStatus.UNSERVED
    ] * 3
    assert by_code[(FRIDAY, "П-004")].finished_at == NOW
    today.refresh_from_db()
    assert today.status == TicketStatus.WAITING


def test_closing_twice_closes_nothing_more(friday_left_open):
    services.tickets_close_day(day=NOW.date())
    before = list(Ticket.objects.order_by("pk").values_list("status", "finished_at"))

    assert services.tickets_close_day(day=NOW.date(), now=NOW + dt.timedelta(hours=1)) == 0
    assert list(Ticket.objects.order_by("pk").values_list("status", "finished_at")) == before


def test_a_day_not_yet_ended_is_never_closed(office, now):
    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    with pytest.raises(ValueError, match="only past days"):
        services.tickets_close_day(day=NOW.date() + dt.timedelta(days=1))

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING


def test_a_closed_called_ticket_frees_its_window(office, window_1, friday_left_open):
    services.tickets_close_day(day=NOW.date())
    today = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert services.ticket_call_next(window=window_1) == today


def test_a_booked_visitor_left_waiting_stays_checked_in(office, passport, time_machine):
    visit = booked(office, service=passport, starts_at=_friday(16, 30))
    time_machine.move_to(_friday(16, 20), tick=False)
    ticket = services.ticket_check_in(office=office, code="ACDEF3")
    time_machine.move_to(NOW, tick=False)

    services.tickets_close_day(day=NOW.date())

    ticket.refresh_from_db()
    visit.refresh_from_db()
    assert ticket.status == TicketStatus.UNSERVED
    assert visit.status == AppointmentStatus.CHECKED_IN


# --- without the daily job -------------------------------------------------------------------


def test_call_next_frees_a_window_left_busy_on_a_past_day(office, window_1, friday_left_open):
    today = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    called = services.ticket_call_next(window=window_1)

    assert called == today
    left = Ticket.objects.get(day=FRIDAY, number=3)
    assert left.status == TicketStatus.UNSERVED
    # The other past tickets wait for the daily job; they are never called.
    assert Ticket.objects.filter(day=FRIDAY, status=TicketStatus.WAITING).count() == 2


def test_the_console_shows_no_visitor_of_a_past_day(window_1, friday_left_open):
    console = window_console(window=window_1)

    assert console.current is None
    assert console.waiting == 0


@pytest.mark.parametrize(
    "closed", [pytest.param(True, id="closed"), pytest.param(False, id="cron-missed")]
)
def test_the_figures_count_the_unserved_apart(centre, friday_left_open, closed):
    if closed:
        services.tickets_close_day(day=NOW.date())

    figures = queue_figures(centre=centre, date_from=FRIDAY, date_to=NOW.date())

    overall = figures.overall
    assert (overall.tickets, overall.served, overall.no_shows, overall.unserved) == (5, 1, 1, 3)
    # Waits of the served (10 min) and the no-show (25 min) only; not of the one left called.
    assert sorted(overall.waits) == pytest.approx([10, 25])
    assert figures.no_show_share == pytest.approx(50)
    assert [(row.label, row.unserved) for row in figures.by_weekday] == [
        (str(Weekday.FRIDAY.label), 3)
    ]


# --- the command -----------------------------------------------------------------------------


def test_the_daily_command_says_how_many_it_closed(friday_left_open):
    first, second = io.StringIO(), io.StringIO()

    call_command("queue_daily", stdout=first)
    call_command("queue_daily", stdout=second)

    assert first.getvalue() == "queue: 3 ticket(s) of days before 2026-03-02 closed as unserved\n"
    assert second.getvalue().startswith("queue: 0 ticket(s)")
    assert Ticket.objects.filter(status=TicketStatus.UNSERVED).count() == 3


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def head(staff_client, now):
    client, _membership = staff_client(Role.HEAD)
    return client


def test_the_figures_page_shows_the_unserved(head, friday_left_open):
    services.tickets_close_day(day=NOW.date())

    page = head.get(
        BASE + "figures/", {"date_from": FRIDAY.isoformat(), "date_to": NOW.date().isoformat()}
    ).content.decode()

    assert (
        '<dt class="govuk-summary-list__key">Не обслуговано до закриття</dt>'
        '<dd class="govuk-summary-list__value">3</dd>'
    ) in page
    assert page.count("Не обслуговано до закриття</th>") == 5  # every table has the column


def test_the_export_names_the_unserved(head, friday_left_open):
    response = head.get(
        BASE + "figures/export.csv",
        {"date_from": FRIDAY.isoformat(), "date_to": NOW.date().isoformat()},
    )

    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [(row[2], row[10], row[12]) for row in rows[1:]] == [
        ("П-001", "Обслуговано", "10.0"),
        ("П-002", "Не підійшов", "25.0"),
        ("П-003", "Не обслуговано до закриття", ""),
        ("П-004", "Не обслуговано до закриття", ""),
        ("П-005", "Не обслуговано до закриття", ""),
    ]


def test_the_ticket_page_says_a_past_ticket_is_no_longer_valid(client, office, friday_left_open):
    ticket = friday_left_open["waiting_1"]

    reference = ticket_reference(ticket.public_id)
    page = client.get(f"/verbivka/queue/main/ticket/?t={reference}").content.decode()

    assert "не обслуговано до закриття офісу" in page
    assert "Перед вами" not in page
