"""The inbox page by page with keyset cursors: every case exactly once in each sort order, forward
and backward, filters honoured, no OFFSET on a deep page, bad cursors answered with the first
page and a message."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Channel
from vidhuk.appeals.selectors import InboxFilters, appeal_list_for_staff
from vidhuk.appeals.selectors_inbox import (
    INBOX_PAGE_SIZE,
    INBOX_SORTS,
    InboxPosition,
    appeal_inbox_page,
)
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.staff_pages import BASE, NOW, _page

frozen = factories.frozen
REFUSED = "Посилання на сторінку списку застаріле або пошкоджене, тому показано першу сторінку."


@pytest.fixture
def many(frozen, centre, other_centre):
    """230 cases with ties everywhere: 7 moments of receipt, a third without a deadline, a few
    benefit holders, two channels; 30 of another centre that no page may show."""
    picker = random.Random(15)
    moments = [NOW - dt.timedelta(hours=h) for h in range(7)]
    for number in range(230):
        AppealFactory(
            centre=centre,
            received_at=picker.choice(moments),
            due_at=None if number % 3 == 0 else NOW + dt.timedelta(days=picker.randint(0, 3)),
            is_benefit_holder=number % 11 == 0,
            channel=Channel.HOTLINE if number % 4 == 0 else Channel.WEB,
        )
    for _number in range(30):
        AppealFactory(centre=other_centre, received_at=moments[0])
    return centre


def _walk(centre, filters, *, backward: bool) -> list[int]:
    page = appeal_inbox_page(
        centre=centre,
        filters=filters,
        position=InboxPosition(is_last=True) if backward else InboxPosition(),
    )
    pages = [[a.pk for a in page.appeals]]
    while page.previous_cursor if backward else page.next_cursor:
        position = (
            InboxPosition(before=page.previous_cursor)
            if backward
            else InboxPosition(after=page.next_cursor)
        )
        page = appeal_inbox_page(centre=centre, filters=filters, position=position)
        pages.append([a.pk for a in page.appeals])
    if backward:
        pages.reverse()
    assert all(len(ids) == INBOX_PAGE_SIZE for ids in pages[:-1])
    return [pk for ids in pages for pk in ids]


@pytest.mark.parametrize("order", list(INBOX_SORTS))
@pytest.mark.parametrize("backward", [False, True], ids=["forward", "backward"])
@pytest.mark.parametrize("channel", ["", Channel.HOTLINE], ids=["all", "hotline"])
def test_keyset_pages_list_every_case_exactly_once_in_the_sort_order(
    many, order, backward, channel
):
    filters = InboxFilters(order=order, channel=channel)
    expected = list(
        appeal_list_for_staff(centre=many, filters=filters).values_list("pk", flat=True)
    )

    walked = _walk(many, filters, backward=backward)

    assert walked == expected
    assert len(expected) == (58 if channel else 230)


def test_a_deep_page_reads_from_its_cursor_without_an_offset(many):
    filters = InboxFilters(order="due")
    page = appeal_inbox_page(centre=many, filters=filters, position=InboxPosition())
    page = appeal_inbox_page(
        centre=many, filters=filters, position=InboxPosition(after=page.next_cursor)
    )

    with CaptureQueriesContext(connection) as queries:
        third = appeal_inbox_page(
            centre=many, filters=filters, position=InboxPosition(after=page.next_cursor)
        )

    assert third.number == 3
    assert len(queries) == 2  # the count and the page
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)


def test_the_view_links_the_next_page_and_shows_its_number(staff_client, many):
    client, _membership = staff_client(Role.HEAD)
    first = client.get(BASE, {"order": "received"})

    second = client.get(BASE, {"order": "received", "after": first.context["page"].next_cursor})

    assert second.status_code == 200
    assert second.context["page"].number == 2
    assert 'aria-current="page"' in _page(second)
    assert "Сторінка 2" in _page(second)
    assert {a.pk for a, _s in second.context["rows"]}.isdisjoint(
        {a.pk for a, _s in first.context["rows"]}
    )


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"after": "nonsense"}, id="unreadable"),
        pytest.param({"before": "W1siIl1d:1abc:xyz"}, id="forged"),
        pytest.param({"page": "²²"}, id="odd-number"),
        pytest.param({"page": "9999"}, id="far-page-number"),
        pytest.param({"after": "x" * 5000}, id="too-long"),
    ],
)
def test_a_bad_position_shows_the_first_page_with_a_message(staff_client, many, params):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(BASE, params)

    assert response.status_code == 200
    assert REFUSED in _page(response)
    assert response.context["page"].number == 1
    assert len(response.context["rows"]) == INBOX_PAGE_SIZE


def test_a_cursor_of_another_sort_order_is_refused(staff_client, many):
    client, _membership = staff_client(Role.HEAD)
    cursor = client.get(BASE, {"order": "due"}).context["page"].next_cursor

    response = client.get(BASE, {"order": "received", "after": cursor})

    assert REFUSED in _page(response)
    assert response.context["page"].number == 1


def test_the_last_page_holds_the_remainder(staff_client, many):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(BASE, {"page": "last"})

    assert response.context["page"].number == 5
    assert len(response.context["rows"]) == 30
    assert REFUSED not in _page(response)
