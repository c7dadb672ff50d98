"""The electronic queue in real Chromium: the kiosk by touch and keyboard, the display board that
reloads itself without JavaScript, the operator's console and the figures — each checked by axe
at desktop width and on a 320 px phone.

The clock is the browser fixtures' ticking Tuesday 12:20: the main office («main») is open.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appointments.models import Window
from vidhuk.core.models import Office
from vidhuk.queue.choices import Purpose
from vidhuk.queue.models import Ticket
from vidhuk.queue.services import ticket_call_next, ticket_finish, ticket_issue

from .conftest import DESKTOP_WIDTH, sticking_out

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(DESKTOP_WIDTH, id="desktop"), pytest.param(320, id="phone")]


@pytest.fixture
def main(public_site) -> Office:
    return Office.objects.get(centre=public_site.centre, slug="main")


@pytest.fixture
def windows(public_site, main) -> list[Window]:
    return [
        Window.objects.create(centre=public_site.centre, office=main, number=str(n)) for n in (1, 2)
    ]


def _kiosk(public_site) -> str:
    return f"/{public_site.centre.slug}/queue/main/"


def _board(public_site) -> str:
    return f"/{public_site.centre.slug}/queue/main/board/"


# --- the kiosk -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_kiosk_and_the_ticket_pass_axe(open_page, axe, public_site, windows, width):
    page = open_page(width)
    page.goto(_kiosk(public_site))
    axe(page)
    assert sticking_out(page) == []

    page.get_by_role("button", name=re.compile("Отримати результат")).click()

    expect(page.locator(".vd-queue-ticket__code")).to_have_text("О-001")
    axe(page)
    assert sticking_out(page) == []


def test_the_kiosk_works_without_javascript(open_page, public_site, windows):
    page = open_page(java_script_enabled=False)
    page.goto(_kiosk(public_site))

    page.get_by_label("Послуга (необов'язково)").select_option(label=public_site.card.name)
    page.get_by_role("button", name=re.compile("Подати документи")).click()

    expect(page.locator(".vd-queue-ticket__code")).to_have_text("П-001")
    expect(page.get_by_text(public_site.card.name)).to_be_visible()


def test_a_ticket_by_keyboard_alone(page, public_site, windows):
    page.goto(_kiosk(public_site))

    for _stop in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value === 'consultation'"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".vd-queue-ticket__code")).to_have_text("К-001")
    assert Ticket.objects.get().purpose == Purpose.CONSULTATION


def test_a_wrong_check_in_code_is_explained(open_page, axe, public_site, windows):
    page = open_page(320)
    page.goto(_kiosk(public_site) + "check-in/")

    page.get_by_label("Код підтвердження запису").fill("ZZZ999")
    page.get_by_role("button", name="Отримати талон").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Запису з кодом ZZZ999 немає.")
    axe(page)
    assert Ticket.objects.count() == 0


def test_a_late_visitor_typing_the_code_in_cyrillic_is_told_they_wait_in_the_general_line(
    open_page, axe, public_site, main, windows
):
    from vidhuk.appointments.models import Appointment
    from vidhuk.catalog.models import Service

    from .conftest import KYIV, NOW

    service = Service.objects.filter(centre=public_site.centre).first()
    starts_at = dt.datetime.combine(NOW.date(), dt.time(9), tzinfo=KYIV)
    Appointment.objects.create(
        centre=public_site.centre,
        office=main,
        service=service,
        window=windows[0],
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=15),
        code="KM4TXQ",
        name="Олена",
        phone="+380671234567",
    )
    page = open_page(320)
    page.goto(_kiosk(public_site) + "check-in/")

    page.get_by_label("Код підтвердження запису").fill("км4тхq")
    page.get_by_role("button", name="Отримати талон").click()

    expect(page.locator("#vd-queue-late")).to_contain_text(
        "Ви запізнилися на запис, тому отримали місце в загальній черзі."
    )
    expect(page.locator(".vd-queue-ticket__code")).to_have_text("П-001")
    axe(page)
    ticket = Ticket.objects.get()
    assert (ticket.is_booked, ticket.appointment.code) == (False, "KM4TXQ")


# --- the board -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_board_passes_axe(open_page, axe, public_site, main, windows, width):
    for _n in range(3):
        ticket_issue(office=main, purpose=Purpose.SUBMIT)
    ticket_call_next(window=windows[0])
    ticket_call_next(window=windows[1])
    page = open_page(width)

    page.goto(_board(public_site))

    expect(page.locator(".vd-queue-board__row--newest")).to_contain_text("П-002")
    axe(page)
    assert sticking_out(page) == []


def test_the_board_reloads_itself_without_javascript(open_page, public_site, main, windows):
    ticket = ticket_issue(office=main, purpose=Purpose.CONSULTATION)
    page = open_page(java_script_enabled=False)
    page.goto(_board(public_site))
    assert page.locator('meta[http-equiv="refresh"][content="2"]').count() == 1
    expect(page.locator("#vd-queue-announce")).to_have_text("")

    ticket_call_next(window=windows[1])

    # No action in the page: the meta refresh reloads it and the call appears.
    expect(page.locator("#vd-queue-announce")).to_have_text(
        f"Талон {ticket.code} — до вікна 2", timeout=10_000
    )
    expect(page.locator(".vd-queue-board__row--newest")).to_contain_text(ticket.code)


def test_the_board_updates_its_list_with_htmx(page, public_site, main, windows):
    ticket = ticket_issue(office=main, purpose=Purpose.COLLECT)
    page.goto(_board(public_site))
    assert page.locator('meta[http-equiv="refresh"]').count() == 0  # only inside <noscript>
    page.evaluate("document.body.dataset.marker = 'same page'")

    ticket_call_next(window=windows[0])

    expect(page.locator("#vd-queue-announce")).to_have_text(
        f"Талон {ticket.code} — до вікна 1", timeout=10_000
    )
    assert page.evaluate("document.body.dataset.marker") == "same page"


# --- the console and the figures -------------------------------------------------------------


@pytest.fixture
def administrator(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.ADMINISTRATOR).user


@pytest.mark.parametrize("width", WIDTHS)
def test_the_console_and_the_receipt_pass_axe(
    signed_in, axe, public_site, main, windows, administrator, width
):
    for purpose in (Purpose.SUBMIT, Purpose.CONSULTATION, Purpose.COLLECT):
        ticket_issue(office=main, purpose=purpose)
    page = signed_in(administrator, width=width)
    page.goto(f"/staff/{public_site.centre.slug}/queue/")
    axe(page)
    page.get_by_role("link", name="Вікно 1").click()
    axe(page)

    page.get_by_role("button", name="Викликати наступного").click()
    expect(page.locator(".vd-queue-console__code")).to_have_text("П-001")
    axe(page)
    assert sticking_out(page) == []
    page.get_by_role("button", name="Завершити і надрукувати квитанцію").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Оберіть результат обслуговування."
    )
    page.get_by_label("Потрібен ще один візит").check()
    page.get_by_role("button", name="Завершити і надрукувати квитанцію").click()

    expect(page.get_by_role("img", name="QR-код анкети оцінювання обслуговування")).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_transfer_page_passes_axe(signed_in, axe, public_site, main, windows, administrator):
    ticket = ticket_issue(office=main, purpose=Purpose.SUBMIT)
    ticket_call_next(window=windows[0])
    page = signed_in(administrator, width=320)

    page.goto(
        f"/staff/{public_site.centre.slug}/queue/window/{windows[0].pk}/ticket/{ticket.pk}/transfer/"
    )
    page.get_by_label("До іншого вікна").select_option(label="Вікно 2")
    page.get_by_role("button", name="Передати").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("передано")
    axe(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_figures_pass_axe(signed_in, axe, public_site, main, windows, administrator, width):
    for purpose in (Purpose.SUBMIT, Purpose.CONSULTATION):
        ticket = ticket_issue(office=main, purpose=purpose)
        ticket_call_next(window=windows[0])
        ticket_finish(ticket=ticket, window=windows[0], outcome="served", actor=None)
    page = signed_in(administrator, width=width)

    page.goto(f"/staff/{public_site.centre.slug}/queue/figures/")

    expect(page.get_by_role("table", name="За днями тижня")).to_contain_text("Вівторок")
    axe(page)
    assert sticking_out(page) == []
    page.goto(f"/staff/{public_site.centre.slug}/")
    expect(page.get_by_text("Черга сьогодні")).to_be_visible()
    axe(page)


def test_nothing_is_left_waiting_in_a_past_day(public_site, main, windows):
    # A ticket of yesterday is never called today.
    Ticket.objects.create(
        centre=public_site.centre,
        office=main,
        day=dt.date(2026, 11, 30),
        letter="П",
        number=1,
        purpose=Purpose.SUBMIT,
        turn_at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC),
        issued_at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC),
    )

    assert ticket_call_next(window=windows[0]) is None


def test_the_console_shows_a_new_ticket_without_a_reload(
    signed_in, open_page, axe, public_site, main, windows, administrator
):
    serving = ticket_issue(office=main, purpose=Purpose.SUBMIT)
    ticket_call_next(window=windows[0])
    console = signed_in(administrator)
    console.goto(f"/staff/{public_site.centre.slug}/queue/window/{windows[0].pk}/")
    expect(console.locator(".vd-queue-console__code")).to_have_text(serving.code)
    expect(console.locator("#vd-queue-console-waiting")).to_have_text("Черга до вашого вікна: 0")
    console.get_by_label("Потрібен ще один візит").check()
    console.evaluate("document.body.dataset.marker = 'same page'")

    kiosk = open_page()
    kiosk.goto(_kiosk(public_site))
    kiosk.get_by_role("button", name=re.compile("Отримати результат")).click()
    expect(kiosk.locator(".vd-queue-ticket__code")).to_have_text("О-001")

    # htmx redraws only the line: the outcome the operator chose stays chosen.
    expect(console.locator("#vd-queue-console-waiting")).to_have_text(
        "Черга до вашого вікна: 1", timeout=15_000
    )
    expect(console.locator("#vd-queue-console-line")).to_contain_text("О-001")
    expect(console.locator("#vd-queue-console-line")).to_contain_text("Отримати результат — 1")
    expect(console.get_by_label("Потрібен ще один візит")).to_be_checked()
    assert console.evaluate("document.body.dataset.marker") == "same page"
    axe(console)
