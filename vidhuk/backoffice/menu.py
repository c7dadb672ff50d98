"""The back-office menu of one member: the registered entries (`vidhuk.core.staffmenu`) their
role opens, with the current one marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.capabilities import is_narrow_role
from vidhuk.core.staffmenu import MenuEntry, menu_entries

if TYPE_CHECKING:
    from django.urls import ResolverMatch

    from vidhuk.accounts.models import Membership


@dataclass(frozen=True)
class MenuLink:
    key: str
    label: str
    url: str
    is_active: bool
    aria_current: str  # "page" on the entry's own page, "true" elsewhere in its section, or ""


def _opens(entry: MenuEntry, membership: Membership) -> bool:
    if entry.for_narrow_roles != is_narrow_role(membership.role):
        return False
    if not entry.capabilities:
        return True
    return any(has_capability(membership, code) for code in entry.capabilities)


def _url_name(entry: MenuEntry, membership: Membership) -> str:
    for capability, url_name in entry.url_choices:
        if has_capability(membership, capability):
            return url_name
    return entry.url_name


def staff_menu(*, membership: Membership, match: ResolverMatch | None) -> list[MenuLink]:
    current = match.view_name if match else ""
    namespace = match.namespace if match else ""
    links = []
    for entry in menu_entries():
        if not _opens(entry, membership):
            continue
        url_name = _url_name(entry, membership)
        sections = entry.sections or (url_name,)
        is_active = current == url_name or namespace in sections or current in sections
        aria_current = "page" if current == url_name else ("true" if is_active else "")
        links.append(
            MenuLink(
                key=entry.key,
                label=str(entry.label),
                url=reverse(url_name, args=[membership.centre.slug]),
                is_active=is_active,
                aria_current=aria_current,
            )
        )
    return links
