"""A resident sends feedback, a formal appeal and an information request through Debian's Chromium
and follows it on the tracker: with JavaScript and without, with the keyboard alone, axe-clean on
every page of the flow, and without sideways scrolling at 320 CSS pixels.

The form refuses anything sent within 3 seconds of being shown (a bot check), so where a person
would read and type, the clock is moved on with time-machine instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import AnswerDelivery, Kind
from vidhuk.appeals.models import Appeal

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

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


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def take_time(time_machine, seconds: int = 6) -> None:
    """A person reads and types; the form's bot check wants at least 3 seconds."""
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


def no_sideways_scroll(page: Page) -> None:
    layout = page.evaluate(_OVERFLOW)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"{page.url}: " + "\n".join(layout["out"])


def check_page(page: Page, axe) -> None:
    axe(page)
    if page.viewport_size and page.viewport_size["width"] == PHONE_WIDTH:
        no_sideways_scroll(page)


def choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Продовжити").click()


def tracker_link(page: Page) -> str:
    return page.locator("#tracker-link").inner_text()


# --- each kind group, JavaScript on --------------------------------------------------------------


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_anonymous_feedback_from_start_to_tracker(open_page, public_site, axe, time_machine, width):
    page = open_page(width)
    page.goto(public_site.home)
    page.get_by_role("main").get_by_role("link", name="Залишити відгук чи звернення").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Що ви хочете зробити?")
    check_page(page, axe)

    choose(page, "Подякувати, зауважити щодо обслуговування або поставити запитання")
    check_page(page, axe)
    choose(page, "Зауважити щодо якості обслуговування")
    check_page(page, axe)
    choose(page, "Ні, хочу анонімно")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(анонімно)")
    check_page(page, axe)

    take_time(time_machine)
    page.get_by_role("button", name="Надіслати").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Напишіть, про що ваше повідомлення.")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    check_page(page, axe)

    page.get_by_label("Що сталося?").fill("Довго чекала в черзі, хоча була записана.")
    page.get_by_label("Офіс, якого це стосується").select_option(label="Головний офіс ЦНАП")
    page.get_by_label("60 років і більше").check()
    page.get_by_label(
        "Я погоджуюся, щоб ці відповіді використали для знеособленої статистики"
    ).check()
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Повідомлення надіслано")
    appeal = Appeal.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(appeal.registration_index)
    check_page(page, axe)
    assert (appeal.kind, appeal.is_anonymous, appeal.age_group) == (
        Kind.QUALITY_REMARK,
        True,
        "60_plus",
    )

    page.goto(tracker_link(page))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"№ {appeal.registration_index}")
    expect(page.locator(".vd-appeal-timeline")).to_contain_text("Зареєстровано")
    check_page(page, axe)


def test_information_request_with_an_urgent_reason(open_page, public_site, axe, time_machine):
    page = open_page()
    page.goto(f"/{public_site.centre.slug}/appeals/")
    choose(page, "Запросити публічну інформацію")
    choose(page, "Так, вкажу ім’я та як зі мною зв’язатися")
    check_page(page, axe)

    page.get_by_label("Прізвище, ім’я та по батькові").fill("Коваль Ірина Степанівна")
    page.get_by_label("Електронна пошта").fill("iryna@example.com")
    page.get_by_label("Яку інформацію ви хочете отримати?").fill(
        "Результати аналізу питної води у с. Лугове за березень."
    )
    page.get_by_label("Запит терміновий — прошу відповісти протягом 48 годин").check()
    page.get_by_label("Чому запит терміновий?").fill("Люди скаржаться на отруєння.")
    page.get_by_label("Я погоджуюся на обробку моїх персональних даних на цих умовах").check()
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Повідомлення надіслано")
    expect(page.get_by_text("Копію номера й посилання ми надіслали")).to_be_visible()
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.is_urgent, appeal.email) == (
        Kind.INFO_REQUEST,
        True,
        "iryna@example.com",
    )


def test_an_anonymous_appeal_is_offered_anonymous_feedback(open_page, public_site, axe):
    page = open_page()
    page.goto(f"/{public_site.centre.slug}/appeals/")
    choose(page, "Подати пропозицію, заяву (клопотання) або скаргу")
    choose(page, "Скарга")
    choose(page, "Ні, хочу анонімно")

    expect(page.get_by_role("heading", level=1)).to_have_text("Анонімне звернення не розглядається")
    check_page(page, axe)
    page.get_by_role("link", name="Зауважити щодо якості обслуговування (анонімно)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Зауважити щодо якості обслуговування (анонімно)"
    )
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.INFO_REQUEST, Kind.QUESTION])
def test_each_named_form_and_its_error_state_are_accessible(
    open_page, public_site, axe, kind, width
):
    page = open_page(width)
    page.goto(f"/{public_site.centre.slug}/appeals/new/{kind}/")
    check_page(page, axe)

    page.get_by_role("button", name="Надіслати").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    check_page(page, axe)


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_find_my_case_and_its_error_are_accessible(open_page, public_site, axe, width):
    page = open_page(width)
    page.goto(f"/{public_site.centre.slug}/appeals/track/")
    check_page(page, axe)

    page.get_by_label("Знайти своє звернення").fill("Ш-17/2026")
    page.get_by_role("button", name="Знайти").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Це не схоже на посилання")
    check_page(page, axe)


# --- a formal appeal without JavaScript (axe needs JavaScript: its pages are checked above) ---


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_complaint_with_attachment_without_javascript(
    open_page, public_site, time_machine, tmp_path, width
):
    scan = tmp_path / "скан.pdf"
    scan.write_bytes(PDF)
    fake = tmp_path / "фото.png"
    fake.write_bytes(b"MZ\x90\x00 not a picture")
    page = open_page(width, java_script_enabled=False)
    page.goto(f"/{public_site.centre.slug}/appeals/")
    choose(page, "Подати пропозицію, заяву (клопотання) або скаргу")
    choose(page, "Скарга")
    choose(page, "Так, вкажу ім’я та як зі мною зв’язатися")

    page.get_by_label("Прізвище, ім’я та по батькові").fill("Шевченко Марія Петрівна")
    page.get_by_label("Місце проживання").fill("м. Вербівка, вул. Садова, 5, кв. 2")
    page.get_by_label("Телефон").fill("067 123 45 67")
    page.get_by_label("Суть скарги").fill("Мені відмовили у прийнятті документів без пояснень.")
    page.get_by_label("Я маю пільги").check()
    page.get_by_label("Додайте файли").set_input_files([str(scan), str(fake)])
    page.get_by_label("Я погоджуюся на обробку моїх персональних даних на цих умовах").check()
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Файл «фото.png» не підходить")
    assert Appeal.objects.count() == 0

    page.get_by_label("Додайте файли").set_input_files([str(scan)])
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Повідомлення надіслано")
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.is_benefit_holder, appeal.attachments.count()) == (
        Kind.COMPLAINT,
        True,
        1,
    )
    link = tracker_link(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Повідомлення вже отримано")
    assert "/track/" not in page.content()

    page.goto(f"/{public_site.centre.slug}/appeals/track/")
    page.get_by_label("Знайти своє звернення").fill(link)
    page.get_by_role("button", name="Знайти").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"№ {appeal.registration_index}")


# --- the keyboard alone --------------------------------------------------------------------------


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
          return {tag: el.tagName.toLowerCase(), name: el.name || '', type: el.type || '',
                  label, text: el.textContent.trim()};
        }"""
    )


def tab_to(page: Page, *, label: str = "", text: str = "", limit: int = 80) -> None:
    """Press Tab until the control with this label (or button with this text) has focus; the
    honeypot must never get focus on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["name"] != "website", "the honeypot took keyboard focus"
        if (label and focused["label"].startswith(label)) or (text and focused["text"] == text):
            return
    raise AssertionError(f"Tab never reached {label or text!r}")


def test_a_proposal_sent_with_the_keyboard_alone(open_page, public_site, axe, time_machine):
    page = open_page()
    page.goto(f"/{public_site.centre.slug}/appeals/")

    # Tab enters a radio group at its first option; the arrow keys move within it.
    tab_to(page, label="Подякувати, зауважити щодо обслуговування або поставити запитання")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Подати пропозицію, заяву (клопотання) або скаргу")).to_be_checked()
    tab_to(page, text="Продовжити")
    page.keyboard.press("Enter")
    page.wait_for_url("**/appeals/appeal/")
    tab_to(page, label="Пропозиція (зауваження)")
    page.keyboard.press("Space")
    tab_to(page, text="Продовжити")
    page.keyboard.press("Enter")
    page.wait_for_url("**/who/proposal/")
    tab_to(page, label="Так, вкажу ім’я та як зі мною зв’язатися")
    page.keyboard.press("Space")
    tab_to(page, text="Продовжити")
    page.keyboard.press("Enter")
    page.wait_for_url("**/new/proposal/")

    answers = [
        ("Прізвище, ім’я та по батькові", "Бондар Олег Іванович"),
        ("Місце проживання", "с. Лугове, вул. Шкільна, 3"),
        ("Електронна пошта", "oleh@example.com"),
        ("Ваша пропозиція", "Поставте лавку біля входу."),
    ]
    for label, value in answers:
        tab_to(page, label=label)
        page.keyboard.type(value)
    tab_to(page, label="Я погоджуюся на обробку моїх персональних даних на цих умовах")
    page.keyboard.press("Space")
    take_time(time_machine)
    tab_to(page, text="Надіслати")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Повідомлення надіслано")
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.full_name, appeal.email) == (
        Kind.PROPOSAL,
        "Бондар Олег Іванович",
        "oleh@example.com",
    )
    check_page(page, axe)


# --- the tracker of an answered case -------------------------------------------------------------


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_tracker_shows_stages_and_the_answer(open_page, public_site, axe, width):
    head = MembershipFactory(centre=public_site.centre, role=Role.HEAD).user
    registered = services.appeal_submit(
        centre=public_site.centre,
        kind=Kind.STATEMENT,
        text="Прошу встановити пандус.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(
            full_name="Шевченко Марія", address="м. Вербівка", email="m@example.com",
            consent_text="Згода.",
        ),
    )  # fmt: skip
    services.appeal_take_into_work(appeal=registered.appeal, actor=head)
    services.appeal_answer(
        appeal=registered.appeal,
        actor=head,
        answer_text="Пандус встановлять до 1 квітня 2027 року. " * 5,
        delivery=AnswerDelivery.LETTER,
    )
    page = open_page(width)

    response = page.goto(f"/{public_site.centre.slug}/appeals/track/{registered.tracker_token}/")

    assert response.headers["cache-control"] == "private, no-store"
    timeline = page.locator(".vd-appeal-timeline__item h3")
    expect(timeline).to_have_text(["Зареєстровано", "Взято в роботу", "Надано відповідь"])
    expect(page.locator(".vd-appeal-answer")).to_contain_text("Пандус встановлять")
    check_page(page, axe)


def test_the_tracker_link_never_leaves_in_a_referer(open_page, public_site):
    registered = services.appeal_submit(
        centre=public_site.centre, kind=Kind.THANKS, text="Дякую!", submission_key=uuid.uuid4(),
        applicant=services.Applicant(is_anonymous=True),
    )  # fmt: skip
    token = registered.tracker_token
    page = open_page()
    page.goto(f"/{public_site.centre.slug}/appeals/track/{token}/")

    with page.expect_request(lambda request: request.url.endswith("/services/")) as followed:
        page.get_by_role("link", name="Послуги").click()

    assert token not in (followed.value.headers.get("referer") or "")


def test_the_language_switch_works_on_the_tracker(open_page, public_site):
    registered = services.appeal_submit(
        centre=public_site.centre, kind=Kind.THANKS, text="Дякую!", submission_key=uuid.uuid4(),
        applicant=services.Applicant(is_anonymous=True),
    )  # fmt: skip
    page = open_page()
    page.goto(f"/{public_site.centre.slug}/appeals/track/{registered.tracker_token}/")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="English").click()

    assert navigation.value.status == 200
    assert page.url.endswith(
        f"/en/{public_site.centre.slug}/appeals/track/{registered.tracker_token}/"
    )


def test_an_unknown_tracker_link_is_a_plain_404(open_page, public_site, axe):
    page = open_page()

    response = page.goto(f"/{public_site.centre.slug}/appeals/track/{'x' * 43}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Сторінку не знайдено")
    assert re.search(r"звернення|розгляд", page.locator("main").inner_text()) is None
