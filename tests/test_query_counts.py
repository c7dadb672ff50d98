"""The busiest pages that gather several apps run a bounded number of queries, and that number
does not grow with the rows they count or list (3 rows and 30 rows cost the same)."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent, CalendarDay
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.queue.choices import TicketStatus
from vidhuk.queue.tests.factories import NOW, TicketFactory, open_office, window


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

    # 19 today: the centre, its offices and opening hours, each tile's figure (services,
    # queue, booking, surveys, appeals) and the footer's offices: a query or two per block.
    # Decisions' «ми зробили» block and communications' latest news add one query each.
    assert many == few
    assert many <= 21


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

    assert three == one


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
