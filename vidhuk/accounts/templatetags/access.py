"""`{% load access %}` — what the signed-in member may do, for showing only usable links."""

from __future__ import annotations

from typing import Any

from django import template

from vidhuk.accounts.permissions import has_capability
from vidhuk.core import capabilities

register = template.Library()


@register.filter
def can(membership: Any, capabilities: str) -> bool:
    """`{% if request.membership|can:"surveys.edit,surveys.results" %}`: any one of them."""
    return any(has_capability(membership, name.strip()) for name in capabilities.split(","))


@register.filter
def is_narrow_role(membership: Any) -> bool:
    """A narrow role (the mystery shopper) sees its own pages only, not the staff's shared back
    office: `vidhuk.core.capabilities.register_narrow_role`."""
    return membership is not None and capabilities.is_narrow_role(membership.role)
