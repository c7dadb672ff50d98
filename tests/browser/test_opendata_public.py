"""The public open data in real Chromium: the list and a passport page pass axe and do not scroll
sideways on a 320 px phone or a desktop, and with JavaScript off a resident goes from the list to
a dataset's passport and its CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import KYIV, sticking_out
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.factories import AppealFactory

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(320, id="phone"), pytest.param(1280, id="desktop")]


@pytest.fixture
def open_data(public_site, time_machine):
    received = dt.datetime(2026, 5, 12, 11, 0, tzinfo=KYIV)
    AppealFactory.create_batch(
        7, centre=public_site.centre, received_at=received, kind=Kind.PROPOSAL
    )
    time_machine.move_to(dt.datetime(2026, 10, 6, 9, 0, tzinfo=KYIV), tick=True)
    return public_site.centre


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "address",
    ["/{centre}/open-data/", "/{centre}/open-data/appeals-statistics/"],
    ids=["list", "passport"],
)
def test_open_data_pages_pass_axe_and_fit_the_screen(open_page, open_data, axe, width, address):
    page = open_page(width)

    page.goto(address.format(centre=open_data.slug))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_a_resident_reaches_a_passport_and_its_file_without_javascript(open_page, open_data):
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/{open_data.slug}/open-data/")

    page.get_by_role("link", name="Статистика звернень громадян", exact=False).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Статистика звернень громадян до центру надання адміністративних послуг"
    )
    expect(page.get_by_text("Код ЄДРПОУ розпорядника")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Увесь набір, CSV").click()
    assert download.value.suggested_filename == "appeals-statistics.csv"
