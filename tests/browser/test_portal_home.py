"""The resident's home page with an office open and people waiting: the tiles, the map and the
footer reflow at phone widths without scrolling sideways (the old queue table was 383 px wide and
pushed the page at 360–375 px), and axe-core finds nothing on it or on the new pages."""

import pytest

from tests.browser.conftest import sticking_out
from vidhuk.core.choices import OfficeKind
from vidhuk.core.models import Office, Window
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.tests.factories import TicketFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def open_with_a_queue(public_site):
    office = Office.objects.get(centre=public_site.centre, kind=OfficeKind.MAIN)
    office.latitude, office.longitude = 49.5873, 34.5514
    office.directions = "Автобуси № 2, 5 і 7 до зупинки «Центр»."
    office.save()
    for number in ("1", "2"):
        Window.objects.create(centre=office.centre, office=office, number=number)
    from django.utils import timezone

    today = timezone.localdate()
    for purpose in Purpose.values:
        for _ in range(3):
            TicketFactory(office=office, day=today, purpose=purpose, status=TicketStatus.WAITING)
    return public_site


@pytest.mark.parametrize("width", [320, 360, 375])
def test_home_with_an_open_queue_does_not_scroll_sideways(open_page, axe, open_with_a_queue, width):
    page = open_page(width)
    page.goto(open_with_a_queue.home)

    assert page.get_by_role("link", name="Взяти талон у черзі").is_visible()
    assert page.get_by_text("Зараз у черзі 9 людей").is_visible()
    assert page.get_by_text("Зараз відчинено").first.is_visible()
    assert sticking_out(page) == []
    axe(page)


def test_home_links_to_openstreetmap_and_fetches_no_map_tiles(page, axe, open_with_a_queue):
    page.goto(open_with_a_queue.home)

    link = page.get_by_role("link", name="Відкрити на мапі OpenStreetMap")
    assert "openstreetmap.org/?mlat=49.587300&mlon=34.551400" in link.get_attribute("href")
    assert page.get_by_text("Автобуси № 2, 5 і 7").is_visible()
    axe(page)  # `offsite_requests` fails the test if anything was fetched from elsewhere


@pytest.mark.parametrize("address", ["privacy/", "accessibility/", "en/privacy/"])
def test_new_pages_pass_axe(open_page, axe, public_site, address):
    page = open_page(320)
    if address.startswith("en/"):
        page.goto(f"/en{public_site.home}{address[3:]}")
    else:
        page.goto(f"{public_site.home}{address}")

    assert sticking_out(page) == []
    axe(page)


def test_print_button_shows_only_with_javascript(open_page, public_site):
    address = f"{public_site.catalog}{public_site.card.slug}/print/"
    with_js = open_page()
    with_js.goto(address)
    without_js = open_page(java_script_enabled=False)
    without_js.goto(address)

    assert with_js.get_by_role("button", name="Друкувати").is_visible()
    assert not without_js.get_by_role("button", name="Друкувати").is_visible()
