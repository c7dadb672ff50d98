"""A visitor answers the standard questionnaire in Debian's Chromium: axe-clean on the page, its
error state and the thank-you page; with the keyboard alone; with JavaScript off; and without
sideways scrolling at 320 CSS pixels.

The form refuses anything sent within 3 seconds of being shown (a bot check), so where a person
would read, the clock is moved on with time-machine instead of sleeping.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.core.models import Office
from vidhuk.surveys.models import QuestionnaireVersion, Response
from vidhuk.surveys.services import (
    questionnaire_install_defaults,
    version_new_draft,
    version_publish,
    visit_tokens_issue,
)

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey_url(public_site) -> str:
    questionnaire_install_defaults(centre=public_site.centre, actor=None)
    return f"/{public_site.centre.slug}/survey/visitor-survey/"


def take_time(time_machine, seconds: int = 6) -> None:
    """A person reads and answers; the form's bot check wants at least 3 seconds."""
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
          return {name: el.name || '', label, text: el.textContent.trim()};
        }"""
    )


def tab_to(
    page: Page, *, label: str = "", text: str = "", name: str = "", limit: int = 120
) -> None:
    """Press Tab until the control with this label (or the button with this text) has focus;
    the honeypot must never get focus on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["name"] != "website", "the honeypot took keyboard focus"
        if (
            (label and focused["label"] == label)
            or (text and focused["text"] == text)
            or (name and focused["name"] == name)
        ):
            return
    raise AssertionError(f"Tab never reached {label or text!r}")


@pytest.mark.parametrize(
    "width", [pytest.param(1280, id="desktop"), pytest.param(PHONE_WIDTH, id="phone")]
)
def test_the_survey_its_errors_and_the_thanks_are_axe_clean(
    open_page, survey_url, axe, time_machine, width
):
    page = open_page(width)
    page.goto(survey_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Анкета відвідувача ЦНАП")
    axe(page)
    assert sticking_out(page) == []

    page.get_by_role("button", name="Надіслати відповіді").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Дайте відповідь на питання «")
    axe(page)
    assert sticking_out(page) == []

    page.get_by_label("Консультація", exact=True).check()
    page.get_by_label("Прийнятно", exact=True).check()
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати відповіді").click()
    page.wait_for_url("**/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Дякуємо за відповіді")
    axe(page)
    assert sticking_out(page) == []
    assert Response.objects.count() == 1


def test_the_standard_questionnaire_with_the_keyboard_alone(open_page, survey_url, time_machine):
    page = open_page()
    page.goto(survey_url)

    # Tab enters a radio group at its first option; Space ticks it, the arrows move within it.
    tab_to(page, label="Консультація")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Подати документи", exact=True)).to_be_checked()
    tab_to(page, label="Чудово")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Добре", exact=True)).to_be_checked()
    tab_to(page, label="Сайт громади")
    page.keyboard.press("Space")
    expect(page.get_by_label("Сайт громади", exact=True)).to_be_checked()
    tab_to(page, name="q_improve")
    page.keyboard.type("Більше місць для сидіння.")
    take_time(time_machine)
    tab_to(page, text="Надіслати відповіді")
    page.keyboard.press("Enter")

    page.wait_for_url("**/thanks/")
    answers = {
        answer.question.code: answer.choice or answer.text
        for answer in Response.objects.get().answers.select_related("question")
    }
    assert answers == {
        "purpose": "submit_documents",
        "overall": "good",
        "learned_from": "community_website",
        "improve": "Більше місць для сидіння.",
    }


def test_the_survey_works_with_javascript_off(open_page, survey_url, time_machine):
    page = open_page(PHONE_WIDTH, java_script_enabled=False)
    page.goto(survey_url)

    page.get_by_role("button", name="Надіслати відповіді").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Дайте відповідь на питання «")
    page.get_by_label("Отримати результат", exact=True).check()
    page.get_by_label("Чудово", exact=True).check()
    page.get_by_role("group", name="Наскільки ймовірно").get_by_label("10", exact=True).check()
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати відповіді").click()

    page.wait_for_url("**/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Дякуємо за відповіді")
    assert sticking_out(page) == []
    assert Response.objects.get().answers.count() == 3


@pytest.mark.parametrize(
    "width", [pytest.param(1280, id="desktop"), pytest.param(PHONE_WIDTH, id="phone")]
)
def test_a_visitor_types_the_code_from_the_slip_and_reaches_the_survey(
    open_page, survey_url, public_site, axe, width
):
    office = Office.objects.filter(centre=public_site.centre).order_by("pk").first()
    (code,) = visit_tokens_issue(
        centre=public_site.centre,
        office=office,
        service=None,
        valid_on=timezone.localdate(),
        count=1,
        actor=None,
    )
    page = open_page(width)
    page.goto(f"/{public_site.centre.slug}/survey/v/")
    axe(page)
    assert sticking_out(page) == []

    page.get_by_role("button", name="Продовжити").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Введіть код візиту.")
    axe(page)
    page.get_by_label("Код візиту").fill(f" {code[:4].lower()}-{code[4:]} ")
    page.get_by_role("button", name="Продовжити").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Анкета відвідувача ЦНАП")
    expect(page.locator("body")).to_contain_text(office.name)


def test_a_code_answered_with_says_so_and_a_form_of_a_replaced_version_asks_again(
    open_page, survey_url, public_site, axe, time_machine
):
    office = Office.objects.filter(centre=public_site.centre).order_by("pk").first()
    (code,) = visit_tokens_issue(
        centre=public_site.centre,
        office=office,
        service=None,
        valid_on=timezone.localdate(),
        count=1,
        actor=None,
    )
    page = open_page(PHONE_WIDTH)
    page.goto(f"/{public_site.centre.slug}/survey/v/{code}/")
    page.get_by_label("Консультація", exact=True).check()
    page.get_by_label("Прийнятно", exact=True).check()
    # Meanwhile staff publish a new version of the questionnaire.
    published = QuestionnaireVersion.objects.get(
        questionnaire__centre=public_site.centre,
        questionnaire__slug="visitor-survey",
        status="published",
    )
    version_publish(
        version=version_new_draft(questionnaire=published.questionnaire, actor=None), actor=None
    )
    take_time(time_machine)
    page.get_by_role("button", name="Надіслати відповіді").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Анкету щойно оновили. Перевірте відповіді й надішліть ще раз.")
    expect(page.get_by_label("Консультація", exact=True)).to_be_checked()
    axe(page)
    assert sticking_out(page) == []
    assert Response.objects.count() == 0

    take_time(time_machine)
    page.get_by_role("button", name="Надіслати відповіді").click()
    page.wait_for_url("**/thanks/")
    page.goto(f"/{public_site.centre.slug}/survey/v/{code}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("За цим кодом уже відповіли")
    axe(page)
    assert Response.objects.get().version.number == 2


def test_scales_read_as_tidy_rows_with_their_ends_named_on_a_phone(open_page, survey_url, axe):
    page = open_page(375)
    page.goto(survey_url)

    def rows_of(group_name: str) -> list[int]:
        """How many radios sit on each line of the scale, top to bottom."""
        group = page.get_by_role("group", name=group_name)
        tops = [
            round(box["y"])
            for box in (r.bounding_box() for r in group.get_by_role("radio").all())
            if box
        ]
        return [tops.count(top) for top in sorted(set(tops))]

    # 0–10: two rows, 0–5 and 6–10 (never 5 + 5 + 1); 1–5: one row.
    assert rows_of("Наскільки ймовірно") == [6, 5]
    assert rows_of("Швидкість обслуговування") == [5]
    expect(page.get_by_role("group", name="Швидкість обслуговування")).to_contain_text(
        "1 — зовсім незадоволений … 5 — повністю задоволений."
    )
    # The anchors are the group's description, read out with the question.
    speed = page.get_by_role("group", name="Швидкість обслуговування")
    expect(speed).to_have_accessible_description(
        "1 — зовсім незадоволений … 5 — повністю задоволений."
    )
    expect(page.get_by_text("Не більше 4000 символів.")).to_be_visible()
    assert sticking_out(page) == []
    axe(page)


def test_the_error_summary_names_each_question(open_page, survey_url, axe, time_machine):
    page = open_page(PHONE_WIDTH)
    page.goto(survey_url)
    take_time(time_machine)

    page.get_by_role("button", name="Надіслати відповіді").click()

    summary = page.locator(".govuk-error-summary")
    expect(
        summary.get_by_role("link", name="Дайте відповідь на питання «Мета вашого візиту».")
    ).to_be_visible()
    expect(
        summary.get_by_role(
            "link", name="Дайте відповідь на питання «Загальна оцінка обслуговування»."
        )
    ).to_be_visible()
    expect(summary).not_to_contain_text("це питання")
    summary.get_by_role("link", name="Дайте відповідь на питання «Мета вашого візиту».").click()
    expect(page.get_by_role("radio").first).to_be_focused()
    axe(page)
    assert sticking_out(page) == []
