"""News in real Chromium on a 320 px phone: the communications officer writes a publication
(first meeting the error summary), sends it to review and publishes it; residents find it in the
news list, on its page and on the portal's home, and a change in legislation on the card of the
service it affects. Every page passes axe and does not scroll sideways; the public pages work
with JavaScript off and the keyboard alone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NOW, sticking_out
from vidhuk.communications.models import Publication, PublicationKind, PublicationState

pytestmark = pytest.mark.browser


def _check(page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


def test_officer_writes_reviews_and_publishes_news(signed_in, public_site, staff_member, axe):
    slug = public_site.centre.slug
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{slug}/communications/")
    _check(page, axe)

    page.get_by_role("link", name="Нова публікація").click()
    page.get_by_role("button", name="Зберегти чернетку").click()
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    _check(page, axe)
    page.get_by_label("Заголовок", exact=True).fill("Працюємо в суботу")
    page.locator("#id_lead").fill("Цієї суботи центр приймає з 9:00 до 13:00.")
    page.locator("#id_body").fill("<p>Приходьте <strong>без запису</strong>.</p>")
    page.get_by_role("button", name="Зберегти чернетку").click()

    expect(page.get_by_text("Чернетку збережено.")).to_be_visible()
    _check(page, axe)
    page.get_by_role("button", name="Передати на перевірку").click()
    expect(page.get_by_text("Публікацію передано на перевірку.")).to_be_visible()
    page.get_by_role("button", name="Опублікувати зараз").click()
    expect(page.get_by_text("Публікацію опубліковано.")).to_be_visible()
    _check(page, axe)

    publication = Publication.objects.get()
    assert publication.state == PublicationState.PUBLISHED
    assert publication.body == "<p>Приходьте <strong>без запису</strong>.</p>"


@pytest.fixture
def news(public_site):
    centre = public_site.centre
    service = public_site.card
    legislation = Publication.objects.create(
        centre=centre,
        kind=PublicationKind.LEGISLATION,
        title="Нові правила реєстрації місця проживання",
        lead="Заяву можна подати онлайн.",
        body="<p>Зміни до постанови.</p>",
        slug="novi-pravyla",
        state=PublicationState.PUBLISHED,
        published_at=NOW - dt.timedelta(days=1),
        effective_on=(NOW + dt.timedelta(days=20)).date(),
    )
    legislation.services.set([service])
    Publication.objects.create(
        centre=centre,
        title="Працюємо в суботу",
        lead="Цієї суботи центр приймає з 9:00 до 13:00.",
        slug="pratsiuiemo-v-subotu",
        state=PublicationState.PUBLISHED,
        published_at=NOW - dt.timedelta(hours=2),
    )
    return service


def test_news_pages_pass_axe_and_fit_a_phone(open_page, public_site, news, axe):
    slug = public_site.centre.slug
    page = open_page(320)

    page.goto(f"/{slug}/news/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Новини")
    _check(page, axe)
    page.goto(f"/{slug}/news/novi-pravyla/")
    expect(
        page.get_by_text(re.compile(r"Набирає чинності \d\d\.\d\d\.\d{4}")).first
    ).to_be_visible()
    _check(page, axe)
    page.goto(f"/{slug}/")
    expect(page.get_by_role("link", name="Працюємо в суботу")).to_be_visible()
    _check(page, axe)
    page.goto(f"/{slug}/services/{news.slug}/")
    expect(page.get_by_role("region", name="Зміна законодавства")).to_be_visible()
    _check(page, axe)


def test_a_resident_filters_and_opens_news_with_the_keyboard_without_javascript(
    open_page, public_site, news
):
    slug = public_site.centre.slug
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/{slug}/news/")

    page.get_by_label("Вид").select_option(label="Зміна законодавства")
    page.get_by_role("button", name="Показати").press("Enter")
    expect(page.get_by_text("Знайдено 1 публікацію")).to_be_visible()
    link = page.get_by_role("link", name="Нові правила реєстрації місця проживання")
    link.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Нові правила реєстрації місця проживання"
    )
