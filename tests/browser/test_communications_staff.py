"""The communications officer's back-office pages in real Chromium on a 320 px phone, by keyboard
alone: a mailing from draft to its progress as the worker sends it, the communication plan, and
the media register (an outlet added, changed and removed through its confirmation page). Every
page passes axe and does not scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.communications.models import (
    Mailing,
    MailingState,
    MediaOutlet,
    PlanMeasure,
    Subscriber,
)
from vidhuk.communications.services.mailings import mailing_send_batch

pytestmark = pytest.mark.browser


def _check(page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


def _tab_to(page, css: str, *, limit: int = 150) -> None:
    """Press Tab until the focused element matches ``css`` (it must be reachable)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("css => document.activeElement.matches(css)", css):
            return
    raise AssertionError(f"{css} not reached in {limit} Tabs")


def _enter(page) -> None:
    """Enter on the focused link or button, waiting for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _value(page, key: str):
    row = page.locator("#mailing-progress .govuk-summary-list__row", has_text=key)
    return row.locator("dd")


def test_officer_drafts_starts_and_follows_a_mailing_by_keyboard(
    signed_in, public_site, staff_member, smtp_mailbox, live_server, axe
):
    centre = public_site.centre
    Subscriber.objects.bulk_create(
        [Subscriber(centre=centre, email=f"r{n}@example.com", confirmed_at="2026-01-01T10:00Z")
         for n in range(3)]
    )  # fmt: skip
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{centre.slug}/communications/mailings/")
    _check(page, axe)

    _tab_to(page, "a[href$='/mailings/new/']")
    _enter(page)
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    _check(page, axe)
    page.get_by_label("Тема листа").fill("Нові години роботи")
    page.get_by_label("Текст листа").fill("З понеділка працюємо до 20:00.")
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Нові години роботи")
    _check(page, axe)
    _tab_to(page, "button[value=start]")
    _enter(page)
    expect(_value(page, "Залишилось")).to_have_text("3")
    _check(page, axe)

    assert mailing_send_batch(base_url=live_server.url) == 3
    page.reload()
    expect(_value(page, "Надіслано")).to_have_text("3")
    expect(_value(page, "Залишилось")).to_have_text("0")
    assert sorted(str(m["To"]) for m in smtp_mailbox.messages) == [
        "r0@example.com", "r1@example.com", "r2@example.com",
    ]  # fmt: skip
    mailing_send_batch(base_url=live_server.url)  # nothing left: the mailing is done
    page.reload()
    expect(page.get_by_text("Надіслано").first).to_be_visible()
    _check(page, axe)
    assert page.locator("button[value=pause]").count() == 0
    assert Mailing.objects.get().state == MailingState.DONE


def test_the_communication_plan_opens_a_measure_by_keyboard(
    signed_in, public_site, staff_member, axe
):
    centre = public_site.centre
    measure = PlanMeasure.objects.create(
        centre=centre, block="Інформування мешканців", channel="Сайт",
        description="Публікувати новини про зміни законодавства", target_reach=5000,
    )  # fmt: skip
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{centre.slug}/communications/plan/")
    expect(page.get_by_text("Публікувати новини про зміни законодавства")).to_be_visible()
    _check(page, axe)

    _tab_to(page, f"a[href$='/plan/{measure.pk}/']")
    _enter(page)
    expect(page.locator("main form")).to_be_visible()
    _check(page, axe)


def test_officer_adds_changes_and_removes_an_outlet_by_keyboard(
    signed_in, public_site, staff_member, axe
):
    centre = public_site.centre
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{centre.slug}/communications/media/")
    _check(page, axe)

    _tab_to(page, "a[href$='/media/new/']")
    _enter(page)
    page.get_by_label("Назва").fill("Вербівські вісті")
    page.get_by_label("Вид").select_option(label="Друковане видання")
    page.get_by_label("Охоплення").fill("-5")
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Не менше 0.")
    _check(page, axe)
    page.get_by_label("Охоплення").fill("500")
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("Медіа додано.")).to_be_visible()
    _check(page, axe)

    outlet = MediaOutlet.objects.get(centre=centre)
    _tab_to(page, f"a[href$='/media/{outlet.pk}/edit/']")
    _enter(page)
    expect(page.get_by_label("Назва")).to_have_value("Вербівські вісті")
    _check(page, axe)
    page.get_by_label("Регіон").fill("Вербівська громада")
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("Зміни збережено.")).to_be_visible()

    _tab_to(page, f"a[href$='/media/{outlet.pk}/delete/']")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Видалити «Вербівські вісті»?")
    _check(page, axe)
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("«Вербівські вісті» видалено.")).to_be_visible()
    _check(page, axe)
    assert not MediaOutlet.objects.filter(centre=centre).exists()
