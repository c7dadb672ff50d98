"""Rules the staff services keep whatever page calls them."""

import pytest
from django.core.exceptions import ValidationError

from vidhuk.accounts.choices import Role
from vidhuk.accounts.invitations import invitation_accept_new, invitation_send
from vidhuk.accounts.models import Membership
from vidhuk.accounts.services import (
    membership_change_role,
    membership_deactivate,
    membership_reactivate,
)
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def invite(centre, actor, **overrides):
    data = {
        "centre": centre,
        "email": "new.person@cnap.example",
        "role": Role.ANALYST,
        "actor": actor,
        "base_url": "https://vidhuk.example",
    }
    return invitation_send(**(data | overrides))


def test_another_head_may_demote_a_head_while_one_remains(centre):
    first, second = MembershipFactory.create_batch(2, centre=centre, role=Role.HEAD)

    membership_change_role(membership=second, role=Role.ANALYST, actor=first.user)

    assert Membership.objects.get(pk=second.pk).role == Role.ANALYST


def test_the_last_active_head_cannot_be_demoted_by_anyone(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    other = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR)

    with pytest.raises(ValidationError) as error:
        membership_change_role(membership=head, role=Role.ANALYST, actor=other.user)

    assert error.value.messages == [
        "Це єдиний діючий керівник центру. Спершу призначте керівником іншого працівника."
    ]
    assert Membership.objects.get(pk=head.pk).role == Role.HEAD


def test_an_inactive_head_does_not_count_as_the_remaining_head(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    MembershipFactory(centre=centre, role=Role.HEAD, is_active=False)

    with pytest.raises(ValidationError):
        membership_deactivate(membership=head, actor=head.user)

    assert Membership.objects.get(pk=head.pk).is_active is True


def test_heads_of_other_centres_do_not_count(centre, other_centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    MembershipFactory(centre=other_centre, role=Role.HEAD)

    with pytest.raises(ValidationError):
        membership_change_role(membership=head, role=Role.ANALYST, actor=head.user)


def test_unchanged_role_and_repeated_switches_write_no_audit_event(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)

    membership_change_role(membership=member, role=Role.ANALYST, actor=head.user)
    membership_reactivate(membership=member, actor=head.user)

    assert AuditEvent.objects.count() == 0


def test_inviting_an_inactive_member_asks_to_reactivate_instead(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    former = MembershipFactory(centre=centre, role=Role.ANALYST, is_active=False)

    with pytest.raises(ValidationError) as error:
        invite(centre, head.user, email=former.user.email)

    assert error.value.messages == [
        "Доступ цієї людини до центру вимкнено. Відновіть його на її картці."
    ]


def test_invited_username_is_the_email_or_a_numbered_variant(
    centre, django_capture_on_commit_callbacks
):
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    MembershipFactory(user__username="new.person@cnap.example", user__email="x@cnap.example")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(centre, head.user, email="New.Person@cnap.example")
    user = invitation_accept_new(
        invitation=invitation,
        first_name="Іван",
        last_name="Петренко",
        password="Sunflower-Tractor-Kyiv-2026",
    )

    assert user.username == "new.person@cnap.example-2"
    assert user.email == "New.Person@cnap.example"
