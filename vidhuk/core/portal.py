"""Registry of what the public portal shows for each app: task tiles, links, service-card actions.

Each app registers its contributions from its `extensions.py` (calling a `portal_tiles.py` of its
own), so the portal's home page and the service card never import a domain app (Wagtail hooks,
Decidim's component manifest).

- A **tile** is a large task on the home page: a label, a short description, a URL for the centre
  (``None`` hides the tile, e.g. when no survey is published) and, optionally, today's state in a
  few words ("3 people waiting", "next free time: tomorrow at 09:00").
- A **link** is a secondary link under the tiles (published survey results and the like).
- A **block** is a section of the home page drawn by the app's own template fragment (the latest
  items of a public board and the like); its ``context`` returns the fragment's context, or
  ``None`` to leave the block out.
  ``place`` says where: ``"top"`` under the tiles, ``"main"`` in the main column before the
  links (the catalog's search), ``"main_end"`` after them (services by topic).
- A **navigation link** is an item of the site's navigation bar (Services, Feedback), current
  on every page of its URL namespace.
- A **feedback link** is where residents write to the centre (the accessibility statement
  points to it).
- A **footer link** is a link in the footer of every residents' page of the centre. Its ``url``
  runs on every page, so it must run no query (reverse a URL, nothing more).
- A **service action** is a button on a service's information card ("book this service").
- A **personal-data kind** is a row of the privacy policy: what the app collects, why, and how
  long it keeps it — read from the centre's own settings, so the page stays true.

Every callable gets the centre (and the service, for actions) and must run a fixed number of
queries whatever the amount of data: the home page's query count is tested.

**Reads.** A tile, a block or a group of links may name what it reads instead of querying: its
``reads(centre, now)`` returns named ``Count``/``Rows`` of querysets (``vidhuk.core.readtogether``)
and the home page sends every contribution's reads, with its own (the offices' hours, special
days and calendar), in ONE statement. Each callable of such a contribution then gets a ``Reads``
as its last argument: its values by name, and what the page read for everyone — the centre's
active offices and their ``OpeningData`` from today (so booking's «next free time» and the
office cards share one reading of the hours).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .readtogether import Read, read_together

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre, Office
    from .opening import OpeningData

# A contribution's reads: named counts and rows (``vidhuk.core.readtogether``).
ReadsOf = Callable[["Centre", dt.datetime], dict[str, Read]]


@dataclass(frozen=True)
class Reads:
    """What a contribution that declared ``reads`` gets as its callables' last argument."""

    values: dict[str, Any]  # its own reads' results, by name
    offices: list[Office]  # the centre's active offices, in the portal's order
    opening: OpeningData | None  # their hours, special days and calendar from today on


@dataclass(frozen=True)
class HomeData:
    """Everything the home page read in its one statement (``home_reads``)."""

    values: dict[str, Any]  # every contribution's reads as "Kind:key:name"
    offices: list[Office] = field(default_factory=list)
    opening: OpeningData | None = None

    def reads_of(self, contribution: Tile | Block | PortalLinks) -> Reads:
        prefix = _prefix(contribution)
        values = {k[len(prefix) :]: v for k, v in self.values.items() if k.startswith(prefix)}
        return Reads(values=values, offices=self.offices, opening=self.opening)


@dataclass(frozen=True)
class Tile:
    key: str
    order: int
    label: Promise | str
    description: Promise | str
    url: Callable[..., str | None]  # (centre) or, with reads, (centre, reads)
    state: Callable[..., str] | None = None  # (centre, now) or, with reads, (centre, now, reads)
    reads: ReadsOf | None = None


@dataclass(frozen=True)
class TileCard:
    key: str
    label: str
    description: str
    url: str
    state: str


@dataclass(frozen=True)
class PortalLinks:
    key: str
    order: int
    links: Callable[
        ..., Iterable[tuple[str, str]]
    ]  # (label, url) pairs; with reads: (centre, reads)
    reads: ReadsOf | None = None


@dataclass(frozen=True)
class Block:
    key: str
    order: int
    template: str
    context: Callable[
        ..., dict[str, Any] | None
    ]  # (centre, now) or, with reads, (centre, now, reads)
    place: str = "top"
    reads: ReadsOf | None = None


@dataclass(frozen=True)
class NavLink:
    key: str
    order: int
    label: Promise | str
    url_name: str  # a residents' URL taking the centre's slug: no query on every page
    section: str  # the URL namespace whose pages it is current on


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    is_active: bool
    aria_current: str  # "page" on its own page, "true" elsewhere in its section, or ""


@dataclass(frozen=True)
class BlockCard:
    key: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class FooterLink:
    key: str
    order: int
    label: Promise | str
    url: Callable[[Centre], str | None]  # no query: it runs on every residents' page


@dataclass(frozen=True)
class ServiceAction:
    key: str
    order: int
    label: Promise | str
    url: Callable[[Any], str | None]  # the Service; None when the action does not apply


@dataclass(frozen=True)
class ActionLink:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class PersonalDataKind:
    key: str
    order: int
    title: Promise | str
    what: Promise | str
    purpose: Promise | str
    retention: Callable[[Centre], str]


@dataclass(frozen=True)
class PersonalDataRow:
    key: str
    title: str
    what: str
    purpose: str
    retention: str


_tiles: dict[str, Tile] = {}
_links: dict[str, PortalLinks] = {}
_actions: dict[str, ServiceAction] = {}
_blocks: dict[str, Block] = {}
_footer_links: dict[str, FooterLink] = {}
_nav_links: dict[str, NavLink] = {}
_feedback_links: dict[str, PortalLinks] = {}
_personal_data: dict[str, PersonalDataKind] = {}


def register_tile(tile: Tile) -> None:
    _tiles[tile.key] = tile


def register_links(links: PortalLinks) -> None:
    _links[links.key] = links


def register_block(block: Block) -> None:
    _blocks[block.key] = block


def register_footer_link(link: FooterLink) -> None:
    _footer_links[link.key] = link


def register_nav_link(link: NavLink) -> None:
    _nav_links[link.key] = link


def register_feedback_links(links: PortalLinks) -> None:
    _feedback_links[links.key] = links


def register_service_action(action: ServiceAction) -> None:
    _actions[action.key] = action


def register_personal_data(kind: PersonalDataKind) -> None:
    _personal_data[kind.key] = kind


def unregister(key: str) -> None:
    """Remove a contribution (tests that register a throwaway one clean up with this)."""
    _tiles.pop(key, None)
    _links.pop(key, None)
    _actions.pop(key, None)
    _personal_data.pop(key, None)
    _blocks.pop(key, None)
    _footer_links.pop(key, None)
    _nav_links.pop(key, None)
    _feedback_links.pop(key, None)


def home_reads(*, centre: Centre, now: dt.datetime) -> dict[str, Read]:
    """The reads of every tile, block and group of links, as "Kind:key:name", to send
    together."""
    found: dict[str, Read] = {}
    contributions: list[Tile | Block | PortalLinks] = [
        *_tiles.values(),
        *_blocks.values(),
        *_links.values(),
    ]
    for contribution in contributions:
        if contribution.reads is not None:
            for name, read in contribution.reads(centre, now).items():
                found[f"{_prefix(contribution)}{name}"] = read
    return found


def _prefix(contribution: Tile | Block | PortalLinks) -> str:
    """A tile and a block may share a key: their reads may not."""
    return f"{type(contribution).__name__}:{contribution.key}:"


def _home_data(centre: Centre, now: dt.datetime, data: HomeData | None) -> HomeData:
    """What the caller read, else the contributions' reads on their own (one statement)."""
    if data is not None:
        return data
    return HomeData(values=read_together(home_reads(centre=centre, now=now)))


def tile_cards(*, centre: Centre, now: dt.datetime, data: HomeData | None = None) -> list[TileCard]:
    data = _home_data(centre, now, data)
    cards = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.key)):
        extra = (data.reads_of(tile),) if tile.reads is not None else ()
        url = tile.url(centre, *extra)
        if not url:
            continue
        state = tile.state(centre, now, *extra) if tile.state else ""
        cards.append(
            TileCard(
                key=tile.key,
                label=str(tile.label),
                description=str(tile.description),
                url=url,
                state=state,
            )
        )
    return cards


def portal_links(
    *, centre: Centre, now: dt.datetime | None = None, data: HomeData | None = None
) -> list[tuple[str, str]]:
    data = _home_data(centre, now or _now(), data)
    found: list[tuple[str, str]] = []
    for group in sorted(_links.values(), key=lambda g: (g.order, g.key)):
        extra = (data.reads_of(group),) if group.reads is not None else ()
        found.extend(group.links(centre, *extra))
    return found


def block_cards(
    *, centre: Centre, now: dt.datetime, place: str = "top", data: HomeData | None = None
) -> list[BlockCard]:
    data = _home_data(centre, now, data)
    cards = []
    for block in sorted(_blocks.values(), key=lambda b: (b.order, b.key)):
        if block.place != place:
            continue
        extra = (data.reads_of(block),) if block.reads is not None else ()
        context = block.context(centre, now, *extra)
        if context is not None:
            cards.append(BlockCard(key=block.key, template=block.template, context=context))
    return cards


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def nav_items(*, centre_slug: str, view_name: str, namespace: str) -> list[NavItem]:
    """The registered navigation links, the one of the current page's section marked."""
    from django.urls import reverse

    items = []
    for link in sorted(_nav_links.values(), key=lambda n: (n.order, n.key)):
        is_active = namespace == link.section
        aria_current = "page" if view_name == link.url_name else ("true" if is_active else "")
        url = reverse(link.url_name, args=[centre_slug])
        items.append(NavItem(link.key, str(link.label), url, is_active, aria_current))
    return items


def feedback_links(*, centre: Centre) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for group in sorted(_feedback_links.values(), key=lambda g: (g.order, g.key)):
        found.extend(group.links(centre))
    return found


def footer_links(*, centre: Centre) -> list[tuple[str, str]]:
    found = []
    for link in sorted(_footer_links.values(), key=lambda f: (f.order, f.key)):
        url = link.url(centre)
        if url:
            found.append((str(link.label), url))
    return found


def service_actions(*, service: Any) -> list[ActionLink]:
    found = []
    for action in sorted(_actions.values(), key=lambda a: (a.order, a.key)):
        url = action.url(service)
        if url:
            found.append(ActionLink(key=action.key, label=str(action.label), url=url))
    return found


def personal_data_rows(*, centre: Centre) -> list[PersonalDataRow]:
    return [
        PersonalDataRow(
            key=kind.key,
            title=str(kind.title),
            what=str(kind.what),
            purpose=str(kind.purpose),
            retention=kind.retention(centre),
        )
        for kind in sorted(_personal_data.values(), key=lambda k: (k.order, k.key))
    ]
