"""The hotline log and the suggestion-box openings run a bounded number of queries that does
not grow with the rows listed (3 rows and 30 rows cost the same)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.models import SuggestionBoxOpening
from vidhuk.core.tests.factories import OfficeFactory

from .factories import AppealFactory, HotlineCallFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _calls(centre, n):
    """n calls, each taken by its own operator at its own office, every other one a case."""
    for i in range(n):
        operator = MembershipFactory(centre=centre, role=Role.HOTLINE_OPERATOR).user
        HotlineCallFactory(
            centre=centre, operator=operator, office=OfficeFactory(centre=centre),
            appeal=AppealFactory(centre=centre) if i % 2 else None,
        )  # fmt: skip


def test_the_hotline_log_does_not_grow_with_calls(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/appeals/hotline/"
    _calls(centre, 3)
    few = _queries(client, url)
    _calls(centre, 27)
    many = _queries(client, url)

    # 6 today: sign-in checks, the page count, one page of calls joined to operator, office, service
    # and case.
    assert many == few
    assert many <= 7


def _openings(centre, n):
    for i in range(n):
        office = OfficeFactory(centre=centre)
        opened_by = MembershipFactory(centre=centre, role=Role.HEAD).user
        SuggestionBoxOpening.objects.create(
            centre=centre, office=office, opened_on=dt.date(2026, 3, 2) - dt.timedelta(days=i),
            opened_by="Комісія", actor=opened_by,
        )  # fmt: skip


def test_the_box_openings_do_not_grow_with_openings(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/appeals/box/"
    _openings(centre, 3)
    few = _queries(client, url)
    _openings(centre, 27)
    many = _queries(client, url)

    # 6 today: sign-in checks, the page count, one page of openings with office, who opened the box
    # and the number of entries (one annotated query).
    assert many == few
    assert many <= 7
