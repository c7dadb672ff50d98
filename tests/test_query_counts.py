"""The busiest pages that gather several apps run a bounded number of queries, and that number
does not grow with the rows they count or list (3 rows and 30 rows cost the same)."""

import datetime as dt
import io
import itertools
import re

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core import portal
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent, CalendarDay, Centre, Office, OfficeClosure
from vidhuk.core.readtogether import Count
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.queue.choices import TicketStatus
from vidhuk.queue.tests.factories import (
    NOW,
    TicketFactory,
    booked,
    open_office,
    served,
    window,
)


def _queries(client, url: str) -> int:
    """The queries of rendering the page: the public page cache (vidhuk/core/pagecache.py),
    which would answer a second view with none, is emptied first."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _busy(centre, office, n):
    """n more of what the home pages count: published services, people waiting, open appeals."""
    for _ in range(n):
        ServiceFactory(centre=centre, is_published=True).offices.add(office)
        TicketFactory(office=office, status=TicketStatus.WAITING)
        AppealFactory(centre=centre)


@pytest.fixture
def main_office(centre):
    office = open_office(centre, slug="main", name="Головний офіс")
    window(office, "1")
    return office


@pytest.fixture
def _monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.usefixtures("_monday_morning")
def test_portal_home_queries_do_not_grow_with_services_and_queue(client, centre, main_office):
    url = f"/{centre.slug}/"
    client.get(url)  # session and caches warm
    _busy(centre, main_office, 3)
    few = _queries(client, url)
    _busy(centre, main_office, 27)
    many = _queries(client, url)

    # 3 today: the centre, its offices, and ONE statement for the offices' hours, special days
    # and calendar with every tile's, block's and link's reads (core.portal.home_reads).
    assert many == few
    assert many <= 3


@pytest.mark.usefixtures("_monday_morning")
def test_portal_home_queries_do_not_grow_with_offices(client, centre, main_office):
    """Booking's «next free time» used to load each office's timetable on its own (5 queries
    an office); it loads them all at once now."""
    url = f"/{centre.slug}/"
    client.get(url)  # session and caches warm
    one = _queries(client, url)
    for n in range(2):
        window(open_office(centre, slug=f"branch-{n}", name=f"Філія {n}"), "1")
    three = _queries(client, url)

    assert three == one == 3


@pytest.mark.usefixtures("_monday_morning")
def test_a_tile_that_names_its_reads_adds_no_statement_to_the_home(client, centre, main_office):
    """A new app's tile reads with the rest of the page (core.portal ``reads``)."""
    url = f"/{centre.slug}/"
    client.get(url)
    before = _queries(client, url)
    portal.register_tile(
        portal.Tile(
            key="throwaway_places",
            order=99,
            label="Наші місця",
            description="Де можна отримати послуги.",
            url=lambda centre, reads: f"/{centre.slug}/",
            state=lambda centre, now, reads: f"Місць прийому: {reads.values['places']}",
            reads=lambda centre, now: {"places": Count(Office.objects.filter(centre=centre))},
        )
    )
    try:
        after = _queries(client, url)
        page = client.get(url).content.decode()
    finally:
        portal.unregister("throwaway_places")

    assert after == before
    assert "Місць прийому: 1" in page


def _waiting_on(page: str, pattern: str) -> int:
    found = re.search(pattern, page)
    return int(found.group(1)) if found else 0  # «нікого немає»


def _grow(centre: Centre, board_office: Office, n: int) -> None:
    """n more offices with windows, special days, a booked visit, people waiting and a history
    of finished visits; more calls, people waiting and history at the board's office."""
    service = ServiceFactory(centre=centre, is_published=True)
    for i in range(n):
        office = open_office(centre, slug=f"grown-{i}", name=f"Віддалене місце {i}")
        at = window(office, "1")
        OfficeClosure.objects.create(office=office, date=NOW.date() + dt.timedelta(days=i + 3))
        tomorrow = NOW + dt.timedelta(days=1)
        booked(office, service=service, starts_at=tomorrow, at_window=at, code=f"GRW{i}K")
        TicketFactory(office=office, status=TicketStatus.WAITING)
        for day in range(1, 4):
            served(office, issued=NOW - dt.timedelta(days=day), wait=5, service_minutes=12)
    board_window = window(board_office, f"G{n}")
    for _ in range(n):
        TicketFactory(office=board_office, status=TicketStatus.WAITING)
        served(board_office, issued=NOW - dt.timedelta(days=2), wait=5, service_minutes=9)
    TicketFactory(
        office=board_office,
        status=TicketStatus.CALLED,
        window=board_window,
        called_at=NOW,
        last_called_at=NOW,
        call_count=1,
    )


def test_the_demo_home_and_board_in_a_few_statements_that_do_not_grow(client, db):
    """Issue 15 part 2 on the demo's data (page cache emptied before each counted view): the
    home in at most 10 statements, the board every screen polls in at most 3, and the same
    number with 5 more offices, their visits, people waiting and history."""
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        centre = Centre.objects.get(slug="verbivka")
        board_office = Office.objects.get(centre=centre, slug="demo-queue")
        home, board = f"/{centre.slug}/", f"/{centre.slug}/queue/{board_office.slug}/board/"
        client.get(home)  # session and caches warm
        demo = (_queries(client, home), _queries(client, board))
        before = (client.get(home).content.decode(), client.get(board).content.decode())
        _grow(centre, board_office, 5)
        grown = (_queries(client, home), _queries(client, board))
        after = (client.get(home).content.decode(), client.get(board).content.decode())

    # Today: home 3 (the centre, its offices, one statement for everything else), board 2
    # (the office with its centre, one statement for the calls, people waiting and hours).
    assert demo[0] <= 10
    assert demo[1] <= 3
    assert grown == demo
    # What was read is what the pages show: the people who joined the queue are counted.
    in_queue = r"Зараз у черзі (\d+)"
    assert _waiting_on(after[0], in_queue) == _waiting_on(before[0], in_queue) + 10
    on_board = r"Очікують у черзі: (\d+)"
    assert _waiting_on(after[1], on_board) == _waiting_on(before[1], on_board) + 5
    assert "Віддалене місце 4" in after[0]


@pytest.mark.usefixtures("_monday_morning")
def test_back_office_home_queries_do_not_grow_with_the_work_counted(
    staff_client, centre, main_office
):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/"
    _busy(centre, main_office, 3)
    few = _queries(client, url)
    _busy(centre, main_office, 27)
    many = _queries(client, url)

    # 11 today: session, user, second factor, membership and centre; one COUNT per key
    # figure; today's queue summary; the menu. Counted in the database, never row by row.
    # Decisions' two figures (findings, decisions overdue) and the plan's overdue measures:
    # one COUNT each.
    assert many == few
    assert many <= 14


def _audit(centre, n):
    for i in range(n):
        member = MembershipFactory(centre=centre, role=Role.HOTLINE_OPERATOR)
        AuditEvent.objects.create(
            centre=centre, actor=member.user, actor_name=member.user.username,
            action=AuditAction.UPDATE, object_type="catalog.service", object_id=str(i),
            object_repr=f"Послуга №{i}", changes={"name": [f"Стара {i}", f"Нова {i}"]},
        )  # fmt: skip


def test_audit_log_queries_do_not_grow_with_events_or_staff(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/audit/"
    _audit(centre, 3)
    few = _queries(client, url)
    _audit(centre, 27)
    many = _queries(client, url)

    # 7 today: sign-in checks, the members for the "who" filter (with their users), one
    # page of events with their actors, the page count.
    assert many == few
    assert many <= 8


def test_office_list_queries_do_not_grow_with_offices(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/offices/"
    for _ in range(3):
        OfficeFactory(centre=centre)
    few = _queries(client, url)
    for _ in range(27):
        OfficeFactory(centre=centre)
    many = _queries(client, url)

    # 7 today: sign-in checks, the offices, their opening hours, closures and the centre's calendar
    # for this week: a query per kind, not per office.
    assert many == few
    assert many <= 8


def test_the_centre_calendar_does_not_grow_with_days(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/calendar/"
    days = (dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in itertools.count())

    def add(n):
        for _ in range(n):
            CalendarDay.objects.create(
                centre=centre, date=next(days), is_working_day=False, note="Санітарний день"
            )

    with time_machine.travel(NOW, tick=False):
        add(3)
        few = _queries(client, url)
        add(27)
        many = _queries(client, url)

    # 5 today: sign-in checks and the centre's days of the last year onwards.
    assert many == few
    assert many <= 6
