"""The public catalog works with the keyboard alone, and you can always see where you are.

Before any key is pressed the resting style of every focusable element is remembered; after each
Tab the focused element must look different in a way a person can see (an outline that is not
transparent, a box shadow or a background colour that the resting element does not have) —
WCAG 2.4.7 Focus Visible.
"""

from urllib.parse import SplitResult, parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

_REMEMBER_RESTING_STYLES = """() => {
  const look = (s) => ({
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    boxShadow: s.boxShadow,
    background: s.backgroundColor,
  });
  window.vdResting = new Map();
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]';
  for (const el of document.querySelectorAll(focusable)) {
    window.vdResting.set(el, look(getComputedStyle(el)));
  }
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const focused = {
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    boxShadow: s.boxShadow,
    background: s.backgroundColor,
  };
  const transparent = (colour) => colour === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(colour);
  const visible = {
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !transparent(s.outlineColor),
    boxShadow: s.boxShadow !== 'none',
    background: !transparent(s.backgroundColor),
  };
  const resting = (window.vdResting && window.vdResting.get(el)) || null;
  const rect = el.getBoundingClientRect();
  return {
    element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className
         ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
    tag: el.tagName.toLowerCase(),
    id: el.id,
    href: el.getAttribute('href'),
    text: el.textContent.trim().replace(/\\s+/g, ' '),
    isBody: el === document.body,
    inViewport: rect.width > 10 && rect.height > 10 && rect.top >= 0 && rect.left >= 0
      && rect.bottom <= window.innerHeight && rect.right <= window.innerWidth,
    focused,
    resting,
    indicator: Object.keys(focused).filter(
      (key) => visible[key] && (resting === null || resting[key] !== focused[key])
    ),
  };
}"""


def _load(page, url: str) -> None:
    page.goto(url)
    page.evaluate(_REMEMBER_RESTING_STYLES)


def _follow(page, key: str) -> SplitResult:
    """Press a key that loads another page; the new page's resting styles are remembered."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.evaluate(_REMEMBER_RESTING_STYLES)
    return urlsplit(page.url)


def _press(page, key: str) -> dict:
    page.keyboard.press(key)
    return page.evaluate(_FOCUSED)


def _tab_until(page, css: str, *, limit: int = 40) -> list[dict]:
    """Press Tab until the focused element matches `css`; every stop is returned."""
    stops = [_press(page, "Tab")]
    while not page.evaluate("css => document.activeElement.matches(css)", css):
        assert len(stops) < limit, f"{css} not reached in {limit} Tabs: {stops[-1]['element']}"
        stops.append(_press(page, "Tab"))
    return stops


def _tab_through_page(page, *, limit: int = 120) -> list[dict]:
    """Every stop of Tab from the top of the page until focus leaves the document."""
    stops = [_press(page, "Tab")]
    while not stops[-1]["isBody"]:
        assert len(stops) < limit, f"Tab order longer than {limit} stops"
        stops.append(_press(page, "Tab"))
    return stops[:-1]


def _without_indicator(stops: list[dict]) -> list[str]:
    return [
        f"{s['element']} «{s['text'][:40]}»: focused {s['focused']}, resting {s['resting']}"
        for s in stops
        if not s["indicator"]
    ]


def test_catalog_search_and_a_card_by_keyboard_alone(page, public_site):
    _load(page, public_site.home)

    skip_link = _press(page, "Tab")
    main = _press(page, "Enter")
    to_search = _tab_until(page, "#home-search")  # past the task tiles
    search_box = to_search[-1]
    page.keyboard.type("паспорт")
    results = _follow(page, "Enter")
    page.keyboard.press("Tab")  # the skip link again
    page.keyboard.press("Enter")
    to_result = _tab_until(page, ".vd-service-list a")
    chosen = to_result[-1]
    card = _follow(page, "Enter")

    assert (skip_link["href"], skip_link["inViewport"]) == ("#main-content", True)
    assert (main["tag"], main["id"]) == ("main", "main-content")
    assert search_box["id"] == "home-search"
    assert results.path == public_site.catalog
    assert parse_qs(results.query) == {"q": ["паспорт"]}
    assert card.path == chosen["href"]
    assert page.locator("h1").inner_text() == chosen["text"]
    assert to_search[0]["text"] == "Знайти послугу"  # the first tile comes first
    assert _without_indicator([skip_link, *to_search, *to_result]) == []


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("/{centre}/", id="centre-home"),
        pytest.param("/{centre}/services/?q=паспорт", id="catalog-search"),
        pytest.param("/{centre}/services/{card}/", id="card"),
        pytest.param("/staff/login/", id="staff-sign-in"),
    ],
)
def test_every_stop_of_the_tab_order_shows_where_focus_is(page, public_site, address):
    _load(page, address.format(centre=public_site.centre.slug, card=public_site.card.slug))

    stops = _tab_through_page(page)

    assert len(stops) >= 5
    assert _without_indicator(stops) == []


def test_language_switch_works_by_keyboard(page, public_site):
    _load(page, public_site.home)

    to_english = _tab_until(page, ".vd-language-switch__button")
    in_english = _follow(page, "Enter")
    english = {
        "lang": page.locator("html").get_attribute("lang"),
        "current": page.locator(".vd-language-switch__current").inner_text(),
    }
    to_ukrainian = _tab_until(page, ".vd-language-switch__button")
    in_ukrainian = _follow(page, "Enter")  # a link now: Enter follows it, Space scrolls

    assert to_english[-1]["text"] == "English"
    assert in_english.path == f"/en/{public_site.centre.slug}/"
    assert english == {"lang": "en", "current": "English"}
    assert to_ukrainian[-1]["text"] == "Українська"
    assert in_ukrainian.path == public_site.home
    assert page.locator("html").get_attribute("lang") == "uk"
    assert _without_indicator([*to_english, *to_ukrainian]) == []
