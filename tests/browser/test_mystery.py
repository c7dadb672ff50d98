"""The mystery shopper in Debian's Chromium: every page axe-clean at 1280 and 320 CSS pixels
without sideways scrolling; an evaluator files a report with the keyboard alone, a reviewer
returns it with a comment, and the evaluator reads the comment on their report.

Sessions are made by Django's test client (`sign_in_verified`, the state the sign-in flow with
password and TOTP code leaves) and handed to the browser as its cookie.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import User
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.models import Office
from vidhuk.demo.management.commands.seed_demo import DEMO_PASSWORD
from vidhuk.demo.mystery import RETURN_COMMENT, seed_mystery
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit
from vidhuk.mystery.selectors import mystery_version_current
from vidhuk.mystery.services import (
    VisitFacts,
    mystery_visit_accept,
    mystery_visit_create,
    mystery_visit_return,
)
from vidhuk.mystery.tests.fixtures import (
    RATING_CODES,
    YES_NO_CODES,
    full_answers,
    jpeg_with_gps,
    upload,
)
from vidhuk.surveys.services import questionnaire_install_defaults

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320
COMMENT = "Додайте, будь ласка, фото вказівника біля входу."


@pytest.fixture
def mystery(public_site, settings, tmp_path):
    """The default checklist, an evaluator and a reviewer of the demo-like centre."""
    settings.MEDIA_ROOT = tmp_path / "media"
    centre = public_site.centre
    questionnaire_install_defaults(centre=centre, actor=None)
    evaluator = MembershipFactory(
        centre=centre, role=Role.EVALUATOR, user__first_name="Оксана", user__last_name="Петренко"
    ).user
    reviewer = MembershipFactory(centre=centre, role=Role.COMMUNICATIONS).user
    return {"centre": centre, "evaluator": evaluator, "reviewer": reviewer}


def _file(mystery, *, office_slug: str = "main", submit: bool = True, photos=None):
    centre = mystery["centre"]
    return mystery_visit_create(
        centre=centre,
        evaluator=mystery["evaluator"],
        version=mystery_version_current(centre=centre),
        facts=VisitFacts(
            visited_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=2),
            office=Office.objects.get(centre=centre, slug=office_slug),
            minutes_waited=14,
            minutes_served=9,
        ),
        answers=full_answers(),
        submission_key=uuid.uuid4().hex,
        photos=photos,
        submit=submit,
    )


def _base(mystery) -> str:
    return f"/staff/{mystery['centre'].slug}/mystery/"


def _check(page: Page, axe, width: int) -> None:
    axe(page)
    if width == PHONE_WIDTH:
        assert sticking_out(page) == [], page.url


@pytest.mark.parametrize(
    "width", [pytest.param(1280, id="desktop"), pytest.param(PHONE_WIDTH, id="phone")]
)
def test_the_evaluators_pages_are_axe_clean(signed_in, mystery, axe, width):
    returned = _file(mystery, photos=[upload("entrance.jpg", jpeg_with_gps())])
    mystery_visit_return(visit=returned, actor=mystery["reviewer"], comment=COMMENT)
    _file(mystery, office_slug="luhove", submit=False)
    base = _base(mystery)
    page = signed_in(mystery["evaluator"], width=width)

    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Мої звіти таємного відвідувача")
    _check(page, axe, width)

    page.goto(f"{base}{returned.pk}/")
    expect(page.get_by_text(COMMENT)).to_be_visible()
    expect(page.get_by_role("img", name="Фото 1: entrance.jpg")).to_be_visible()
    _check(page, axe, width)

    page.goto(f"{base}{returned.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Зміна звіту")
    _check(page, axe, width)

    page.goto(f"{base}new/")
    page.get_by_label("Скільки хвилин ви чекали").fill("99999")
    page.get_by_role("button", name="Подати на перевірку").click()
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Вкажіть не більше 1440 хвилин")
    _check(page, axe, width)


@pytest.mark.parametrize(
    "width", [pytest.param(1280, id="desktop"), pytest.param(PHONE_WIDTH, id="phone")]
)
def test_the_review_pages_are_axe_clean(signed_in, mystery, axe, width):
    waiting = _file(mystery, photos=[upload("hall.jpg", jpeg_with_gps())])
    accepted = _file(mystery, office_slug="luhove")
    mystery_visit_accept(visit=accepted, actor=mystery["reviewer"])
    base = _base(mystery)
    page = signed_in(mystery["reviewer"], width=width)

    page.goto(f"{base}review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Звіти таємних відвідувачів")
    _check(page, axe, width)

    page.goto(f"{base}review/{waiting.pk}/")
    expect(page.get_by_role("button", name="Прийняти звіт")).to_be_visible()
    _check(page, axe, width)

    page.get_by_role("button", name="Повернути з коментарем").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Напишіть, що саме")
    _check(page, axe, width)

    page.goto(f"{base}scores/")
    expect(page.get_by_text("Враховано 1 прийнятий звіт")).to_be_visible()
    _check(page, axe, width)


# --- keyboard only -------------------------------------------------------------------------------


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
          return {name: el.name || '', label, text: el.textContent.trim()};
        }"""
    )


def tab_to(page: Page, *, name: str = "", text: str = "", limit: int = 150) -> None:
    """Press Tab until the control with this name (or the button with this text) has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if (name and focused["name"] == name) or (text and focused["text"] == text):
            return
    raise AssertionError(f"Tab never reached {name or text!r}")


def test_an_evaluator_files_a_report_with_the_keyboard_and_reads_the_reviewers_comment(
    signed_in, mystery
):
    base = _base(mystery)
    page = signed_in(mystery["evaluator"])
    page.goto(base)

    tab_to(page, text="Новий звіт")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Новий звіт")
    # The date and time are filled with the present moment; the office is chosen with arrows.
    tab_to(page, name="office")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Офіс", exact=True)).to_have_value(
        str(Office.objects.get(centre=mystery["centre"], slug="main").pk)
    )
    tab_to(page, name="minutes_waited")
    page.keyboard.type("25")
    tab_to(page, name="minutes_served")
    page.keyboard.type("10")
    for code in YES_NO_CODES:
        tab_to(page, name=f"q_{code}")  # the group's first option, «Так»
        page.keyboard.press("Space")
    tab_to(page, name="q_minutes_to_ticket")
    page.keyboard.press("Space")
    for code in RATING_CODES:
        tab_to(page, name=f"q_{code}")
        for _ in range(3):  # 1 → 4
            page.keyboard.press("ArrowRight")
    tab_to(page, name="q_comments")
    page.keyboard.type("Вказівника біля входу немає.")
    tab_to(page, text="Подати на перевірку")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Звіт подано на перевірку.")).to_be_visible()
    visit = MysteryVisit.objects.get()
    answers = {a.question.code: a for a in visit.response.answers.select_related("question")}
    assert (visit.status, visit.minutes_waited, visit.minutes_served) == (
        MysteryVisitStatus.SUBMITTED,
        25,
        10,
    )
    assert {answers[code].choice for code in YES_NO_CODES} == {"yes"}
    assert {answers[code].number for code in RATING_CODES} == {4}
    assert answers["comments"].text == "Вказівника біля входу немає."

    reviewer_page = signed_in(mystery["reviewer"])
    reviewer_page.goto(f"{base}review/")
    reviewer_page.get_by_role("link", name=re.compile(r"\d\d\.\d\d\.\d{4}")).click()
    reviewer_page.get_by_label("Що потрібно виправити").fill(COMMENT)
    reviewer_page.get_by_role("button", name="Повернути з коментарем").click()
    expect(reviewer_page.get_by_text("Звіт повернуто таємному відвідувачу")).to_be_visible()

    page.goto(base)
    expect(page.get_by_text("є коментар перевірки")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"\d\d\.\d\d\.\d{4}")).click()
    expect(page.get_by_role("region", name="Звіт повернуто з коментарем")).to_contain_text(COMMENT)
    visit.refresh_from_db()
    assert (visit.status, visit.review_comment) == (MysteryVisitStatus.RETURNED, COMMENT)


# --- the demo centre -----------------------------------------------------------------------------


def test_the_demo_evaluator_sees_three_reports_once_seeded(signed_in, public_site, axe):
    """`seed_mystery` (vidhuk/demo/mystery.py) is idempotent and files one report in each of the
    states a visitor of the demo should see."""
    centre = public_site.centre

    first, second = seed_mystery(centre), seed_mystery(centre)

    evaluator = User.objects.get(username="demo-evaluator")
    assert (first, second) == (3, 0)
    assert evaluator.memberships.get(centre=centre).role == Role.EVALUATOR
    assert evaluator.check_password(DEMO_PASSWORD)
    assert evaluator.totpdevice_set.filter(confirmed=True).count() == 1
    page = signed_in(evaluator)
    page.goto(f"/staff/{centre.slug}/mystery/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    for status in ["Подано на перевірку", "Прийнято", "Повернуто на доопрацювання"]:
        expect(page.get_by_text(status, exact=True)).to_be_visible()
    axe(page)
    returned = MysteryVisit.objects.get(evaluator=evaluator, status=MysteryVisitStatus.RETURNED)
    assert returned.review_comment == RETURN_COMMENT
