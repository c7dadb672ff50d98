"""Past the rate limit a resident's form comes back with what they typed, under a message read
out at once; the sign-in unlock page works by keyboard. axe-core checks each at phone width."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEXT = "Довго чекала в черзі, хоча була записана."


def test_the_rate_limited_form_keeps_what_was_typed(
    open_page, public_site, axe, settings, time_machine
):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 0
    page = open_page(320)
    page.goto(f"/{public_site.centre.slug}/appeals/new/quality_remark/anonymous/")

    page.get_by_label("Що сталося?").fill(TEXT)
    # A person takes seconds to write: the limit is checked once nothing else is wrong.
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=6), tick=True)
    page.get_by_role("button", name="Надіслати").click()

    expect(page.get_by_role("alert")).to_contain_text("надіслали забагато форм")
    expect(page.get_by_label("Що сталося?")).to_have_value(TEXT)
    expect(page).to_have_title(re.compile(r"^Не надіслано: "))
    axe(page)


def test_asking_for_an_unlock_link_by_keyboard(open_page, public_site, axe):
    page = open_page(320)
    page.goto("/staff/login/unlock/")
    axe(page)

    page.locator("#id_mail-login").focus()
    page.keyboard.type("nobody@example.com")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Перевірте пошту")
    axe(page)
