"""The electronic queue in real Chromium: the kiosk as a registered device (two taps, the ticket
with a QR code that opens its public page, printing, going back to the start by itself), the
resident's web ticket, the display board on a 1920×1080 TV and a 1280×720 screen, the staff's
device list, the operator's console and the figures — each checked by axe.

The clock is the browser fixtures' ticking Tuesday 12:20: the main office («main») is open, the
remote workplace («luhove») is closed for lunch until 12:45.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appointments.models import Appointment
from vidhuk.core.models import Office, Window
from vidhuk.queue.choices import DeviceKind, Purpose
from vidhuk.queue.devices import queue_device_register, queue_device_revoke
from vidhuk.queue.models import QueueDevice, Ticket
from vidhuk.queue.services import ticket_call_next, ticket_finish, ticket_issue

from .conftest import DESKTOP_WIDTH, KYIV, NOW, sticking_out

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(DESKTOP_WIDTH, id="desktop"), pytest.param(320, id="phone")]
# A portrait kiosk screen and a phone-narrow one.
KIOSK_SIZES = [pytest.param((1080, 1920), id="kiosk"), pytest.param((320, 640), id="narrow")]


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


def _board(public_site, office: str = "main") -> str:
    return f"/{public_site.centre.slug}/queue/{office}/board/"


@pytest.fixture
def kiosk(open_page, public_site, main, windows):
    """`kiosk(width, height, java_script_enabled=…)` → a browser set up as the main office's
    kiosk through the set-up page, showing the kiosk's start."""

    def make(width: int = 1080, height: int = 1920, **options):
        _device, code = queue_device_register(
            office=main, kind=DeviceKind.KIOSK, label="Термінал біля входу", actor=None
        )
        page = open_page(width, height=height, **options)
        page.goto(f"/{public_site.centre.slug}/queue/device/?code={code}")
        page.get_by_role("button", name="Налаштувати").click()
        expect(page.get_by_role("heading", name="Взяти талон у черзі")).to_be_visible()
        return page

    return make


def _qr_text(page) -> str:
    shot = page.locator(".vd-kiosk-ticket__qr img").screenshot()
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))][0]


# --- the kiosk -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", KIOSK_SIZES)
def test_two_taps_give_a_ticket_with_a_qr_code_of_its_public_page(
    kiosk, open_page, axe, public_site, main, size
):
    ticket_issue(office=main, purpose=Purpose.SUBMIT)  # somebody is already waiting
    page = kiosk(*size)
    assert page.locator("header.govuk-template__header, footer").count() == 0  # no site chrome
    axe(page)
    assert sticking_out(page) == []

    page.get_by_role("link", name=re.compile("Подати документи")).click()
    expect(page.get_by_role("heading", name="Паспортні послуги")).to_be_visible()
    assert page.locator("select").count() == 0  # large buttons, not a dropdown
    axe(page)
    assert sticking_out(page) == []
    page.get_by_role("button", name=public_site.card.name).click()

    expect(page.locator(".vd-kiosk-ticket__code")).to_have_text("П-002")
    expect(page.get_by_role("button", name="Надрукувати талон")).to_be_visible()
    axe(page)
    assert sticking_out(page) == []
    public_url = _qr_text(page)
    assert re.fullmatch(r"http://[^/]+/verbivka/queue/main/ticket/\?t=[\w-]{22}", public_url)

    phone = open_page(320)
    phone.goto(public_url)
    expect(phone.locator(".vd-queue-ticket__code")).to_have_text("П-002")
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Перед вами")
    expect(phone.locator(".govuk-summary-list")).to_contain_text("1")
    axe(phone)
    assert sticking_out(phone) == []


def test_the_kiosk_goes_back_to_the_start_by_itself(kiosk, settings):
    settings.QUEUE_KIOSK_RESET_SECONDS = 1
    page = kiosk()

    page.get_by_role("link", name=re.compile("Консультація")).click()
    page.get_by_role("button", name=re.compile("Не знаю або кілька послуг")).click()
    expect(page.locator(".vd-kiosk-ticket__code")).to_have_text("К-001")

    expect(page.get_by_role("heading", name="Взяти талон у черзі")).to_be_visible(timeout=5_000)
    assert page.url.endswith("/verbivka/queue/main/")


def test_the_kiosk_works_and_resets_without_javascript(kiosk, settings):
    settings.QUEUE_KIOSK_RESET_SECONDS = 1
    page = kiosk(java_script_enabled=False)

    page.get_by_role("link", name=re.compile("Отримати результат")).click()
    page.get_by_role("button", name=re.compile("Не знаю або кілька послуг")).click()

    expect(page.locator(".vd-kiosk-ticket__code")).to_have_text("О-001")
    assert page.locator('meta[http-equiv="refresh"][content^="1;url="]').count() == 1
    expect(page.get_by_role("heading", name="Взяти талон у черзі")).to_be_visible(timeout=5_000)


def test_a_ticket_by_keyboard_alone(kiosk):
    page = kiosk()

    for _stop in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.href?.endsWith('?purpose=consultation')"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Яка послуга вам потрібна?")).to_be_visible()
    for _stop in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'service'"):
            break
    page.keyboard.press("Enter")

    expect(page.locator(".vd-kiosk-ticket__code")).to_have_text("К-001")
    assert Ticket.objects.get().purpose == Purpose.CONSULTATION


def test_a_browser_that_is_not_a_kiosk_gets_no_ticket_but_the_web_ticket(
    open_page, axe, public_site, windows
):
    page = open_page(320)
    page.goto(_kiosk(public_site))

    expect(page.get_by_role("heading", name="Це сторінка терміналу в залі")).to_be_visible()
    assert page.get_by_role("link", name=re.compile("Подати документи")).count() == 0
    axe(page)
    page.get_by_role("link", name="Взяти талон онлайн").click()
    page.get_by_label("Послуга (необов’язково)").select_option(label=public_site.card.name)
    page.get_by_role("button", name=re.compile("Подати документи")).click()

    expect(page.locator(".vd-queue-ticket__code")).to_have_text("П-001")
    expect(page.get_by_text(public_site.card.name)).to_be_visible()
    axe(page)


def test_staff_register_a_kiosk_open_its_link_on_it_and_revoke_it(
    signed_in, open_page, axe, public_site, windows, administrator
):
    staff = signed_in(administrator)
    staff.goto(f"/staff/{public_site.centre.slug}/queue/devices/")
    axe(staff)
    staff.get_by_role("link", name="Зареєструвати пристрій").click()
    staff.get_by_label("Термінал видачі талонів").check()
    staff.get_by_label("Назва пристрою").fill("Термінал біля входу")
    staff.get_by_role("button", name="Зареєструвати").click()
    expect(staff.locator("#vd-queue-setup-code")).to_have_text(re.compile(r"^\w{4}-\w{4}-\w{4}$"))
    axe(staff)
    assert sticking_out(staff) == []
    link = staff.locator("#vd-queue-setup-link").get_attribute("href")

    device = open_page(1080, height=1920)
    device.goto(link)
    device.get_by_role("button", name="Налаштувати").click()
    expect(device.get_by_role("heading", name="Взяти талон у черзі")).to_be_visible()
    staff.goto(f"/staff/{public_site.centre.slug}/queue/devices/")
    expect(staff.get_by_role("table")).to_contain_text("працює")
    staff.get_by_role("button", name=re.compile("Відкликати")).click()
    expect(staff.get_by_role("table")).to_contain_text("відкликано")

    device.reload()
    expect(device.get_by_role("heading", name="Це сторінка терміналу в залі")).to_be_visible()
    assert QueueDevice.objects.get().revoked_at is not None


def test_a_revoked_kiosk_cannot_take_the_ticket_it_was_showing(kiosk):
    page = kiosk()
    page.get_by_role("link", name=re.compile("Консультація")).click()
    queue_device_revoke(device=QueueDevice.objects.get(), actor=None)

    page.get_by_role("button", name=re.compile("Не знаю або кілька послуг")).click()

    expect(page.get_by_role("heading", name="Це сторінка терміналу в залі")).to_be_visible()
    assert Ticket.objects.count() == 0


def _book(public_site, office: Office, code: str) -> None:
    from vidhuk.catalog.models import Service

    window = Window.objects.create(centre=public_site.centre, office=office, number="9")
    starts_at = dt.datetime.combine(NOW.date(), dt.time(9), tzinfo=KYIV)
    Appointment.objects.create(
        centre=public_site.centre,
        office=office,
        service=Service.objects.filter(centre=public_site.centre).first(),
        window=window,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=15),
        code=code,
        name="Олена",
        phone="+380671234567",
    )


def test_check_in_says_the_same_for_an_unknown_code_and_another_offices(kiosk, axe, public_site):
    _book(public_site, Office.objects.get(slug="luhove"), "KM4TXQ")
    page = kiosk(320, 640)
    page.get_by_role("link", name=re.compile("Я записаний на прийом")).click()
    answers = []

    for code in ("ZZZ999", "KM4TXQ"):
        page.get_by_label("Код підтвердження запису").fill(code)
        page.get_by_role("button", name="Отримати талон").click()
        answers.append(page.locator(".govuk-error-summary").inner_text())

    assert answers[0] == answers[1]
    assert "Сьогодні в цьому офісі немає запису з таким кодом." in answers[0]
    axe(page)
    assert Ticket.objects.count() == 0


def test_a_late_visitor_typing_the_code_in_cyrillic_is_told_they_wait_in_the_general_line(
    kiosk, axe, public_site, main
):
    _book(public_site, main, "KM4TXQ")
    page = kiosk(320, 640)
    page.get_by_role("link", name=re.compile("Я записаний на прийом")).click()

    page.get_by_label("Код підтвердження запису").fill("км4тхq")
    page.get_by_role("button", name="Отримати талон").click()

    expect(page.locator("#vd-queue-late")).to_contain_text(
        "Ви запізнилися на запис, тому отримали місце в загальній черзі."
    )
    expect(page.locator(".vd-kiosk-ticket__code")).to_have_text("П-001")
    axe(page)
    ticket = Ticket.objects.get()
    assert (ticket.is_booked, ticket.appointment.code) == (False, "KM4TXQ")


# --- the board -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", [pytest.param((1920, 1080), id="full-hd"), pytest.param((1280, 720), id="hd")]
)
def test_the_board_fills_a_tv_without_sideways_scroll(
    open_page, axe, public_site, main, windows, size
):
    for _n in range(9):
        ticket_issue(office=main, purpose=Purpose.SUBMIT)
    ticket_call_next(window=windows[0])
    ticket_call_next(window=windows[1])
    page = open_page(size[0], height=size[1])

    page.goto(_board(public_site))

    expect(page.locator(".vd-queue-board__row--newest")).to_contain_text("П-002")
    assert page.locator("header.govuk-template__header, footer").count() == 0
    expect(page.locator("[data-vd-clock]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    newest = page.locator(".vd-queue-board__row--newest td").first
    assert float(newest.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 60
    axe(page)
    assert sticking_out(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_closed_office_board_says_until_when(open_page, axe, public_site):
    remote = Office.objects.get(slug="luhove")
    Window.objects.create(centre=public_site.centre, office=remote, number="1")
    page = open_page(1920, height=1080)

    page.goto(_board(public_site, "luhove"))

    expect(page.locator("#vd-board-closed")).to_have_text("Зачинено до 1 грудня, 12:45")
    axe(page)


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
    signed_in, kiosk, axe, public_site, main, windows, administrator
):
    serving = ticket_issue(office=main, purpose=Purpose.SUBMIT)
    ticket_call_next(window=windows[0])
    console = signed_in(administrator)
    console.goto(f"/staff/{public_site.centre.slug}/queue/window/{windows[0].pk}/")
    expect(console.locator(".vd-queue-console__code")).to_have_text(serving.code)
    expect(console.locator("#vd-queue-console-waiting")).to_have_text("Черга до вашого вікна: 0")
    console.get_by_label("Потрібен ще один візит").check()
    console.evaluate("document.body.dataset.marker = 'same page'")

    terminal = kiosk()
    terminal.get_by_role("link", name=re.compile("Отримати результат")).click()
    terminal.get_by_role("button", name=re.compile("Не знаю або кілька послуг")).click()
    expect(terminal.locator(".vd-kiosk-ticket__code")).to_have_text("О-001")

    # htmx redraws only the line: the outcome the operator chose stays chosen.
    expect(console.locator("#vd-queue-console-waiting")).to_have_text(
        "Черга до вашого вікна: 1", timeout=15_000
    )
    expect(console.locator("#vd-queue-console-line")).to_contain_text("О-001")
    expect(console.locator("#vd-queue-console-line")).to_contain_text("Отримати результат — 1")
    expect(console.get_by_label("Потрібен ще один візит")).to_be_checked()
    assert console.evaluate("document.body.dataset.marker") == "same page"
    axe(console)
