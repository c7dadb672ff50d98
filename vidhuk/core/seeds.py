"""Registry of the demo data each app adds (`manage.py seed_demo`, Decidim's component seeds).

`seed_demo` builds the base every app needs (the demo centre, its offices, the catalog and the
staff accounts), then runs each registered seed in order. A seed gets the centre and its offices,
must be idempotent (a second run adds nothing), and returns what it added in one phrase
("звернень і відгуків: 12") plus, optionally, lines to print at the end (set-up links).

An app registers its seed from its `extensions.py`, either as a function or as a dotted path
resolved when the seed runs: the demo's data-making code may live in `vidhuk/demo/`, which sits
above every app and so may not be imported by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import Centre, Office


@dataclass(frozen=True)
class SeedRun:
    centre: Centre
    offices: dict[str, Office]  # by slug


@dataclass(frozen=True)
class SeedResult:
    summary: str  # "<what>: <how many>", joined into the command's one summary line
    notes_title: str = ""
    notes: list[str] = field(default_factory=list)


SeedFunc = Callable[[SeedRun], SeedResult]


@dataclass(frozen=True)
class Seed:
    name: str
    func: SeedFunc | str  # a function, or the dotted path of one
    order: int = 100

    def run(self, run: SeedRun) -> SeedResult:
        func = import_string(self.func) if isinstance(self.func, str) else self.func
        return func(run)  # type: ignore[no-any-return]


_registry: dict[str, Seed] = {}


def register_seed(name: str, func: SeedFunc | str, order: int = 100) -> None:
    _registry[name] = Seed(name=name, func=func, order=order)


def unregister_seed(name: str) -> None:
    _registry.pop(name, None)


def seeds() -> list[Seed]:
    return sorted(_registry.values(), key=lambda s: (s.order, s.name))
