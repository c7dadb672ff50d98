"""The public dashboard in real Chromium: it passes axe and does not scroll sideways on a 320 px
phone or a desktop, and with JavaScript off a resident picks another quarter, reads a chart's
table and downloads its CSV."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.analytics.tests.dashboard_seed import TODAY, seed_dashboard
from vidhuk.surveys.services.questionnaires import questionnaire_install_defaults

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(320, id="phone"), pytest.param(1280, id="desktop")]


@pytest.fixture
def dashboard_centre(public_site, time_machine):
    centre = public_site.centre
    survey = next(
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    time_machine.move_to(TODAY, tick=True)
    seed_dashboard(centre, survey.versions.get())
    return centre


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_passes_axe_and_fits_the_screen(open_page, dashboard_centre, axe, width):
    page = open_page(width)

    page.goto(f"/{dashboard_centre.slug}/dashboard/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Показники роботи центру: III квартал 2026"
    )
    axe(page)
    assert sticking_out(page) == []


def test_without_javascript_a_resident_picks_a_quarter_and_downloads_a_chart(
    open_page, dashboard_centre
):
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/{dashboard_centre.slug}/dashboard/")

    page.get_by_label("Квартал").select_option("2")
    page.get_by_role("button", name="Показати").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Показники роботи центру: II квартал 2026"
    )
    page.goto(f"/{dashboard_centre.slug}/dashboard/")
    table = page.get_by_role(
        "table", name="Дані діаграми «Оцінка центру відвідувачами за національною шкалою»"
    )
    expect(table.get_by_role("row", name="чудово 12")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Завантажити дані «Талони черги за днями тижня» (CSV)"
        ).click()
    assert (
        download.value.suggested_filename
        == f"{dashboard_centre.slug}-tickets-by-weekday-2026-q3.csv"
    )
