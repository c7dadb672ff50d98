"""Every back-office page outside appeals, signed in as the head, in real Chromium: axe finds no
WCAG 2.1 A/AA violation, at desktop width and at 320 px without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sticking_out
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
