"""Survey results in real Chromium: the staff results page, the moderation queue and the public
results page pass axe at desktop and phone widths, and nothing sticks out on a 320 px phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

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


def open_every_section(page: Page) -> None:
    """Unfold every section below the headline figures, as a reader clicking each would."""
    for summary in page.locator("details.vd-results-fold > summary").all():
        summary.click()
    assert page.locator("details.vd-results-fold:not([open])").count() == 0


# The rendered size of each chart text: its font size times the scale the page draws it at.
_CHART_TEXT_PX = """() => Array.from(document.querySelectorAll('svg.vd-chart text')).map(
  t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_results_page_passes_axe(signed_in, public_site, staff_member, survey, axe, width):
    page = signed_in(staff_member, width=width)

    page.goto(f"/staff/{public_site.centre.slug}/surveys/{survey.pk}/results/")

    expect(page.get_by_role("heading", name="Результати опитування")).to_be_visible()
    open_every_section(page)
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


@pytest.mark.parametrize("width", [375, 320])
def test_public_results_read_on_a_phone(open_page, public_site, survey, axe, width):
    page = open_page(width)

    page.goto(f"/{public_site.centre.slug}/survey/visitor-survey/results/")

    # The page starts with the headline figures: on the first screen, everything else folded.
    headline = page.get_by_role("heading", name="Головні показники")
    expect(headline).to_be_in_viewport()
    expect(page.locator(".vd-key-figure").first).to_be_in_viewport()
    assert page.locator("svg.vd-chart:visible").count() == 0
    folded_height = page.evaluate("document.documentElement.scrollHeight")

    open_every_section(page)

    charts = page.locator("figure.vd-results-chart")
    assert charts.count() > 5
    # Every chart has a visible title, and its text is at least 12 px on the phone.
    for figure in charts.all():
        expect(figure.locator("figcaption")).not_to_be_empty()
    sizes = page.evaluate(_CHART_TEXT_PX)
    assert min(sizes) >= 12, f"the smallest chart text is {min(sizes):.1f} px"
    # Tables fit or scroll in their own box; the page itself never scrolls sideways.
    assert sticking_out(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.documentElement.scrollHeight") > folded_height * 2
    axe(page)


def test_public_results_in_english_show_the_questionnaire_in_english(
    open_page, public_site, survey, axe
):
    office = Office.objects.get(centre=public_site.centre, slug="main")
    page = open_page(375)

    page.goto(f"/en/{public_site.centre.slug}/survey/visitor-survey/results/")

    question = survey.versions.get().questions.get(code="overall")
    assert question.text_en, "the standard questionnaire has its English text"
    expect(page.locator("summary").get_by_text(question.text_en, exact=True)).to_be_visible()
    assert page.get_by_text(question.text_uk, exact=True).count() == 0
    # Names kept in Ukrainian are marked so: a screen reader reads them in Ukrainian.
    open_every_section(page)
    row = page.locator("th[scope=row]", has_text=office.name).first
    expect(row).to_have_attribute("lang", "uk")
    axe(page)
