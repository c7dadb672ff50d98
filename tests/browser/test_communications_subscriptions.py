"""A resident subscribes to a centre's news in real Chromium on a 320 px phone, by keyboard alone:
the form (first meeting the error summary), the confirmation link read from the mail the real
SMTP server received, a mailing's «Налаштувати теми» link to the preferences page, and the
unsubscribe page. Every page passes axe and does not scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.communications.models import Subscriber, Topic
from vidhuk.communications.services.mailings import (
    MailingIntake,
    mailing_create,
    mailing_send_batch,
    mailing_start,
)

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


def _link(mailbox, pattern: str) -> str:
    body = mailbox.bodies(mailbox.messages[-1])["text/plain"]
    return re.search(pattern, body).group(1)


@pytest.fixture
def topics(public_site):
    centre = public_site.centre
    return [
        Topic.objects.create(centre=centre, name="Пенсії та соцвиплати", slug="pensii", position=0),
        Topic.objects.create(centre=centre, name="Транспорт", slug="transport", position=1),
    ]


def test_a_resident_subscribes_confirms_changes_topics_and_unsubscribes_by_keyboard(
    open_page, public_site, topics, smtp_mailbox, live_server, axe
):
    centre = public_site.centre
    page = open_page(320)
    page.goto(f"/{centre.slug}/subscribe/")
    _check(page, axe)

    _tab_to(page, "#id_email")
    page.keyboard.type("olena@example.com")
    _tab_to(page, "button[type=submit]")
    _enter(page)
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    _check(page, axe)
    _tab_to(page, f"input[type=checkbox][value='{topics[0].pk}']")
    page.keyboard.press("Space")
    _tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    _tab_to(page, "button[type=submit]")
    _enter(page)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _check(page, axe)
    assert len(smtp_mailbox.messages) == 1
    assert Subscriber.objects.get().confirmed_at is None  # unconfirmed: never mailed
    page.goto(_link(smtp_mailbox, r"https?://[^/\s]+(/\S+/subscribe/confirm/\S+/)"))
    _check(page, axe)
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("Підписку підтверджено")).to_be_visible()
    _check(page, axe)

    intake = MailingIntake(subject="Нові виплати", body="Текст.", segment={}, rate_per_minute=600)
    mailing = mailing_create(centre=centre, intake=intake)
    mailing_start(mailing=mailing)
    assert mailing_send_batch(base_url=live_server.url) == 1
    assert str(smtp_mailbox.messages[-1]["To"]) == "olena@example.com"
    page.goto(_link(smtp_mailbox, r"Налаштувати теми: https?://[^/\s]+(/\S+/)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Налаштування підписки")
    expect(page.get_by_label("Пенсії та соцвиплати")).to_be_checked()
    _check(page, axe)
    _tab_to(page, f"input[type=checkbox][value='{topics[1].pk}']")
    page.keyboard.press("Space")
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("Збережено")).to_be_visible()
    expect(page.get_by_label("Транспорт")).to_be_checked()
    _check(page, axe)

    _tab_to(page, "a[href*='/subscribe/u/']")
    _enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Відписка")
    _check(page, axe)
    _tab_to(page, "main button[type=submit]")
    _enter(page)
    expect(page.get_by_text("Ви відписалися: на olena@example.com")).to_be_visible()
    _check(page, axe)
    subscriber = Subscriber.objects.get()
    assert subscriber.unsubscribed_at is not None
    assert sorted(subscriber.subscriptions.values_list("topic__name", flat=True)) == [
        "Пенсії та соцвиплати", "Транспорт",
    ]  # fmt: skip
