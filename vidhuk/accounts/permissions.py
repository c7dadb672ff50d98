"""Small predicates about what a member may do. Views and selectors call these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .choices import ROLE_CAPABILITIES

if TYPE_CHECKING:
    from .models import Membership


def has_capability(membership: Membership | None, capability: str) -> bool:
    if membership is None:
        return False
    if membership.user.is_superuser:
        return True
    return capability in ROLE_CAPABILITIES.get(membership.role, frozenset())
