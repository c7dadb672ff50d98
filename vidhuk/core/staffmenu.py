"""Registry of the back office's menu: each app registers its own entry from its `extensions.py`
(Wagtail's `register_admin_menu_item`), and the back-office layout renders what is registered,
showing a member only the entries their role opens. The layout never names an app.

An entry links to a staff URL taking the centre's slug. ``capabilities`` shows it to a member
holding any one of them; none shows it to every staff member. A *narrow* role (the mystery
shopper, not staff: `capabilities.register_narrow_role`) sees only the entries registered
``for_narrow_roles`` (of a capability it holds), and staff never see those.

``url_choices`` are (capability, URL name) pairs tried in order before ``url_name``: the queue
opens on the operator's windows for who works at one, on the figures for an analyst.
``sections`` are the URL namespaces ("queue_staff") or names ("backoffice:audit_log") under
which the entry is the current one (by default, its own URL name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: Promise | str
    url_name: str
    order: int = 100
    capabilities: tuple[str, ...] = ()
    url_choices: tuple[tuple[str, str], ...] = ()
    sections: tuple[str, ...] = ()
    for_narrow_roles: bool = False


_registry: dict[str, MenuEntry] = {}


def register_menu_entry(entry: MenuEntry) -> None:
    _registry[entry.key] = entry


def unregister_menu_entry(key: str) -> None:
    _registry.pop(key, None)


def menu_entries() -> list[MenuEntry]:
    return sorted(_registry.values(), key=lambda e: (e.order, e.key))


@dataclass(frozen=True)
class HomeTask:
    """A link under «Що можна зробити» on the back-office home: shown to a member holding any
    one of ``capabilities`` (none: to every staff member)."""

    key: str
    label: Promise | str
    url_name: str  # a staff URL taking the centre's slug
    order: int = 100
    capabilities: tuple[str, ...] = ()


_tasks: dict[str, HomeTask] = {}


def register_home_task(task: HomeTask) -> None:
    _tasks[task.key] = task


def unregister_home_task(key: str) -> None:
    _tasks.pop(key, None)


def home_tasks() -> list[HomeTask]:
    return sorted(_tasks.values(), key=lambda t: (t.order, t.key))
