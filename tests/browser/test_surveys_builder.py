"""The questionnaire builder in real Chromium: every page axe-clean and without sideways
scrolling at 1280 and 320 CSS pixels, and a questionnaire made with the keyboard alone — create
it, add a section, a yes/no question and a rating shown only after «yes», preview it in both
languages, publish it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.models import Question, Questionnaire, Response
from vidhuk.surveys.services.questionnaires import questionnaire_install_defaults
from vidhuk.surveys.services.questions import question_add
from vidhuk.surveys.services.sections import section_add
from vidhuk.surveys.services.versions import version_new_draft

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320


@pytest.fixture
def editor(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.COMMUNICATIONS).user


@pytest.fixture
def questionnaires(public_site):
    """The standard questionnaire (published) with a draft of version 2 that has a matrix."""
    visitor = next(
        q
        for q in questionnaire_install_defaults(centre=public_site.centre, actor=None)
        if q.slug == "visitor-survey"
    )
    published = visitor.versions.get()
    draft = version_new_draft(questionnaire=visitor, actor=None)
    section = section_add(version=draft, title_uk="Приміщення", title_en="Premises", actor=None)
    question_add(
        section=section,
        code="rooms",
        type="matrix",
        text_uk="Оцініть приміщення",
        text_en="Rate the premises",
        options=[
            {"value": "clean", "label_uk": "Чисто", "label_en": "Clean"},
            {"value": "dirty", "label_uk": "Брудно", "label_en": "Dirty"},
        ],
        rows=[
            {"value": "hall", "label_uk": "Зала", "label_en": "Hall"},
            {"value": "toilet", "label_uk": "Туалет", "label_en": "Toilet"},
        ],
        actor=None,
    )
    section_add(version=draft, title_uk="Порожній розділ", actor=None)
    return published, draft


def check(page: Page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize(
    "width", [pytest.param(1280, id="desktop"), pytest.param(PHONE_WIDTH, id="phone")]
)
def test_every_builder_page_is_axe_clean(signed_in, public_site, editor, questionnaires, axe,
                                         width):  # fmt: skip
    published, draft = questionnaires
    base = f"/staff/{public_site.centre.slug}/surveys/"
    rooms = draft.questions.get(code="rooms")
    empty = draft.sections.get(title_uk="Порожній розділ")
    page = signed_in(editor, width=width)

    for path in [
        "",
        "new/",
        f"{published.questionnaire_id}/",
        f"{published.questionnaire_id}/settings/",
        f"versions/{published.pk}/",
        f"versions/{draft.pk}/",
        f"versions/{draft.pk}/publish/",
        f"versions/{draft.pk}/sections/new/",
        f"sections/{empty.pk}/",
        f"sections/{empty.pk}/delete/",
        f"sections/{empty.pk}/questions/new/",
        f"questions/{rooms.pk}/",
        f"questions/{rooms.pk}/delete/",
        f"versions/{draft.pk}/preview/",
    ]:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(page, axe)

    # The error states: a questionnaire and a question refused, a preview with missing answers.
    page.goto(base + "new/")
    page.get_by_role("button", name="Створити анкету").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Оберіть вид анкети.")
    check(page, axe)
    page.goto(base + f"sections/{empty.pk}/questions/new/")
    page.get_by_label("Один варіант").check()
    page.get_by_label("Варіанти відповіді").fill("a | Так\nБез значення")
    page.get_by_role("button", name="Додати питання").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Рядок 2 («Без значення»)")
    check(page, axe)
    page.goto(base + f"versions/{published.pk}/preview/")
    page.get_by_role("button", name="Надіслати відповіді").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Дайте відповідь на питання «")
    check(page, axe)
    page.goto("/en" + base + f"versions/{draft.pk}/preview/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Administrative service centre visitor questionnaire"
    )
    check(page, axe)
    assert Response.objects.count() == 0


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
          return {name: el.name || '', label, text: el.textContent.trim(), id: el.id || ''};
        }"""
    )


def tab_to(
    page: Page, *, label: str = "", text: str = "", name: str = "", id: str = "", limit: int = 150
) -> None:
    """Press Tab until the control with this label, text, name or id has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if (
            (label and focused["label"].startswith(label))
            or (text and focused["text"].startswith(text))
            or (name and focused["name"] == name)
            or (id and focused["id"] == id)
        ):
            return
    raise AssertionError(f"Tab never reached {label or text or name!r}")


def test_a_questionnaire_made_previewed_and_published_with_the_keyboard_alone(
    signed_in, public_site, editor
):
    page = signed_in(editor)
    page.goto(f"/staff/{public_site.centre.slug}/surveys/")

    # Create the questionnaire.
    tab_to(page, text="Створити анкету")
    page.keyboard.press("Enter")
    page.wait_for_url("**/surveys/new/")
    tab_to(page, label="Опитування відвідувачів")
    page.keyboard.press("Space")
    tab_to(page, name="title_uk")
    page.keyboard.type("Опитування про черги")
    tab_to(page, name="title_en")
    page.keyboard.type("Queue survey")
    tab_to(page, name="slug")
    page.keyboard.type("queues")
    tab_to(page, text="Створити анкету")
    page.keyboard.press("Enter")
    page.wait_for_url("**/surveys/versions/*/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Версія 1")

    # Add a section.
    tab_to(page, name="title_uk")
    page.keyboard.type("Ваш візит")
    tab_to(page, text="Додати розділ")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Розділ 1. Ваш візит")).to_be_visible()

    # A yes/no question: the type radios start at «Оцінка від 1 до 5»; two steps down.
    tab_to(page, text="Додати питання")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/new/")
    tab_to(page, label="Оцінка від 1 до 5")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Так / ні")).to_be_checked()
    tab_to(page, name="text_uk")
    page.keyboard.type("Ви отримали послугу?")
    tab_to(page, name="code")
    page.keyboard.type("served")
    tab_to(page, text="Додати питання")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Питання «served» додано.")).to_be_visible()

    # A rating shown only to those who answered «yes».
    tab_to(page, text="Додати питання")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/new/")
    tab_to(page, name="text_uk")
    page.keyboard.type("Оцініть швидкість обслуговування")
    tab_to(page, name="code")
    page.keyboard.type("speed")
    tab_to(page, name="show_if_question")
    page.keyboard.press("ArrowDown")
    tab_to(page, name="show_if_values")
    page.keyboard.type("yes")
    tab_to(page, text="Додати питання")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Показується, лише якщо на «served» відповіли: yes")).to_be_visible()

    # Preview: a submit checks the answers and saves nothing; then in English.
    tab_to(page, text="Переглянути як відвідувач")
    page.keyboard.press("Enter")
    page.wait_for_url("**/preview/")
    tab_to(page, label="Так")
    page.keyboard.press("Space")
    # Tab enters the rating at «1»; the arrows move within the group.
    tab_to(page, label="1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4", exact=True)).to_be_checked()
    tab_to(page, text="Надіслати відповіді")
    page.keyboard.press("Enter")
    expect(page.locator("#preview-result")).to_contain_text("нічого не збережено")
    assert Response.objects.count() == 0
    tab_to(page, text="In English")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue survey")
    tab_to(page, id="preview-back")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/staff/verbivka/surveys/versions/\d+/$"))

    # Publish.
    tab_to(page, text="Опублікувати…")
    page.keyboard.press("Enter")
    page.wait_for_url("**/publish/")
    tab_to(page, text="Опублікувати")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Версію 1 опубліковано")).to_be_visible()

    questionnaire = Questionnaire.objects.get(centre=public_site.centre, slug="queues")
    version = questionnaire.versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert list(
        Question.objects.filter(version=version).values_list("code", "type", "show_if")
    ) == [
        ("served", "yes_no", None),
        ("speed", "rating", {"question": "served", "equals": ["yes"]}),
    ]
