"""The inbox pages `appeals_inbox.py` measures: filters, searches, deep pages by cursor (the view's
"next" link) and, for comparison, by the old offset."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

CENTRE = "verbivka"
OTHER_CENTRE = "luhove"


@dataclass
class Scenario:
    label: str
    filters: dict[str, Any]
    query: dict[str, str]
    centre: str = CENTRE
    page: int | str = 1
    results: dict[str, Any] = field(default_factory=dict)
    # Keyset pages: the page that follows the row at this offset (the view's "next" link from
    # the page before), reached by its cursor. ``offset``: the old Paginator, for comparison.
    after_row: int | None = None
    is_offset: bool = False

    def path(self, template: str) -> str:
        query = dict(self.query)
        if self.page != 1:
            query["page"] = str(self.page)
        base = template.format(centre=self.centre)
        return base + (f"?{urllib.parse.urlencode(query)}" if query else "")


def scenarios(centre: Any, now: dt.datetime) -> list[Scenario]:
    from django.db.models import Count

    from vidhuk.appeals.models import Appeal

    busiest: Any = (
        Appeal.objects.filter(centre=centre, executor__isnull=False)
        .values("executor_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    quiet: Any = (
        Appeal.objects.filter(centre=centre, executor__isnull=False)
        .values("executor_id")
        .annotate(n=Count("id"))
        .order_by("n")
        .first()
    )
    index = (
        Appeal.objects.filter(centre=centre, registration_year=now.year - 1)
        .order_by("registration_number")
        .values_list("registration_index", flat=True)[5000]
    )
    today = now.date()
    start, end = today - dt.timedelta(days=365 + 90), today - dt.timedelta(days=365)
    return [
        Scenario("first page", {}, {}),
        Scenario(
            "status in progress + overdue",
            {"status": "in_progress", "overdue": True},
            {"status": "in_progress", "deadline": "overdue"},
        ),
        Scenario(
            "overdue, by deadline (benefit holders first)",
            {"overdue": True, "order": "due"},
            {"deadline": "overdue", "order": "due"},
        ),
        Scenario(
            f"busiest executor ({busiest['n']:,} cases)",
            {"executor_id": busiest["executor_id"]},
            {"executor": str(busiest["executor_id"])},
        ),
        Scenario(
            f"quietest executor ({quiet['n']:,} cases)",
            {"executor_id": quiet["executor_id"]},
            {"executor": str(quiet["executor_id"])},
        ),
        Scenario(
            "hotline + 90-day range a year ago",
            {"channel": "hotline", "received_from": start, "received_to": end},
            {
                "channel": "hotline",
                "received_from": start.isoformat(),
                "received_to": end.isoformat(),
            },
        ),
        Scenario("search a word «пандус»", {"query": "пандус"}, {"q": "пандус"}),
        Scenario("search a name «Заїка Богдан»", {"query": "Заїка Богдан"}, {"q": "Заїка Богдан"}),
        Scenario(f"search an index «{index}»", {"query": index}, {"q": index}),
        Scenario("search with no hits «ґзщ»", {"query": "ґзщ"}, {"q": "ґзщ"}),
        Scenario("page 2,000 by cursor", {}, {}, after_row=99_950),
        Scenario(
            "page 2,000 by cursor, by deadline",
            {"order": "due"},
            {"order": "due"},
            after_row=99_950,
        ),
        Scenario(
            "page 2,000 by cursor, oldest first",
            {"order": "received"},
            {"order": "received"},
            after_row=99_950,
        ),
        Scenario(
            "page 2,000 by cursor, hotline",
            {"channel": "hotline"},
            {"channel": "hotline"},
            after_row=20_000,
        ),
        Scenario("hotline, first page", {"channel": "hotline"}, {"channel": "hotline"}),
        Scenario("oldest first, first page", {"order": "received"}, {"order": "received"}),
        Scenario("last page", {}, {}, page="last"),
        Scenario("first page by deadline", {"order": "due"}, {"order": "due"}),
        Scenario(
            "page 2,000 (offset 99,950), the old Paginator", {}, {}, page=2000, is_offset=True
        ),
        Scenario("other centre, first page", {}, {}, centre=OTHER_CENTRE),
    ]


def cursor_after(centre: Any, filters: Any, row: int, page_size: int) -> str:
    """The cursor of the "next" link on the page that ends with the ``row``-th case (found
    once by offset, outside the timing)."""
    from vidhuk.appeals.selectors import appeal_list_for_staff
    from vidhuk.appeals.selectors_inbox import INBOX_SORTS
    from vidhuk.core.keyset import Cursor, cursor_dumps, key_of

    sort = filters.order if filters.order in INBOX_SORTS else "-received"
    edge = appeal_list_for_staff(centre=centre, filters=filters)[row - 1]
    values = key_of(edge, INBOX_SORTS[sort])
    return cursor_dumps(Cursor(sort=sort, values=values, number=row // page_size + 1))
