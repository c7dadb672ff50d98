"""Survey results in real Chromium: the staff results page, the moderation queue and the public
results page pass axe at desktop and phone widths, and nothing sticks out on a 320 px phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.core.models import Office
from vidhuk.surveys.choices import Channel, Moderation
from vidhuk.surveys.models import Answer, Questionnaire
from vidhuk.surveys.services import questionnaire_install_defaults
from vidhuk.surveys.tests.test_results_views import answer

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")]


@pytest.fixture
def survey(public_site) -> Questionnaire:
    centre = public_site.centre
    questionnaire_install_defaults(centre=centre, actor=None)
    questionnaire = Questionnaire.objects.get(centre=centre, slug="visitor-survey")
    main = Office.objects.get(centre=centre, slug="main")
    remote = Office.objects.get(centre=centre, slug="luhove")
    for n in range(14):
        answer(
            questionnaire,
            office=main if n % 3 else remote,
            channel=Channel.PAPER if n % 4 == 0 else Channel.WEB,
            on=dt.date(2026, 1 + n % 3, 5),
            overall=["excellent", "good", "acceptable", "terrible"][n % 4],
            recommend=n % 11,
            rate_speed=1 + n % 5,
            learned_from=["community_website", "family_friends"][: 1 + n % 2],
            sex="female" if n < 9 else "male",
            age_group="36_59",
        )
    answer(questionnaire, overall="good", improve="Працівниця Ольга Іваненко, тел. 067 000 00 00")
    approved = answer(questionnaire, overall="good", improve="Мало місць для сидіння")
    Answer.objects.filter(response=approved, question__code="improve").update(
        moderation=Moderation.PUBLISHED, public_text="Мало місць для сидіння"
    )
    questionnaire.results_public = True
    questionnaire.save()
    return questionnaire


@pytest.mark.parametrize("width", WIDTHS)
def test_results_page_passes_axe(signed_in, public_site, staff_member, survey, axe, width):
    page = signed_in(staff_member, width=width)

    page.goto(f"/staff/{public_site.centre.slug}/surveys/{survey.pk}/results/")

    expect(page.get_by_role("heading", name="Результати опитування")).to_be_visible()
    expect(page.get_by_role("img", name="Частка задоволених за місяцями, %")).to_be_visible()
    expect(page.get_by_text("приховано").first).to_be_visible()
    axe(page)
    assert sticking_out(page) == []


def test_results_filter_error_passes_axe(signed_in, public_site, staff_member, survey, axe):
    page = signed_in(staff_member)
    page.goto(
        f"/staff/{public_site.centre.slug}/surveys/{survey.pk}/results/"
        "?date_from=2026-05-01&date_to=2026-04-01"
    )

    expect(
        page.locator(".govuk-error-summary").get_by_text(
            "Кінець періоду не може бути раніше за початок."
        )
    ).to_be_visible()
    axe(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_moderation_queue_passes_axe_and_publishes_by_keyboard(
    signed_in, public_site, staff_member, survey, axe, width
):
    page = signed_in(staff_member, width=width)
    page.goto(f"/staff/{public_site.centre.slug}/surveys/{survey.pk}/comments/")
    axe(page)
    assert sticking_out(page) == []

    text = page.get_by_label("Текст для оприлюднення")
    text.fill("Працівниця була неввічливою")
    page.get_by_role("button", name="Оприлюднити коментар").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Коментар оприлюднено.")).to_be_visible()
    comment = Answer.objects.get(question__code="improve", text__startswith="Працівниця")
    assert (comment.moderation, comment.public_text) == (
        Moderation.PUBLISHED,
        "Працівниця була неввічливою",
    )
    axe(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_results_pass_axe(open_page, public_site, survey, axe, width):
    page = open_page(width)

    page.goto(f"/{public_site.centre.slug}/survey/visitor-survey/results/")

    expect(page.get_by_text("Мало місць для сидіння")).to_be_visible()
    assert page.get_by_text("Ольга Іваненко").count() == 0
    axe(page)
    assert sticking_out(page) == []
