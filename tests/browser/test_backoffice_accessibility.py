"""Every back-office page outside appeals, signed in as the head, in real Chromium: axe finds no
WCAG 2.1 A/AA violation, at desktop width and at 320 px without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.models import Office

pytestmark = pytest.mark.browser

PAGES = {
    "choose-centre": "/staff/",
    "home": "/staff/{c}/",
    "centre-profile": "/staff/{c}/centre/",
    "offices": "/staff/{c}/offices/",
    "office-new": "/staff/{c}/offices/new/",
    "office-edit": "/staff/{c}/offices/{office}/",
    "office-hours": "/staff/{c}/offices/{office}/hours/",
    "office-special-days": "/staff/{c}/offices/{office}/special-days/",
    "calendar": "/staff/{c}/calendar/",
    "audit-log": "/staff/{c}/audit/",
    "catalog": "/staff/{c}/services/",
    "catalog-new": "/staff/{c}/services/new/",
    "catalog-edit": "/staff/{c}/services/{service}/",
    "catalog-categories": "/staff/{c}/services/categories/",
    "catalog-import": "/staff/{c}/services/import/",
    "people": "/staff/{c}/people/",
    "person-add": "/staff/{c}/people/add/",
    "open-data": "/staff/{c}/open-data/",
    "password-change": "/staff/password-change/",
}


def _url(template: str, public_site) -> str:
    office = Office.objects.filter(centre=public_site.centre).order_by("pk").first()
    return template.format(c=public_site.centre.slug, office=office.pk, service=public_site.card.pk)


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
@pytest.mark.parametrize("name", list(PAGES))
def test_back_office_page_passes_axe_and_reflows(
    signed_in, public_site, staff_member, axe, name, width
):
    page = signed_in(staff_member, width=width)

    response = page.goto(_url(PAGES[name], public_site))

    assert response.status == 200
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_a_refusal_keeps_the_staff_menu_and_names_the_roles_it_needs(
    signed_in, public_site, axe, width
):
    analyst = MembershipFactory(centre=public_site.centre, role=Role.ANALYST).user
    page = signed_in(analyst, width=width)

    response = page.goto(f"/staff/{public_site.centre.slug}/audit/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Немає доступу")).to_be_visible()
    expect(page.get_by_text("Читати журнал аудиту")).to_be_visible()
    assert page.locator("#vd-navigation a", has_text="Черга").count() == 1
    axe(page)
    assert sticking_out(page) == []


def test_staff_pages_use_the_width_of_a_wide_screen(signed_in, public_site, staff_member):
    page = signed_in(staff_member, width=1920)

    page.goto(f"/staff/{public_site.centre.slug}/audit/")

    main = page.locator("main").bounding_box()
    assert main is not None
    assert main["width"] >= 1500
