"""The published quarterly report and gender passport in real Chromium: both pass axe and do
not scroll sideways on a 320 px phone or a desktop; with JavaScript off a resident goes from the
list of reports to a report and on to the gender passport."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.analytics.report import (
    report_draft_build,
    report_publish,
    report_staff_composition_save,
)
from vidhuk.analytics.tests.report_data import build_quarter

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(320, id="phone"), pytest.param(1280, id="desktop")]


@pytest.fixture
def published(public_site):
    centre = public_site.centre
    head = MembershipFactory(centre=centre, role=Role.HEAD).user
    build_quarter(centre)
    report_staff_composition_save(
        centre=centre, year=2026, quarter=1, actor=head,
        composition={"as_of": "2026-03-31", "staff_female": 14, "staff_male": 6},
    )  # fmt: skip
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)
    return report_publish(report=report, actor=head)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        pytest.param("reports/2026-q1/", "Звіт про роботу центру за I квартал 2026", id="report"),
        pytest.param("gender-passport/", "Гендерний паспорт центру", id="passport"),
    ],
)
def test_the_public_pages_pass_axe_and_fit_the_screen(
    open_page, published, axe, width, path, heading
):
    # JavaScript on for axe (with it off axe's timers never fire).
    page = open_page(width)

    page.goto(f"/verbivka/{path}")

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text("не наводиться").first).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_without_javascript_a_resident_reaches_the_report_and_the_passport(open_page, published):
    page = open_page(320, java_script_enabled=False)
    page.goto("/verbivka/reports/")

    page.get_by_role("link", name="Звіт за I квартал 2026").click()
    expect(page.get_by_text("Кількість наданих послуг зросла з 20 до 30.")).to_be_visible()
    page.get_by_role("link", name="Усі звіти").click()
    page.get_by_role("link", name="Гендерний паспорт центру").click()

    row = page.get_by_role("row", name="Працівники центру")
    expect(row).to_contain_text("14")
    expect(row).to_contain_text("+40 в. п.")
