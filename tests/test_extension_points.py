"""A throwaway app, «Ліхтар», registers itself at every extension point at runtime — without
touching any other file — and appears everywhere: the role matrix and roles page, the staff menu
of the role that holds its capability (and of no other), the back-office home, the portal home,
`manage.py daily` and `seed_demo`. Everything is unregistered afterwards.

This module is also the throwaway app's URLconf (`pytest.mark.urls`): its one staff page sits
beside the project's URLs, as an app's own `urls_staff.py` would.
"""

import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from vidhuk.accounts.access import centre_staff_view
from vidhuk.accounts.choices import Role
from vidhuk.accounts.permissions import role_capabilities
from vidhuk.core import keyfigures, portal
from vidhuk.core.capabilities import register_capability, unregister_capability
from vidhuk.core.dailyjobs import register_daily_job, unregister_daily_job
from vidhuk.core.datasets import Column, Dataset, datasets, register_dataset, unregister_dataset
from vidhuk.core.metrics import Metric, metrics, register_metric, unregister_metric
from vidhuk.core.seeds import SeedResult, register_seed, unregister_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry, unregister_menu_entry


@centre_staff_view("lantern.light")
def lantern_page(request):
    page = Template(
        '{% extends "backoffice/layout.html" %}{% block staff_content %}Ліхтар світить'
        "{% endblock %}"
    )
    return HttpResponse(page.render(RequestContext(request, {"centre": request.centre})))


urlpatterns = [
    path("staff/<slug:centre_slug>/lantern/", lantern_page, name="lantern"),
    *project_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def lantern_app():
    """What `vidhuk/lantern/extensions.py` would hold, registered for one test."""
    runs: list[str] = []
    register_capability("lantern.light", "Запалювати ліхтарі", roles=[Role.ANALYST], order=999)
    register_menu_entry(
        MenuEntry(
            key="lantern",
            label="Ліхтар",
            url_name="lantern",
            order=65,
            capabilities=("lantern.light",),
        )
    )
    keyfigures.register(
        keyfigures.KeyFigure(
            key="lantern_lit",
            label="Ліхтарів світить",
            compute=lambda centre: 17,
            url_name="lantern",
            capability="lantern.light",
        )
    )
    portal.register_tile(
        portal.Tile(
            key="lantern",
            order=99,
            label="Знайти ліхтар",
            description="Де світить уночі.",
            url=lambda centre: f"/{centre.slug}/lantern/",
        )
    )
    register_daily_job("lantern", lambda run: runs.append("daily") or "1 ліхтар погашено", 999)

    def seed(run):
        runs.append(f"seed {run.centre.slug}")
        return SeedResult(summary="ліхтарів: 3", notes_title="Ліхтарі", notes=["біля ЦНАП"])

    register_seed("lantern", seed, order=999)
    yield runs
    unregister_capability("lantern.light")
    unregister_menu_entry("lantern")
    keyfigures.unregister("lantern_lit")
    portal.unregister("lantern")
    unregister_daily_job("lantern")
    unregister_seed("lantern")


def _menu(page: str) -> str:
    start = page.index('class="govuk-service-navigation__list"')
    return page[start : page.index("</ul>", start)]


def test_its_capability_joins_the_role_matrix_and_the_roles_page(lantern_app, staff_client):
    client, _membership = staff_client(Role.HEAD)

    roles_page = client.get("/staff/verbivka/people/").content.decode()

    assert "lantern.light" in role_capabilities()[Role.ANALYST]
    assert "lantern.light" not in role_capabilities()[Role.HEAD]
    assert "Запалювати ліхтарі" in roles_page


def test_its_menu_entry_shows_to_the_role_that_opens_it_and_leads_to_its_page(
    lantern_app, staff_client
):
    analyst, _membership = staff_client(Role.ANALYST)
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)

    analyst_menu = _menu(analyst.get("/staff/verbivka/").content.decode())
    operator_menu = _menu(operator.get("/staff/verbivka/").content.decode())
    opened = analyst.get("/staff/verbivka/lantern/")

    assert 'href="/staff/verbivka/lantern/">Ліхтар</a>' in analyst_menu
    assert "/lantern/" not in operator_menu
    assert "Ліхтар світить" in opened.content.decode()
    assert operator.get("/staff/verbivka/lantern/").status_code == 403


def test_its_own_page_is_the_current_menu_entry(lantern_app, staff_client):
    analyst, _membership = staff_client(Role.ANALYST)

    menu = _menu(analyst.get("/staff/verbivka/lantern/").content.decode())

    assert 'href="/staff/verbivka/lantern/" aria-current="page">Ліхтар</a>' in menu


def test_its_key_figure_is_on_the_back_office_home(lantern_app, staff_client):
    analyst, _membership = staff_client(Role.ANALYST)
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)

    analyst_home = analyst.get("/staff/verbivka/").content.decode()
    operator_home = operator.get("/staff/verbivka/").content.decode()

    assert 'href="/staff/verbivka/lantern/">Ліхтарів світить</a>' in analyst_home
    assert "Ліхтарів світить" in operator_home  # the number, without a link that would say 403
    assert 'href="/staff/verbivka/lantern/">Ліхтарів світить' not in operator_home


def test_its_tile_is_on_the_portal_home(lantern_app, client, centre):
    page = client.get("/verbivka/").content.decode()

    assert 'href="/verbivka/lantern/">Знайти ліхтар</a>' in page


def test_manage_daily_runs_its_job_once(lantern_app, db):
    out = io.StringIO()

    call_command("daily", stdout=out)

    assert lantern_app == ["daily"]
    assert "[lantern] 1 ліхтар погашено" in out.getvalue().splitlines()


def test_seed_demo_runs_its_seed_after_the_others_and_prints_what_it_added(lantern_app, db):
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert lantern_app == ["seed verbivka"]
    assert "талонів черги: " in out.getvalue()
    assert "; ліхтарів: 3." in out.getvalue()
    assert "\nЛіхтарі\n  біля ЦНАП\n" in out.getvalue()


def test_once_unregistered_it_is_gone(staff_client):
    client, _membership = staff_client(Role.ANALYST)

    menu = _menu(client.get("/staff/verbivka/").content.decode())

    assert "lantern.light" not in role_capabilities().get(Role.ANALYST, frozenset())
    assert "Ліхтар" not in menu


def test_its_metric_and_dataset_are_listed_for_analytics_and_open_data():
    metric = Metric(
        key="lantern_hours",
        label="Годин світла",
        unit="count",
        dimensions=("office",),
        query=lambda centre, start, end, by: [{"office": "main", "value": 5}],
    )
    dataset = Dataset(
        key="lanterns",
        title="Ліхтарі",
        columns=(Column("office", "string"), Column("lit", "integer")),
        rows=lambda centre: [("main", 5)],
    )
    register_metric(metric)
    register_dataset(dataset)
    try:
        assert (metric in metrics(), dataset in datasets()) == (True, True)
    finally:
        unregister_metric("lantern_hours")
        unregister_dataset("lanterns")


@pytest.mark.parametrize(
    "register",
    [
        pytest.param(
            lambda: register_metric(Metric("x", "x", "count", ("height",), lambda *a: [])),
            id="metric-unknown-dimension",
        ),
        pytest.param(
            lambda: register_dataset(Dataset("x", "x", (Column("a", "text"),), lambda c: [])),
            id="dataset-unknown-column-type",
        ),
    ],
)
def test_a_dimension_or_column_type_nobody_can_read_is_refused_at_start_up(register):
    with pytest.raises(ValueError, match="unknown"):
        register()
