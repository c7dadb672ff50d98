"""Publishing to a real CKAN (vidhuk/testing/ckan.py): the first run creates the dataset and its
resources with the passport's fields, a second run writes nothing, a changed quarter patches
exactly one resource, and no resource is ever removed (never ``package_update``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import ckanapi
import pytest
import time_machine

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.tests.factories import CentreFactory
from vidhuk.opendata.ckan import PortalConfig
from vidhuk.opendata.models import PortalCall, Release
from vidhuk.opendata.services import opendata_publish

KYIV = ZoneInfo("Europe/Kyiv")
IN_Q2 = dt.datetime(2026, 5, 12, 11, 0, tzinfo=KYIV)
IN_Q3 = dt.datetime(2026, 8, 3, 11, 0, tzinfo=KYIV)
AFTER = dt.datetime(2026, 10, 6, 9, 0, tzinfo=KYIV)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_the_third_quarter():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def portal_centre(request, ckan_server, settings):
    """A centre of its own (CKAN's names are global), with appeals in two finished quarters and
    its account on the test CKAN."""
    slug = "c" + request.node.name.replace("_", "")[-20:].lower()
    centre = CentreFactory(slug=slug, edrpou="12345678")
    AppealFactory.create_batch(6, centre=centre, received_at=IN_Q2, kind=Kind.PROPOSAL)
    AppealFactory.create_batch(8, centre=centre, received_at=IN_Q3, kind=Kind.STATEMENT)
    settings.VIDHUK_CKAN = {
        slug: {
            "url": ckan_server.url,
            "api_key": ckan_server.api_key,
            "owner_org": ckan_server.owner_org,
        }
    }
    settings.VIDHUK_CKAN_RETRY_SECONDS = 0
    return centre


def _portal(ckan_server):
    return ckanapi.RemoteCKAN(ckan_server.url, apikey=ckan_server.api_key)


def _package(ckan_server, centre):
    return _portal(ckan_server).action.package_show(id=f"{centre.slug}-appeals-statistics")


def test_the_first_publication_creates_the_dataset_with_its_passport_and_resources(
    portal_centre, ckan_server
):
    outcome = opendata_publish(centre=portal_centre)

    assert outcome.errors == []
    package = _package(ckan_server, portal_centre)
    assert (
        package["title"] == "Статистика звернень громадян до центру надання адміністративних послуг"
    )
    assert sorted(r["name"] for r in package["resources"]) == [
        "appeals-statistics-2026-q2.csv",
        "appeals-statistics-2026-q3.csv",
    ]
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras["update_frequency"] == "щокварталу"
    assert extras["publisher_edrpou"] == "12345678"
    assert extras["language"] == "uk"
    assert {tag["name"] for tag in package["tags"]} == {"звернення громадян", "ЦНАП", "статистика"}
    releases = Release.objects.filter(centre=portal_centre, dataset_key="appeals-statistics")
    held = {r["name"]: r["hash"] for r in package["resources"]}
    assert {f"appeals-statistics-{r.period}.csv": r.csv_sha256 for r in releases} == held
    assert not PortalCall.objects.filter(action="package_update").exists()


def test_a_second_run_writes_nothing(portal_centre, ckan_server):
    opendata_publish(centre=portal_centre)
    PortalCall.objects.all().delete()

    again = opendata_publish(centre=portal_centre)

    assert again.writes == 0
    assert PortalCall.objects.filter(is_write=True).count() == 0
    assert PortalCall.objects.filter(action="package_show").exists()


def test_a_changed_quarter_patches_exactly_one_resource(portal_centre, ckan_server):
    opendata_publish(centre=portal_centre)
    AppealFactory.create_batch(2, centre=portal_centre, received_at=IN_Q3, kind=Kind.STATEMENT)
    PortalCall.objects.all().delete()

    outcome = opendata_publish(centre=portal_centre)

    writes = list(PortalCall.objects.filter(is_write=True).values_list("action", "target"))
    assert writes == [("resource_patch", "appeals-statistics-2026-q3.csv")]
    assert outcome.writes == 1
    package = _package(ckan_server, portal_centre)
    assert len(package["resources"]) == 2


def test_the_resource_count_never_drops_when_a_quarter_leaves_the_release(
    portal_centre, ckan_server
):
    opendata_publish(centre=portal_centre)
    # The second quarter's appeals are gone (retention): the release no longer has that quarter.
    portal_centre_appeals = AppealFactory._meta.model.objects.filter(
        centre=portal_centre, received_at=IN_Q2
    )
    portal_centre_appeals.delete()

    outcome = opendata_publish(centre=portal_centre)

    assert outcome.errors == []
    package = _package(ckan_server, portal_centre)
    assert len(package["resources"]) == 2
    assert not PortalCall.objects.filter(action__in=["resource_delete", "package_update"]).exists()


def test_the_dry_run_shows_the_plan_and_writes_nothing(portal_centre, ckan_server):
    outcome = opendata_publish(centre=portal_centre, dry_run=True)

    appeals = next(o for o in outcome.datasets if o.dataset.key == "appeals-statistics")
    assert [(s.action, s.target) for s in appeals.plan.steps] == [
        ("package_create", f"{portal_centre.slug}-appeals-statistics"),
        ("resource_create", "appeals-statistics-2026-q2.csv"),
        ("resource_create", "appeals-statistics-2026-q3.csv"),
    ]
    assert PortalCall.objects.filter(is_write=True).count() == 0
    with pytest.raises(ckanapi.NotFound):
        _package(ckan_server, portal_centre)
    assert not Release.objects.filter(centre=portal_centre).exists()


def test_an_unreachable_portal_is_retried_logged_and_reported(portal_centre, settings):
    config = PortalConfig(url="http://127.0.0.1:9", api_key="x", owner_org="vidhuk-tests")

    outcome = opendata_publish(centre=portal_centre, config=config)

    assert any("package_show" in error for error in outcome.errors)
    attempts = PortalCall.objects.filter(
        action="package_show", target__endswith="appeals-statistics"
    )
    assert list(attempts.values_list("attempt", "is_ok")) == [(3, False), (2, False), (1, False)]


def test_a_run_broken_off_half_way_resumes_with_only_what_is_missing(
    portal_centre, ckan_server, monkeypatch
):
    from vidhuk.opendata import ckan as publisher

    real_call = publisher.Portal.call

    def breaks_on_the_second_file(self, action, **kwargs):
        if action == "resource_create" and kwargs.get("target", "").endswith("q3.csv"):
            raise publisher.PortalError("connection reset")
        return real_call(self, action, **kwargs)

    monkeypatch.setattr(publisher.Portal, "call", breaks_on_the_second_file)
    broken = opendata_publish(centre=portal_centre)
    monkeypatch.setattr(publisher.Portal, "call", real_call)
    PortalCall.objects.all().delete()

    resumed = opendata_publish(centre=portal_centre)

    assert broken.errors == ["appeals-statistics: connection reset"]
    writes = list(PortalCall.objects.filter(is_write=True).values_list("action", "target"))
    assert writes == [("resource_create", "appeals-statistics-2026-q3.csv")]
    assert resumed.errors == []
    assert len(_package(ckan_server, portal_centre)["resources"]) == 2


def test_the_daily_job_publishes_once_a_quarter(portal_centre, ckan_server):
    from vidhuk.core.dailyjobs import DailyRun, daily_job_get

    job = daily_job_get("opendata_quarterly")
    first = job.func(DailyRun(today=AFTER.date(), centre=portal_centre))
    next_day = job.func(DailyRun(today=AFTER.date() + dt.timedelta(days=1), centre=portal_centre))

    assert first == "3 writes"
    assert next_day == "already published this quarter"
    assert len(_package(ckan_server, portal_centre)["resources"]) == 2
