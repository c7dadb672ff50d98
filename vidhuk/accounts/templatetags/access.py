"""`{% load access %}` — what the signed-in member may do, for showing only usable links."""

from __future__ import annotations

from typing import Any

from django import template

from vidhuk.accounts.choices import NARROW_ROLES
from vidhuk.accounts.permissions import has_capability

register = template.Library()


@register.filter
def can(membership: Any, capabilities: str) -> bool:
    """`{% if request.membership|can:"surveys.edit,surveys.results" %}`: any one of them."""
    return any(has_capability(membership, name.strip()) for name in capabilities.split(","))


@register.filter
def is_narrow_role(membership: Any) -> bool:
    """A mystery shopper: sees their own pages only, not the staff's shared back office."""
    return membership is not None and membership.role in NARROW_ROLES
