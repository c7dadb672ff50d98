"""The communications pages added for issue 13's templates and channel analysis, in real Chromium
on a 320 px phone: the head opens «Створити з шаблону», starts an embargoed press release from its
template, rewrites the title and saves the draft; then reads the channels page (where visitors
learned about the centre). Every page passes axe and does not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sticking_out
from vidhuk.communications.models import Publication, PublicationState
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.services import questionnaire_install_defaults, response_submit

pytestmark = pytest.mark.browser


def _check(page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


def test_head_writes_a_press_release_from_its_template(signed_in, public_site, staff_member, axe):
    centre = public_site.centre
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{centre.slug}/communications/")

    page.get_by_text("Створити з шаблону").click()
    _check(page, axe)
    page.get_by_role("link", name="Пресреліз з ембарго").click()
    expect(page.get_by_label("Вид", exact=True)).to_have_value("press_release")
    _check(page, axe)
    page.get_by_label("Заголовок", exact=True).fill("ЦНАП відкриває віддалене місце в Луговому")
    page.get_by_role("button", name="Зберегти чернетку").click()

    expect(page.get_by_text("Чернетку збережено.")).to_be_visible()
    publication = Publication.objects.get()
    assert (publication.kind, publication.state) == ("press_release", PublicationState.DRAFT)
    assert publication.embargo_until is not None
    assert "Контакти для медіа" in publication.body


def test_the_channels_page_shows_where_visitors_learned_about_the_centre(
    signed_in, public_site, staff_member, axe
):
    centre = public_site.centre
    (questionnaire,) = [
        q for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    ]  # fmt: skip
    for index in range(3):
        response_submit(
            version=questionnaire.versions.get(), channel=Channel.WEB,
            answers={"purpose": "consultation", "overall": "good", "learned_from": ["starosta"]},
            submission_key=f"channels-{index}",
        )  # fmt: skip
    page = signed_in(staff_member, width=320)
    page.goto(f"/staff/{centre.slug}/communications/channels/")

    row = page.get_by_role("row", name="Старостат")
    expect(row.get_by_role("cell").first).to_have_text("3")
    _check(page, axe)
