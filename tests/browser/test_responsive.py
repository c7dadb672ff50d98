"""Pages reflow without horizontal scrolling (WCAG 1.4.10 Reflow, 1.4.4 Resize text).

320 CSS pixels is a small phone and also a 1280-pixel desktop at 400% zoom; 640 CSS pixels at
device scale 2 is the same desktop at 200% zoom.
"""

import pytest

from tests.browser.conftest import sticking_out

pytestmark = pytest.mark.browser

SCREENS = [
    pytest.param({"width": 320, "device_scale_factor": 1}, id="phone-320"),
    pytest.param({"width": 640, "device_scale_factor": 2}, id="desktop-zoom-200"),
]
PAGES = [
    pytest.param("/{centre}/", id="centre-home"),
    pytest.param("/{centre}/services/", id="catalog"),
    pytest.param("/{centre}/services/{card}/", id="card"),
    pytest.param("/{centre}/services/{card}/print/", id="card-print"),
]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("address", PAGES)
def test_page_does_not_scroll_sideways(open_page, public_site, address, screen):
    page = open_page(screen["width"], device_scale_factor=screen["device_scale_factor"])
    page.goto(address.format(centre=public_site.centre.slug, card=public_site.card.slug))

    assert sticking_out(page) == []
