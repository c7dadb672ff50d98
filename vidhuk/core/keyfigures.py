"""Registry of the key numbers shown on a centre's back-office home page: single figures, and
groups of figures computed together under a heading of their own ("today's queue").

Each app registers its own figures in its `extensions.py`, so the back office never has to be
edited when a new part of Vidhuk arrives (Decidim's `register_stat`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: Promise | str
    compute: Callable[[Centre], int]
    url_name: str = ""  # a staff URL taking centre_slug, where the figure is explained
    capability: str = ""  # what that URL's view requires: the link shows only to who holds it
    order: int = 100


_registry: dict[str, KeyFigure] = {}


def register(figure: KeyFigure) -> None:
    _registry[figure.key] = figure


def unregister(key: str) -> None:
    """Remove a figure (tests that register a throwaway one clean up with this)."""
    _registry.pop(key, None)


def figures() -> list[KeyFigure]:
    return sorted(_registry.values(), key=lambda f: (f.order, f.key))


@dataclass(frozen=True)
class GroupFigure:
    label: Promise | str
    value: str  # already formatted ("12 хв", "—")
    url_name: str = ""
    capability: str = ""


@dataclass(frozen=True)
class KeyFigureGroup:
    key: str
    title: Promise | str
    compute: Callable[[Centre], list[GroupFigure] | None]  # None hides the group
    order: int = 100


_groups: dict[str, KeyFigureGroup] = {}


def register_group(group: KeyFigureGroup) -> None:
    _groups[group.key] = group


def unregister_group(key: str) -> None:
    _groups.pop(key, None)


def groups() -> list[KeyFigureGroup]:
    return sorted(_groups.values(), key=lambda g: (g.order, g.key))
