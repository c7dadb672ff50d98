"""The register of services provided in real Chromium, signed in as the head: the list, the
form (with its errors), the import and its preview pass axe (WCAG 2.1 A/AA) at desktop width and
at 320 px without sideways scrolling; a service is recorded with the keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NOW, sticking_out
from vidhuk.analytics.models import ServiceProvision
from vidhuk.core.models import Office

pytestmark = pytest.mark.browser

CSV = "Дата;Код послуги;Результат\n{day};{code};надано\n31.02.2026;{code};надано\n"


def _provisions(site, count=12):
    office = Office.objects.filter(centre=site.centre).order_by("pk").first()
    for number in range(count):
        ServiceProvision.objects.create(
            centre=site.centre, provided_on=NOW.date() - dt.timedelta(days=number), office=office,
            service=site.card, service_title=site.card.name, channel="in_person",
            result="provided", source="manual",
        )  # fmt: skip


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
@pytest.mark.parametrize("path", ["provisions/", "provisions/new/", "provisions/import/", ""])
def test_register_pages_pass_axe_and_reflow(signed_in, public_site, staff_member, axe, path, width):
    _provisions(public_site)
    page = signed_in(staff_member, width=width)

    response = page.goto(f"/staff/{public_site.centre.slug}/analytics/{path}")

    assert response.status == 200
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_the_import_preview_names_the_bad_row_and_passes_axe(
    signed_in, public_site, staff_member, axe, tmp_path, width
):
    export = tmp_path / "справи.csv"
    export.write_text(
        CSV.format(day=f"{NOW.date():%d.%m.%Y}", code=public_site.card.code), encoding="utf-8"
    )
    page = signed_in(staff_member, width=width)
    page.goto(f"/staff/{public_site.centre.slug}/analytics/provisions/import/")

    page.get_by_label("Файл вивантаження (CSV або XLSX)").set_input_files(str(export))
    page.get_by_role("button", name="Перевірити файл").click()

    expect(page.get_by_text("Рядок 3: «31.02.2026» — не дата")).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_a_service_is_recorded_with_the_keyboard_alone(signed_in, public_site, staff_member):
    page = signed_in(staff_member, width=1280, java_script_enabled=False)
    page.goto(f"/staff/{public_site.centre.slug}/analytics/provisions/new/")

    page.get_by_label("Послуга", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Відмовлено").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Внести до реєстру").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Надану послугу внесено до реєстру.")).to_be_visible()
    assert ServiceProvision.objects.get().result == "refused"
