"""Shared data of the register's tests: a centre with two offices and three services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vidhuk.analytics.choices import ProvisionChannel, ProvisionResult, ProvisionSource
from vidhuk.analytics.models import ServiceProvision
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory

KYIV = ZoneInfo("Europe/Kyiv")
# Monday 2 March 2026, 10:00 in Kyiv.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=KYIV)
TODAY = NOW.date()


def provision(centre, service, *, day=TODAY, office=None, **fields) -> ServiceProvision:
    return ServiceProvision.objects.create(
        centre=centre,
        provided_on=day,
        office=office,
        service=service,
        service_title=service.name,
        channel=fields.pop("channel", ProvisionChannel.IN_PERSON),
        result=fields.pop("result", ProvisionResult.PROVIDED),
        source=fields.pop("source", ProvisionSource.MANUAL),
        **fields,
    )


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre, slug="main", name="Головний офіс")


@pytest.fixture
def office_2(centre):
    return OfficeFactory(centre=centre, slug="luhove-rm", name="Віддалене місце в Луговому")


@pytest.fixture
def passport(centre):
    return ServiceFactory(centre=centre, code="P-001", name="Оформлення паспорта громадянина")


@pytest.fixture
def land(centre):
    return ServiceFactory(centre=centre, code="L-002", name="Витяг з земельного кадастру")
