"""The board on the portal, through core's extension points: the home page's block of the latest
«ми зробили» and the footer link on every residents' page — the portal names no decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from vidhuk.core import portal

from .board_data import board_fixture  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_portal_home_shows_the_latest_done_decision_and_links_to_the_board(client, board):
    html = client.get(reverse("portal:home", args=[board.centre.slug])).content.decode()
    start = html.index('id="decisions-latest-title"')
    block = html[start : html.index("</section>", start)]

    assert "Запис на час у Луговому" in block
    assert "Виконано 20.04.2026" in block
    assert "Додаткові місця" not in block  # still in progress
    assert f'href="/{board.centre.slug}/decisions/"' in block


def test_portal_home_has_no_block_before_anything_is_done(client, centre):
    html = client.get(reverse("portal:home", args=[centre.slug])).content.decode()

    assert 'id="decisions-latest-title"' not in html


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("portal:home", id="home"),
        pytest.param("portal:privacy", id="privacy"),
        pytest.param("catalog:list", id="catalog"),
    ],
)
def test_every_residents_page_links_to_the_board_in_its_footer(client, centre, page):
    html = client.get(reverse(page, args=[centre.slug])).content.decode()
    footer = html[html.index('id="vd-footer-links-title"') :]

    assert f'<a class="vd-footer__link" href="/{centre.slug}/decisions/">' in footer
    assert "Ви сказали — ми зробили" in footer


def test_a_throwaway_block_and_footer_link_appear_and_go(client, centre):
    portal.register_footer_link(
        portal.FooterLink(key="lantern", order=1, label="Ліхтарі", url=lambda c: "/ліхтарі/")
    )
    portal.register_block(
        portal.Block(
            key="lantern",
            order=1,
            template="decisions/public/includes/state_tag.html",
            context=lambda c, now: {},
        )
    )
    try:
        with_it = portal.footer_links(centre=centre)
        blocks = [card.key for card in portal.block_cards(centre=centre, now=timezone.now())]
    finally:
        portal.unregister("lantern")

    assert ("Ліхтарі", "/ліхтарі/") in with_it
    assert "lantern" in blocks
    assert ("Ліхтарі", "/ліхтарі/") not in portal.footer_links(centre=centre)
