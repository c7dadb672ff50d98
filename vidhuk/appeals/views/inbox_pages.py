"""The inbox's page links for the GOV.UK pagination component: previous and next by cursor, the
first and the last page, and the numbers next to the current one — each one a cheap page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from ..selectors_inbox import InboxPage


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the ellipsis
    href: str = ""
    is_current: bool = False


@dataclass(frozen=True)
class PageLinks:
    previous: str
    next: str
    items: list[PageLink]
    has_other_pages: bool


def inbox_page_links(page: InboxPage, querystring: str) -> PageLinks:
    """1 … n−1 [n] n+1 … last: the neighbours through the page's cursors, the first page
    without any, the last one read from the end."""

    def href(**position: str) -> str:
        parts = [querystring] if querystring else []
        parts += [urlencode(position)] if position else []
        return "?" + "&".join(parts)

    first, last = href(), href(page="last")
    previous = href(before=page.previous_cursor) if page.previous_cursor else ""
    following = href(after=page.next_cursor) if page.next_cursor else ""
    n = page.number
    items: list[PageLink] = []
    if n > 1:
        items.append(PageLink(1, first))
        if n > 3:
            items.append(PageLink(None))
        if n > 2 and previous:
            items.append(PageLink(n - 1, previous))
    items.append(PageLink(n, is_current=True))
    if n < page.last_number:
        if n + 1 < page.last_number and following:
            items.append(PageLink(n + 1, following))
        if n + 2 < page.last_number:
            items.append(PageLink(None))
        items.append(PageLink(page.last_number, last))
    return PageLinks(
        previous=previous,
        next=following,
        items=items,
        has_other_pages=page.last_number > 1,
    )
