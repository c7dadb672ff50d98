import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.permissions import can_see_personal_data
from vidhuk.appeals.tests.factories import AppealFactory


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.HEAD, True),
        (Role.ADMINISTRATOR, True),
        (Role.COMMUNICATIONS, True),
        (Role.HOTLINE_OPERATOR, False),
        (Role.ANALYST, False),
    ],
    ids=str,
)
def test_only_those_who_consider_cases_or_manage_data_see_the_applicant(centre, role, expected):
    appeal = AppealFactory(centre=centre)
    membership = MembershipFactory(centre=centre, role=role)

    assert can_see_personal_data(membership, appeal) is expected


def test_a_head_of_another_centre_does_not_see_the_applicant(centre, other_centre):
    appeal = AppealFactory(centre=centre)
    stranger = MembershipFactory(centre=other_centre, role=Role.HEAD)

    assert can_see_personal_data(stranger, appeal) is False
