"""Small predicates about what a member may do. Views and selectors call these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vidhuk.core.capabilities import role_matrix

if TYPE_CHECKING:
    from .models import Membership


def has_capability(membership: Membership | None, capability: str) -> bool:
    if membership is None:
        return False
    if membership.user.is_superuser:
        return True
    return capability in role_capabilities().get(membership.role, frozenset())


def role_capabilities() -> dict[str, frozenset[str]]:
    """Role code -> the capabilities it holds: what every app registered in its `extensions.py`."""
    return role_matrix()
