"""Reads of staff, memberships and roles — always within one centre."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.core.models import Centre

from .choices import Role
from .models import Membership, User


def membership_for(*, user: Any, centre_slug: str) -> Membership:
    """The member's active membership in the centre; 404 when there is none.

    Platform administrators act as the head of any active centre.
    """
    membership = (
        Membership.objects.select_related("centre", "user")
        .filter(user=user, centre__slug=centre_slug, is_active=True, centre__is_active=True)
        .first()
    )
    if membership is not None:
        return membership
    if getattr(user, "is_superuser", False):
        centre = Centre.objects.filter(slug=centre_slug).first()
        if centre is not None:
            return Membership(user=user, centre=centre, role=Role.HEAD)
    raise Http404("Not a member of this centre")


def memberships_of_user(*, user: Any) -> list[Membership]:
    memberships = list(
        Membership.objects.select_related("centre")
        .filter(user=user, is_active=True, centre__is_active=True)
        .order_by("centre__name")
    )
    if getattr(user, "is_superuser", False):
        have = {m.centre_id for m in memberships}
        memberships += [
            Membership(user=user, centre=centre, role=Role.HEAD)
            for centre in Centre.objects.exclude(pk__in=have).order_by("name")
        ]
    return memberships


def membership_list_for_centre(*, centre: Centre) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(centre=centre)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name")
    )


def membership_get_for_centre(*, centre: Centre, pk: int) -> Membership:
    try:
        return Membership.objects.select_related("user").get(centre=centre, pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No such membership") from None


def membership_count_for_centre(*, centre: Centre) -> int:
    return Membership.objects.filter(centre=centre, is_active=True).count()


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def totp_device_confirmed_for(*, user: Any) -> TOTPDevice | None:
    """The member's confirmed authenticator, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
