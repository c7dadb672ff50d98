"""The rest of the shells' registries: an app's URL mounts, its tasks and groups of figures on
the back-office home, a narrow role's home, and its reactions to core events — each registered
at runtime by a throwaway app («Ліхтар»), and appeals' own reaction to a changed calendar.

This module is also the throwaway app's URLconf: its staff page sits beside the project's URLs.
"""

import datetime as dt
import sys
import types
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse

from config.urls import urlpatterns as project_urlpatterns
from vidhuk.accounts.access import centre_staff_view
from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.deadlines import info_request_deadline
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core import events, keyfigures, portal, staffmenu
from vidhuk.core.capabilities import register_narrow_role, unregister_narrow_role
from vidhuk.core.urlmounts import mounted_patterns, register_urls, unregister_urls

KYIV = ZoneInfo("Europe/Kyiv")


@centre_staff_view("appeals.read")
def lantern_page(request):
    return HttpResponse("Ліхтар світить")


def lantern_public(request, centre_slug):
    return HttpResponse(f"Ліхтарі {centre_slug}")


urlpatterns = [
    path("staff/<slug:centre_slug>/lantern/", lantern_page, name="lantern"),
    *project_urlpatterns,
]
# What `vidhuk/lantern/urls.py` would hold (mounted through `register_urls` in a test).
lantern_urls = types.SimpleNamespace(
    app_name="lantern", urlpatterns=[path("", lantern_public, name="start")]
)

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def lantern_mount():
    register_urls("lantern", f"{__name__}.lantern_urls", prefix="lantern")
    yield
    unregister_urls("lantern")


def test_a_registered_mount_is_served_under_the_centre_before_the_portals_catch_all(
    lantern_mount, client, centre, monkeypatch
):
    # the mount names a module path; here the throwaway app's URLconf is an object of this module
    monkeypatch.setitem(sys.modules, f"{__name__}.lantern_urls", lantern_urls)
    site = types.ModuleType("lantern_site")  # a URLconf with the mounts, as config/urls.py
    site.urlpatterns = [  # type: ignore[attr-defined]
        *mounted_patterns(),
        path("<slug:centre_slug>/", include("vidhuk.portal.urls")),
    ]

    with override_settings(ROOT_URLCONF=site):
        page = client.get("/verbivka/lantern/")
        url = reverse("lantern:start", args=["verbivka"])

    assert (page.status_code, page.content.decode(), url) == (
        200,
        "Ліхтарі verbivka",
        "/verbivka/lantern/",
    )


def test_every_app_mount_comes_before_the_portals_catch_all():
    [localised] = [p for p in project_urlpatterns if hasattr(p, "url_patterns")]
    routes = [str(p.pattern) for p in localised.url_patterns]

    assert routes[-1] == "<slug:centre_slug>/"
    assert {"<slug:centre_slug>/appeals/", "staff/<slug:centre_slug>/queue/"} <= set(routes)


@pytest.fixture
def lantern_home():
    staffmenu.register_home_task(
        staffmenu.HomeTask(
            key="lantern",
            label="Запалити ліхтар",
            url_name="lantern",
            order=5,
            capabilities=("appeals.read",),
        )
    )
    keyfigures.register_group(
        keyfigures.KeyFigureGroup(
            key="lantern",
            title="Ліхтарі сьогодні",
            compute=lambda centre: [
                keyfigures.GroupFigure(
                    label="світять", value="7", url_name="lantern", capability="appeals.read"
                ),
            ],
        )
    )
    yield
    staffmenu.unregister_home_task("lantern")
    keyfigures.unregister_group("lantern")


def test_its_home_task_and_group_of_figures_show_to_who_may_open_them(lantern_home, staff_client):
    head, _membership = staff_client(Role.HEAD)
    analyst, _membership = staff_client(Role.ANALYST)

    head_home = head.get("/staff/verbivka/").content.decode()
    analyst_home = analyst.get("/staff/verbivka/").content.decode()

    assert 'href="/staff/verbivka/lantern/">Запалити ліхтар</a>' in head_home
    assert "Ліхтарі сьогодні" in head_home
    assert 'href="/staff/verbivka/lantern/">світять</a>' in head_home
    assert "Запалити ліхтар" not in analyst_home
    assert "світять" in analyst_home  # the figure, without a link that would answer 403
    assert 'href="/staff/verbivka/lantern/">світять' not in analyst_home


def test_a_narrow_roles_home_takes_it_off_the_shared_staff_pages(staff_client):
    register_narrow_role(Role.HOTLINE_OPERATOR, home_url_name="lantern")
    try:
        operator, _membership = staff_client(Role.HOTLINE_OPERATOR)

        shared = operator.get("/staff/verbivka/offices/")
        posted = operator.post("/staff/verbivka/")
    finally:
        unregister_narrow_role(Role.HOTLINE_OPERATOR)

    assert (shared.status_code, shared["Location"]) == (302, "/staff/verbivka/lantern/")
    assert posted.status_code == 403


def test_a_calendar_change_is_announced_to_every_subscriber_and_its_note_shown(
    staff_client, centre, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 30, 9, 0, tzinfo=KYIV), tick=False)
    heard: list[events.CalendarChanged] = []

    def react(event: events.CalendarChanged) -> str:
        heard.append(event)
        return "Ліхтарі переставлено."

    events.on_calendar_changed("lantern", react)
    try:
        client, membership = staff_client(Role.ADMINISTRATOR)
        response = client.post(
            "/staff/verbivka/calendar/",
            {"add": "1", "date": "2026-12-28", "is_working_day": "0", "note": "Свято громади"},
            follow=True,
        )
    finally:
        events.unsubscribe("lantern")

    assert [(e.centre, e.since, e.actor) for e in heard] == [
        (centre, dt.date(2026, 12, 28), membership.user)
    ]
    assert "Ліхтарі переставлено." in response.content.decode()


def test_an_open_requests_deadline_follows_the_calendar_and_the_member_is_told(
    staff_client, centre, time_machine
):
    # given a request for public information received on Monday 30.11.2026, due Monday 07.12
    time_machine.move_to(dt.datetime(2026, 11, 30, 9, 0, tzinfo=KYIV), tick=False)
    received = dt.datetime(2026, 11, 30, 10, 0, tzinfo=KYIV)
    due = info_request_deadline(received_at=received, is_urgent=False, centre=centre)
    request = AppealFactory(centre=centre, kind=Kind.INFO_REQUEST, received_at=received, due_at=due)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    # when the centre makes Saturday 05.12 a working day
    response = client.post(
        "/staff/verbivka/calendar/",
        {"add": "1", "date": "2026-12-05", "is_working_day": "1", "note": "Перенесення"},
        follow=True,
    )

    # then the request is due on that Saturday, and the page says one case moved
    request.refresh_from_db()
    assert (due.date(), request.due_at.astimezone(KYIV).date()) == (
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 5),
    )
    assert "Строк розгляду 1 відкритої справи змінено відповідно до календаря." in (
        response.content.decode()
    )


def test_its_navigation_link_joins_the_site_navigation_and_the_current_section_is_marked(
    client, centre
):
    portal.register_nav_link(
        portal.NavLink(
            key="lantern",
            order=15,
            label="Ліхтарі",
            url_name="portal:accessibility",
            section="lantern",
        )
    )
    try:
        page = client.get("/verbivka/services/").content.decode()
    finally:
        portal.unregister("lantern")
    start = page.index('id="vd-navigation"')
    navigation = page[start : page.index("</ul>", start)]

    assert navigation.index(">Послуги<") < navigation.index(">Ліхтарі<")
    assert navigation.index(">Ліхтарі<") < navigation.index(">Відгуки та звернення<")
    assert 'href="/verbivka/services/" aria-current="page">' in navigation
    assert 'href="/verbivka/appeals/">Відгуки та звернення</a>' in navigation


def test_the_accessibility_statement_points_to_the_registered_feedback_form(client, centre):
    page = client.get("/verbivka/accessibility/").content.decode()

    assert 'href="/verbivka/appeals/">Форма відгуків і звернень</a>' in page
