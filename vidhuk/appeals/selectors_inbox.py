"""The inbox page by page: keyset pagination in each of the inbox's sort orders
(``vidhuk.core.keyset``), so a deep page costs what the first does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from vidhuk.core.keyset import (
    Cursor,
    SortKey,
    cursor_dumps,
    cursor_loads,
    key_of,
    keyset_slice,
)
from vidhuk.core.models import Centre

from .models import Appeal
from .selectors import InboxFilters, appeal_list_for_staff

INBOX_PAGE_SIZE = 50
# Old page numbers in addresses (``?page=3``) are served by offset while that is cheap.
OFFSET_PAGES = 20

# The orders of ``appeal_list_for_staff``, the primary key last so every position is unique.
INBOX_SORTS: dict[str, list[SortKey]] = {
    "-received": [SortKey("received_at", descending=True), SortKey("id", descending=True)],
    "received": [SortKey("received_at"), SortKey("id")],
    "due": [
        SortKey("is_benefit_holder", descending=True),
        SortKey("due_at", nullable=True),
        SortKey("received_at"),
        SortKey("id"),
    ],
}


@dataclass(frozen=True)
class InboxPosition:
    """Where the member asked to be: a cursor (``after``/``before``), the last page or a page
    number; all blank for the first page."""

    after: str = ""
    before: str = ""
    number: int | None = None
    is_last: bool = False


@dataclass(frozen=True)
class InboxPage:
    appeals: list[Appeal]
    count: int
    number: int
    last_number: int
    # Cursors of the neighbouring pages ("" when there is none).
    previous_cursor: str
    next_cursor: str
    # The address held a position that could not be read: the first page is shown instead.
    is_position_refused: bool = False

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def appeal_inbox_page(
    *,
    centre: Centre,
    filters: InboxFilters,
    position: InboxPosition,
    now: dt.datetime | None = None,
) -> InboxPage:
    """One page of the inbox (``appeal_list_for_staff``, same filters, same centre): two
    queries — the count and the page's 50 rows from the sort key on, never an ``OFFSET``
    beyond ``OFFSET_PAGES`` pages."""
    sort = filters.order if filters.order in INBOX_SORTS else "-received"
    keys = INBOX_SORTS[sort]
    appeals = appeal_list_for_staff(centre=centre, filters=filters, now=now)
    count = appeals.count()
    last_number = max(1, -(-count // INBOX_PAGE_SIZE))
    token, is_before = (position.before, True) if position.before else (position.after, False)
    cursor = cursor_loads(token, sort=sort, keys=keys, is_before=is_before) if token else None
    refused = bool(token) and cursor is None
    if cursor is not None:
        rows, more = keyset_slice(appeals, keys=keys, cursor=cursor, size=INBOX_PAGE_SIZE)
        # Before the cursor with nothing further back, or after it with nothing left (cases
        # closed or re-filed since): the first page, read afresh.
        if rows and (more or not cursor.is_before):
            number = min(cursor.number, last_number)
            has_previous, has_next = (True, True) if cursor.is_before else (True, more)
            return _page(rows, count, number, last_number, sort, keys, has_previous, has_next)
    number = 1
    if position.is_last and not refused:
        number = last_number
    elif position.number is not None and 1 < position.number <= min(OFFSET_PAGES, last_number):
        number = position.number
    elif position.number is not None and position.number != 1:
        refused = True
    start = (number - 1) * INBOX_PAGE_SIZE
    if number == last_number and number > OFFSET_PAGES:
        # The last page, read backwards from the end: as cheap as the first.
        end = Cursor(sort=sort, values=(), number=number, is_before=True)
        rows, _more = keyset_slice(appeals, keys=keys, cursor=end, size=count - start)
    else:
        rows = list(appeals[start : start + INBOX_PAGE_SIZE])
    page = _page(rows, count, number, last_number, sort, keys, number > 1, number < last_number)
    return replace(page, is_position_refused=refused)


def _page(  # noqa: PLR0913
    rows: list[Appeal],
    count: int,
    number: int,
    last_number: int,
    sort: str,
    keys: list[SortKey],
    has_previous: bool,
    has_next: bool,
) -> InboxPage:
    return InboxPage(
        appeals=rows,
        count=count,
        number=number,
        last_number=last_number,
        previous_cursor=_neighbour(rows, sort, keys, number - 1, before=True)
        if has_previous
        else "",
        next_cursor=_neighbour(rows, sort, keys, number + 1, before=False) if has_next else "",
    )


def _neighbour(
    rows: list[Appeal], sort: str, keys: list[SortKey], number: int, *, before: bool
) -> str:
    if not rows:
        return ""
    edge = rows[0] if before else rows[-1]
    return cursor_dumps(
        Cursor(sort=sort, values=key_of(edge, keys), number=number, is_before=before)
    )
