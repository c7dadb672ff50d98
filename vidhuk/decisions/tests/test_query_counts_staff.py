"""The back office's lists of findings and decisions run a bounded number of queries that does
not grow with the rows listed (3 rows and 30 rows cost the same)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.tests.factories import OfficeFactory

from ..choices import DecisionState
from .factories import DecisionFactory, FindingFactory, MilestoneFactory

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _findings(centre, n):
    """n findings, each at its own office, every other one with a decision."""
    for i in range(n):
        finding = FindingFactory(centre=centre)
        finding.offices.add(OfficeFactory(centre=centre))
        if i % 2:
            DecisionFactory(centre=centre).findings.add(finding)


def _decisions(centre, n):
    """n decisions, each with its own owner and two milestones."""
    for _ in range(n):
        owner = MembershipFactory(centre=centre, role=Role.COMMUNICATIONS)
        decision = DecisionFactory(centre=centre, owner=owner, state=DecisionState.IN_PROGRESS)
        MilestoneFactory(decision=decision)
        MilestoneFactory(decision=decision, done_on=dt.date(2026, 3, 1))


def test_the_findings_list_does_not_grow_with_findings(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/decisions/"
    _findings(centre, 3)
    few = _queries(client, url)
    _findings(centre, 27)
    many = _queries(client, url)

    assert many == few
    assert many <= 14


def test_the_decisions_list_does_not_grow_with_decisions(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/decisions/list/"
    _decisions(centre, 3)
    few = _queries(client, url)
    _decisions(centre, 27)
    many = _queries(client, url)

    assert many == few
    assert many <= 14
