"""What happens when a publication goes out (issue 13, point 1: "fires exactly once — feed
item, subscribers' mail, social post"). Each part of the app registers its action here from
``extensions.py``: ``register_firing_action("mail", func)``; ``func(publication)`` runs once per
publication, inside the transaction that inserts the action's ``PublicationFiring`` row (unique
per publication and action), so two schedulers at once run it once, and an exception rolls the
row back for the next run to try again. A callable should only write and queue (the mail
ledger, a task on commit), never talk to the network itself.

The publication it gets is visible to residents (published, past any embargo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Publication


@dataclass(frozen=True)
class FiringActionEntry:
    action: str  # a PublicationFiring.action value: "feed", "mail", "social", "press"
    func: Callable[[Publication], None]
    order: int = 100


_registry: dict[str, FiringActionEntry] = {}


def register_firing_action(
    action: str, func: Callable[[Publication], None], *, order: int = 100
) -> None:
    _registry[action] = FiringActionEntry(action=action, func=func, order=order)


def unregister_firing_action(action: str) -> None:
    _registry.pop(action, None)


def firing_actions() -> list[FiringActionEntry]:
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.action))
