"""The staff list runs a bounded number of queries that does not grow with the people and
open invitations it lists (3 of each and 30 of each cost the same)."""

import datetime as dt
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Invitation

from .factories import MembershipFactory

_numbers = itertools.count(1)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _people(centre, n):
    for _ in range(n):
        number = next(_numbers)
        MembershipFactory(centre=centre, role=Role.ANALYST)
        Invitation.objects.create(
            centre=centre, email=f"new{number}@verbivka.example", role=Role.HOTLINE_OPERATOR,
            token_digest=f"{number:064d}", expires_at=timezone.now() + dt.timedelta(days=7),
        )  # fmt: skip


def test_the_staff_list_does_not_grow_with_people_or_invitations(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/people/"
    _people(centre, 3)
    few = _queries(client, url)
    _people(centre, 27)
    many = _queries(client, url)

    # 6 today: sign-in checks, the memberships with their users, the open invitations with who sent
    # them.
    assert many == few
    assert many <= 7
