"""Booking a visit in Debian's Chromium: every public and staff page axe-clean at 1280 and 320
CSS pixels without sideways scrolling, a booking made with the keyboard alone, and one made
with JavaScript switched off, moved and cancelled through the private link.

The contact form refuses anything sent within 2 seconds of being shown (a bot check), so where
a person would read and type, the clock is moved on with time-machine instead of sleeping.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.models import Appointment
from vidhuk.core.models import Window
from vidhuk.demo.appointments import seed_appointments

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320
RESIDENT_PHONE_WIDTH = 375

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 0.5 && !el.closest('[aria-hidden="true"]')) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(rect.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out};
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
  const name = el.getAttribute('name') || '';
  return {label, text: el.textContent.trim(), name, type: el.type || ''};
}"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def booking_site(public_site):
    seed_appointments(public_site.centre)
    return public_site


def check_page(page: Page, axe) -> None:
    axe(page)
    if page.viewport_size and page.viewport_size["width"] <= RESIDENT_PHONE_WIDTH:
        layout = page.evaluate(_OVERFLOW)
        assert layout["scrollWidth"] <= layout["innerWidth"], f"{page.url}: " + "\n".join(
            layout["out"]
        )


def check_fit(page: Page, _axe=None) -> None:
    """No sideways scrolling on a phone (the part of ``check_page`` that needs no JavaScript in
    the page: Playwright evaluates it through the DevTools protocol)."""
    layout = page.evaluate(_OVERFLOW)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"{page.url}: " + "\n".join(layout["out"])


def take_time(time_machine, seconds: int = 5) -> None:
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


def tab_to(
    page: Page, *, label: str = "", text: str = "", radio: bool = False, limit: int = 120
) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        assert focused["name"] != "website", "the honeypot took keyboard focus"
        if (
            (label and focused["label"].startswith(label))
            or (text and focused["text"] == text)
            or (radio and focused["type"] == "radio")
        ):
            return
    raise AssertionError(f"Tab never reached {label or text!r}")


def arrow_to(page: Page, *, label: str, limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate(_FOCUSED)["label"] == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"The arrow keys never reached {label!r}")


def pick_first_and_continue(page: Page) -> None:
    page.locator(".govuk-radios__input").first.check()
    page.get_by_role("button", name="Продовжити").click()


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_every_public_booking_page_is_accessible(open_page, booking_site, axe, time_machine, width):
    page = open_page(width)
    page.goto(f"/{booking_site.centre.slug}/booking/")
    check_page(page, axe)
    page.get_by_role("button", name="Продовжити").click()  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, axe)
    page.get_by_label(booking_site.card.name, exact=True).check()
    page.get_by_role("button", name="Продовжити").click()
    check_page(page, axe)  # office
    pick_first_and_continue(page)
    check_page(page, axe)  # day
    pick_first_and_continue(page)
    check_page(page, axe)  # time
    pick_first_and_continue(page)
    check_page(page, axe)  # details
    page.get_by_label("Ваше ім’я").fill("Олена")
    page.get_by_label("Телефон").fill("12")
    take_time(time_machine)
    page.get_by_role("button", name="Записатися").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Введіть номер телефону")
    check_page(page, axe)
    page.get_by_label("Телефон").fill("067 123 45 67")
    take_time(time_machine)
    page.get_by_role("button", name="Записатися").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ви записані")
    check_page(page, axe)
    page.get_by_role("button", name="Перенести").click()
    check_page(page, axe)
    pick_first_and_continue(page)
    check_page(page, axe)  # move: times
    page.go_back()
    page.go_back()
    page.get_by_role("button", name="Скасувати візит").click()
    check_page(page, axe)
    page.get_by_role("button", name="Так, скасувати").click()
    expect(page.locator("main")).to_contain_text("Цей візит скасовано")
    check_page(page, axe)


def test_a_visit_booked_with_the_keyboard_alone(open_page, booking_site, time_machine):
    page = open_page()
    page.goto(f"/{booking_site.centre.slug}/booking/")

    # Tab enters the radio group at its first option; the arrow keys move and choose.
    tab_to(page, radio=True)
    arrow_to(page, label=booking_site.card.name)
    tab_to(page, text="Продовжити")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _step in ("office", "day", "time"):
        tab_to(page, radio=True)  # the first option of the group
        page.keyboard.press("Space")
        tab_to(page, text="Продовжити")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    tab_to(page, label="Ваше ім’я")
    page.keyboard.type("Олег")
    tab_to(page, label="Телефон")
    page.keyboard.type("050 765 43 21")
    take_time(time_machine)
    tab_to(page, text="Записатися")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ви записані")
    visit = Appointment.objects.get(name="Олег")
    assert visit.phone == "+380507654321"
    expect(page.locator(".govuk-panel")).to_contain_text(visit.code)


def test_book_move_and_cancel_without_javascript(open_page, booking_site, time_machine):
    page = open_page(PHONE_WIDTH, java_script_enabled=False)
    page.goto(f"/{booking_site.centre.slug}/booking/")
    page.get_by_label(booking_site.card.name, exact=True).check()
    page.get_by_role("button", name="Продовжити").click()
    page.get_by_label("Віддалене робоче місце в с. Лугове", exact=False).check()
    page.get_by_role("button", name="Продовжити").click()
    pick_first_and_continue(page)
    pick_first_and_continue(page)
    page.get_by_label("Ваше ім’я").fill("Марта")
    page.get_by_label("Електронна пошта").fill("marta@example.com")
    take_time(time_machine)
    page.get_by_role("button", name="Записатися").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ви записані")
    visit = Appointment.objects.get(name="Марта")
    assert visit.office.slug == "luhove"

    page.get_by_role("button", name="Перенести").click()
    page.locator(".govuk-radios__input").nth(1).check()
    page.get_by_role("button", name="Продовжити").click()
    page.locator(".govuk-radios__input").last.check()
    page.get_by_role("button", name="Перенести на цей час").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Візит перенесено")
    moved = Appointment.objects.get(pk=visit.pk)
    assert moved.starts_at != visit.starts_at

    page.get_by_role("button", name="Скасувати візит").click()
    page.get_by_role("button", name="Так, скасувати").click()
    expect(page.get_by_text("Цей візит скасовано, час звільнено для інших.")).to_be_visible()
    assert Appointment.objects.get(pk=visit.pk).status == AppointmentStatus.CANCELLED


def press_on(page: Page, *, label: str = "", text: str = "", radio: bool = False) -> None:
    """Tab to a control and press it (Space on a radio, Enter on a button) — keyboard only."""
    tab_to(page, label=label, text=text, radio=radio)
    if radio:
        page.keyboard.press("Space")
        return
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize(
    "javascript", [pytest.param(True, id="with-js"), pytest.param(False, id="without-js")]
)
def test_a_resident_on_a_phone_books_from_a_service_card_with_the_keyboard(
    open_page, booking_site, axe, time_machine, sms_outbox, javascript
):
    """375 px, keyboard only, with and without JavaScript: the card's link skips the service
    question; every new state of each page fits the screen and is axe-clean (axe itself needs
    JavaScript — its run waits on timers — so it checks the run with JavaScript; the same
    pages without it are checked for fit); the private link is shown as text to copy by hand."""
    page = open_page(RESIDENT_PHONE_WIDTH, java_script_enabled=javascript)
    start = f"/{booking_site.centre.slug}/booking/"

    def check_page(page: Page, axe) -> None:
        (globals()["check_page"] if javascript else check_fit)(page, axe)

    page.goto(f"{start}?q=паспорт")  # the search's own states: results, nothing, a bad link
    check_page(page, axe)
    page.goto(f"{start}?q=космодром")
    expect(page.get_by_role("heading", name="Нічого не знайдено")).to_be_visible()
    check_page(page, axe)
    page.goto(f"{start}?service=no-such-service")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, axe)

    page.goto(f"{start}?service={booking_site.card.slug}")
    expect(page.locator(".vd-booking-choice")).to_contain_text(booking_site.card.name)
    check_page(page, axe)  # the office: the service question was skipped
    press_on(page, text="Продовжити")  # nothing chosen: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text("Оберіть офіс.")
    check_page(page, axe)
    for _step in ("office", "day", "time"):
        press_on(page, radio=True)
        press_on(page, text="Продовжити")
        check_page(page, axe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Хто прийде на прийом")
    take_time(time_machine)
    press_on(page, text="Записатися")  # empty: every error at once
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Вкажіть ваше ім")
    expect(summary).to_contain_text("Вкажіть телефон або електронну пошту")
    check_page(page, axe)
    tab_to(page, label="Ваше ім’я")
    page.keyboard.type("Ганна")
    tab_to(page, label="Телефон")
    page.keyboard.type("067 123 45 67 (дом.)")
    take_time(time_machine)
    press_on(page, text="Записатися")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ви записані")
    check_page(page, axe)
    visit = Appointment.objects.get(name="Ганна")
    assert visit.phone == "+380671234567"
    assert "?t=" in page.url
    expect(page.locator("#booking-link")).to_contain_text("/booking/manage/?t=")
    if not javascript:
        expect(page.get_by_role("button", name="Копіювати посилання")).to_be_hidden()
    [sms] = sms_outbox
    assert page.locator("#booking-link").inner_text().strip() in sms.body


def test_the_copy_button_copies_the_private_link(open_page, booking_site, time_machine):
    page = open_page(RESIDENT_PHONE_WIDTH)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/{booking_site.centre.slug}/booking/?service={booking_site.card.pk}")
    for _step in ("office", "day", "time"):
        pick_first_and_continue(page)
    page.get_by_label("Ваше ім’я").fill("Ірина")
    page.get_by_label("Телефон").fill("050 765 43 21")
    take_time(time_machine)
    page.get_by_role("button", name="Записатися").click()

    page.get_by_role("button", name="Копіювати посилання").click()

    expect(page.get_by_role("status")).to_have_text("Посилання скопійовано")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#booking-link").inner_text().strip()


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_every_staff_booking_page_is_accessible(signed_in, staff_member, booking_site, axe, width):
    page = signed_in(staff_member, width=width)
    base = f"/staff/{booking_site.centre.slug}/appointments/"
    visit = Appointment.objects.filter(centre=booking_site.centre).first()
    window = Window.objects.filter(centre=booking_site.centre).first()
    day = timezone.localdate(visit.starts_at).isoformat()
    paths = [
        f"{base}?office={visit.office_id}&day={day}",
        f"{base}new/",
        f"{base}new/?service={visit.service_id}&office={visit.office_id}&day={day}",
        f"{base}new/?service=&office=&day=",
        f"{base}{visit.pk}/",
        f"{base}{visit.pk}/move/?day={day}",
        f"{base}schedules/",
        f"{base}schedules/offices/{window.office_id}/",
        f"{base}schedules/offices/{window.office_id}/windows/new/",
        f"{base}schedules/windows/{window.pk}/",
        f"{base}schedules/services/",
        f"{base}schedules/services/{visit.service_id}/",
        f"{base}schedules/rules/",
    ]
    for path in paths:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        check_page(page, axe)
    page.goto(f"{base}schedules/offices/{window.office_id}/")
    page.get_by_label("Понеділок").fill("9 to 5")
    page.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, axe)
