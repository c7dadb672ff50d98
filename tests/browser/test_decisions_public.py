"""The public board «Ви сказали — ми зробили» in real Chromium: the board and a decision's page
pass axe and do not scroll sideways on a 320 px phone or a desktop, the filters work with
JavaScript off, and a resident reaches a decision and its poster with the keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import KYIV, sticking_out
from vidhuk.decisions.tests.board_data import build_board

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(320, id="phone"), pytest.param(1280, id="desktop")]


@pytest.fixture
def board(public_site, time_machine):
    built = build_board(public_site.centre, time_machine)
    # The board's day, with the clock ticking as the live server needs.
    time_machine.move_to(dt.datetime(2026, 6, 15, 12, 20, tzinfo=KYIV), tick=True)
    return built


@pytest.mark.parametrize("width", WIDTHS)
def test_board_passes_axe_and_fits_the_screen(open_page, board, axe, width):
    # JavaScript on for axe (with it off axe's timers never fire); the board without it is
    # the filter and keyboard tests below.
    page = open_page(width)

    page.goto(f"/{board.centre.slug}/decisions/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ви сказали — ми зробили")
    expect(page.get_by_text("Виконано: 50 %")).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_decision_page_passes_axe_and_fits_the_screen(open_page, board, axe, width):
    page = open_page(width)

    page.goto(f"/{board.centre.slug}/decisions/{board.seats.number}/")

    expect(page.get_by_role("heading", name="Етапи виконання")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "50")
    axe(page)
    assert sticking_out(page) == []


def test_filters_work_without_javascript(open_page, board):
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/{board.centre.slug}/decisions/")

    page.get_by_label("Стан").select_option(label="Прострочені")
    page.get_by_role("button", name="Показати").click()

    decisions = page.locator("ol[aria-labelledby='decisions-title'] > li")
    expect(decisions).to_have_count(1)
    expect(decisions.first).to_contain_text("Додаткові місця в залі очікування")
    expect(page.get_by_label("Стан")).to_have_value("overdue")


def _tab_to(page, name: str, *, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused.startswith(name):
            return
    raise AssertionError(f"«{name}» never took the focus")


def test_a_resident_reaches_a_decision_and_its_poster_with_the_keyboard(open_page, board):
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/{board.centre.slug}/decisions/")

    _tab_to(page, "Рішення № 1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Додаткові місця в залі очікування")
    _tab_to(page, "Плакат А4 з QR-кодом")
    with page.expect_response(lambda r: r.url.endswith("/poster.pdf")) as poster:
        page.keyboard.press("Enter")

    assert poster.value.status == 200
    assert poster.value.headers["content-type"] == "application/pdf"
