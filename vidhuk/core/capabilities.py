"""Registry of capabilities: what a member may do, and which roles hold it by default.

Each app registers its own capabilities from its `extensions.py` (Decidim's component
permissions, Sentry's `scope_map`); accounts builds the role matrix, the roles page and the 403
page from what is registered, so it never names an app. Roles are given by their codes
(`accounts.choices.Role`), since core sits below accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise


class CoreCapability(StrEnum):
    """Core's own capability codes (offices, the centre, the audit log), registered in
    `core/extensions.py`; each app keeps its codes in its own `capabilities.py`."""

    OFFICES_EDIT = "offices.edit"
    CENTRE_EDIT = "centre.edit"
    AUDIT_READ = "audit.read"


@dataclass(frozen=True)
class CapabilitySpec:
    code: str  # "<app>.<verb>", what `centre_staff_view(...)` and `has_capability` check
    label: Promise | str
    roles: frozenset[str]  # the role codes that hold it by default
    order: int = 100  # the position on the roles page


_registry: dict[str, CapabilitySpec] = {}


def register_capability(
    code: str, label: Promise | str, *, roles: Iterable[str], order: int = 100
) -> None:
    code = str(code)  # an app's StrEnum member is stored as its plain code
    _registry[code] = CapabilitySpec(
        code=code, label=label, roles=frozenset(str(r) for r in roles), order=order
    )


def unregister_capability(code: str) -> None:
    """Remove a capability (tests that register a throwaway one clean up with this)."""
    _registry.pop(code, None)


def capabilities() -> list[CapabilitySpec]:
    return sorted(_registry.values(), key=lambda c: (c.order, c.code))


def capability_get(code: str) -> CapabilitySpec | None:
    return _registry.get(code)


def role_matrix() -> dict[str, frozenset[str]]:
    """Role code -> the capability codes it holds, from every registration."""
    matrix: dict[str, set[str]] = {}
    for spec in _registry.values():
        for role in spec.roles:
            matrix.setdefault(role, set()).add(spec.code)
    return {role: frozenset(codes) for role, codes in matrix.items()}


# A *narrow* role (the mystery shopper: not staff) reaches only the pages of its own
# capabilities; the app that gives it work registers where it lands when it opens a page of the
# staff's shared back office, so accounts names no app.
_narrow_role_homes: dict[str, str] = {}


def register_narrow_role(role: str, *, home_url_name: str) -> None:
    """``home_url_name``: a staff URL taking the centre's slug."""
    _narrow_role_homes[str(role)] = home_url_name


def unregister_narrow_role(role: str) -> None:
    _narrow_role_homes.pop(str(role), None)


def is_narrow_role(role: str) -> bool:
    return str(role) in _narrow_role_homes


def narrow_role_home(role: str) -> str | None:
    return _narrow_role_homes.get(str(role))
