"""A staff member of one centre never sees or changes another centre's data.

Walks every back-office URL that names a centre — found from the URL configuration, so a URL
added later is covered without editing this test — and requests it as the head of centre A:
  * with centre B's address and B's record ids → 404;
  * with A's address but B's record ids → 404.
Nothing in the database may change.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Invitation, Membership
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.models import Appeal, HotlineCall, SuggestionBoxOpening
from vidhuk.appeals.tests.factories import AppealFactory, HotlineCallFactory
from vidhuk.catalog.models import Service
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.models import AuditEvent, Office, OfficeClosure
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.queue.models import QueueDevice

FOREIGN_PK = 900_001  # no record of centre A can have it


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def staff_routes():
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if r.startswith("staff/") and "<slug:centre_slug>" in r]


def _fill(route: str, slug: str) -> str:
    url = route.replace("<slug:centre_slug>", slug)
    url = re.sub(r"<int:\w+>", str(FOREIGN_PK), url)
    url = re.sub(r"<slug:\w+>", "foreign", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_the_walk_finds_the_back_office():
    routes = staff_routes()

    assert "staff/<slug:centre_slug>/" in routes
    assert "staff/<slug:centre_slug>/services/<int:pk>/" in routes
    assert len(routes) >= 12


@pytest.fixture
def foreign_records(other_centre):
    office = OfficeFactory(centre=other_centre, pk=FOREIGN_PK)
    OfficeClosure.objects.create(office=office, date="2026-12-31", pk=FOREIGN_PK)
    ServiceFactory(
        centre=other_centre, pk=FOREIGN_PK, category=CategoryFactory(centre=other_centre)
    )
    MembershipFactory(centre=other_centre, role=Role.HEAD, pk=FOREIGN_PK)
    AppealFactory(centre=other_centre, pk=FOREIGN_PK)
    HotlineCallFactory(centre=other_centre, pk=FOREIGN_PK)
    SuggestionBoxOpening.objects.create(
        centre=other_centre, office=office, opened_on="2026-03-02", opened_by="—", pk=FOREIGN_PK
    )
    # The queue's kiosks and boards: /staff/<centre>/queue/devices/<pk>/ and …/revoke/.
    QueueDevice.objects.create(
        centre=other_centre, office=office, kind="kiosk", label="—", pk=FOREIGN_PK,
        created_at="2026-03-02T10:00:00+02:00",
    )  # fmt: skip


def _state():
    return (
        Office.objects.count(),
        Service.objects.count(),
        list(Service.objects.values_list("name", "is_published")),
        list(Office.objects.values_list("name", "is_active")),
        list(Appeal.objects.values_list("status", "executor_id", "anonymised_at")),
        list(HotlineCall.objects.values_list("appeal_id")),
        AuditEvent.objects.filter(centre__slug="luhove").count(),
        Invitation.objects.count(),
        list(Membership.objects.values_list("user_id", "centre_id", "role", "is_active")),
        list(QueueDevice.objects.values_list("revoked_at", "token_digest")),
    )


@pytest.mark.parametrize("route", staff_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_staff_urls_are_not_found(staff_client, foreign_records, route, method):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)(_fill(route, "luhove"))

    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    "route", [r for r in staff_routes() if "<int:" in r or "<slug:" in r.split("centre_slug>")[1]]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_records_are_not_found_from_my_centre(
    staff_client, foreign_records, route, method
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)(_fill(route, "verbivka"))

    assert response.status_code == 404
    assert _state() == before


def test_an_invitation_to_another_centre_is_not_found_and_sends_nothing(
    staff_client, foreign_records, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/luhove/people/add/", {"email": "new@luhove.example", "role": Role.HEAD}
        )

    assert response.status_code == 404
    assert _state() == before
    assert smtp_mailbox.messages == []
