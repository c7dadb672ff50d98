"""Events and hearings in real Chromium: the list, an event's page, the registration form and
the registrant's own page pass axe and do not scroll sideways on a 320 px phone or a desktop;
a resident registers and cancels with the keyboard alone and JavaScript off."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import KYIV, sticking_out
from vidhuk.communications.models import EventRegistration
from vidhuk.communications.tests.event_factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(320, id="phone"), pytest.param(1280, id="desktop")]
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=KYIV)


@pytest.fixture
def hearing(public_site, time_machine):
    time_machine.move_to(NOW, tick=True)
    return EventFactory(
        centre=public_site.centre,
        kind="hearing",
        capacity=30,
        agenda="1. Графік роботи в суботу.\n2. Пандус біля входу.",
        online_url="https://stream.verbivka.example/hearing",
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path", ["", "{pk}/", "{pk}/register/", "{pk}/registration/?t={token}"],
    ids=["list", "event", "register", "registration"],
)  # fmt: skip
def test_event_pages_pass_axe_and_fit_the_screen(open_page, hearing, axe, width, path):
    registration = RegistrationFactory(event=hearing, name="Оксана")
    page = open_page(width)

    page.goto("/verbivka/events/" + path.format(pk=hearing.pk, token=registration.token))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_a_resident_registers_and_cancels_with_the_keyboard_alone(open_page, hearing, time_machine):
    page = open_page(320, java_script_enabled=False)
    page.goto(f"/verbivka/events/{hearing.pk}/")

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Зареєструватися":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Реєстрація")
    page.get_by_label("Ваше ім’я").focus()
    page.keyboard.type("Оксана")
    page.keyboard.press("Tab")
    page.keyboard.type("oksana@example.com")
    page.get_by_label("Хочу виступити").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Графік у суботу")
    time_machine.move_to(NOW + dt.timedelta(seconds=30), tick=True)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ви зареєстровані")
    expect(page.get_by_role("img", name="QR-код вашої реєстрації")).to_be_visible()
    registration = EventRegistration.objects.get()
    assert (registration.name, registration.speech_topic) == ("Оксана", "Графік у суботу")

    page.get_by_role("button", name="Скасувати реєстрацію").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Скасовано", exact=True)).to_be_visible()
    registration.refresh_from_db()
    assert registration.state == "cancelled"
