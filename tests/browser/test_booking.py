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
from vidhuk.appointments.models import Appointment, Window
from vidhuk.demo.appointments import seed_appointments

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320

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
    if page.viewport_size and page.viewport_size["width"] == PHONE_WIDTH:
        layout = page.evaluate(_OVERFLOW)
        assert layout["scrollWidth"] <= layout["innerWidth"], f"{page.url}: " + "\n".join(
            layout["out"]
        )


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
    page.get_by_label("Ваше ім'я").fill("Олена")
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
    page.get_by_role("link", name="Перенести").click()
    check_page(page, axe)
    pick_first_and_continue(page)
    check_page(page, axe)  # move: times
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Скасувати візит").click()
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
    tab_to(page, label="Ваше ім'я")
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
    page.get_by_label("Ваше ім'я").fill("Марта")
    page.get_by_label("Електронна пошта").fill("marta@example.com")
    take_time(time_machine)
    page.get_by_role("button", name="Записатися").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ви записані")
    visit = Appointment.objects.get(name="Марта")
    assert visit.office.slug == "luhove"

    page.get_by_role("link", name="Перенести").click()
    page.locator(".govuk-radios__input").nth(1).check()
    page.get_by_role("button", name="Продовжити").click()
    page.locator(".govuk-radios__input").last.check()
    page.get_by_role("button", name="Перенести на цей час").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Візит перенесено")
    moved = Appointment.objects.get(pk=visit.pk)
    assert moved.starts_at != visit.starts_at

    page.get_by_role("link", name="Скасувати візит").click()
    page.get_by_role("button", name="Так, скасувати").click()
    expect(page.get_by_text("Цей візит скасовано, час звільнено для інших.")).to_be_visible()
    assert Appointment.objects.get(pk=visit.pk).status == AppointmentStatus.CANCELLED


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
