"""«Ви сказали — ми зробили» in the back office, in real Chromium on a
320 px phone: the head makes a finding, records the order that answers it, adds a milestone,
adopts the decision, marks the milestone and the decision done and confirms the effect. Every
page on the way passes axe and does not scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.decisions.choices import DecisionState, FindingState
from vidhuk.decisions.models import Decision, Finding

pytestmark = pytest.mark.browser


def _check(page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


def test_head_follows_a_finding_to_a_verified_decision(signed_in, public_site, staff_member, axe):
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{public_site.centre.slug}/decisions/")
    _check(page, axe)

    page.get_by_role("link", name="Новий висновок").click()
    page.get_by_role("button", name="Створити висновок").click()
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    _check(page, axe)
    page.get_by_label("Назва висновку").fill("Мало місць у залі очікування")
    page.locator("#id_summary").fill("14 скарг за березень; оцінка місць 2,9 з 5 (n = 214).")
    page.get_by_label("Тема").fill("Місця очікування")
    page.get_by_role("button", name="Створити висновок").click()

    expect(page.get_by_text("Висновок № 1 створено.")).to_be_visible()
    _check(page, axe)
    page.get_by_role("link", name="Записати рішення").click()
    page.get_by_label("Розпорядження керівника").check()
    page.get_by_label("Номер документа").fill("45-р")
    page.get_by_label("Дата документа").fill("2026-12-01")
    page.get_by_label("Відповідальний підрозділ").fill("Відділ «ЦНАП»")
    page.get_by_label("Виконати до").fill("2027-01-29")
    page.locator("#id_summary").fill("Додамо 12 місць у залі очікування.")
    _check(page, axe)
    page.get_by_role("button", name="Записати рішення").click()

    expect(page.get_by_text("Рішення № 1 записано як чернетку.")).to_be_visible()
    page.get_by_role("link", name="Додати етап").click()
    page.get_by_label("Етап", exact=True).fill("Встановити лави")
    page.get_by_label("Заплановано на").fill("2026-12-20")
    page.get_by_label("Вага").fill("2")
    page.get_by_role("button", name="Зберегти етап").click()

    page.get_by_role("link", name="Ухвалити").click()
    _check(page, axe)
    page.get_by_role("button", name="Підтвердити").click()
    expect(page.get_by_text("Стан рішення: «Ухвалено».")).to_be_visible()
    page.get_by_role("button", name="Виконано сьогодні «Встановити лави»").click()
    expect(page.get_by_text("100%")).to_be_visible()
    page.get_by_role("link", name="Позначити виконаним").click()
    page.get_by_role("button", name="Підтвердити").click()
    page.get_by_role("link", name="Підтвердити ефект").click()
    page.get_by_role("button", name="Підтвердити").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Опишіть, як перевірено ефект")
    _check(page, axe)
    page.get_by_label("Як перевірено ефект").fill("Оцінка місць зросла з 2,9 до 4,1 (n = 180).")
    page.get_by_role("button", name="Підтвердити").click()

    expect(page.get_by_text("Стан рішення: «Ефект перевірено».")).to_be_visible()
    expect(page.get_by_text("Оцінка місць зросла з 2,9 до 4,1 (n = 180).").first).to_be_visible()
    _check(page, axe)
    decision = Decision.objects.get(centre=public_site.centre)
    finding = Finding.objects.get(centre=public_site.centre)
    assert (decision.state, decision.public_revision) == (DecisionState.VERIFIED, 3)
    assert finding.state == FindingState.DECIDED
    assert list(decision.findings.all()) == [finding]


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (fails when it never does)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def test_a_finding_is_made_with_the_keyboard_alone_without_javascript(
    signed_in, public_site, staff_member
):
    page = signed_in(staff_member, java_script_enabled=False)
    page.goto(f"/staff/{public_site.centre.slug}/decisions/")

    _tab_to(page, "a[href$='/findings/new/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/findings/new/$"))
    _tab_to(page, "#id_title")
    page.keyboard.type("Задуха в залі")
    _tab_to(page, "#id_summary")
    page.keyboard.type("Влітку скаржаться на задуху: 9 відгуків.")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Висновок № 1 створено.")).to_be_visible()
    finding = Finding.objects.get(centre=public_site.centre)
    assert (finding.title, finding.state) == ("Задуха в залі", FindingState.OPEN)
