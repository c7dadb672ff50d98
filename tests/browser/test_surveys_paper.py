"""Paper and visit codes in Debian's Chromium: every page axe-clean at 1280 and 320 CSS pixels
without sideways scrolling, and two paper forms entered with the keyboard alone."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.surveys.models import Response, ResponseBatch
from vidhuk.surveys.services import (
    questionnaire_install_defaults,
    version_new_draft,
    version_publish,
)
from vidhuk.surveys.services.batches import paper_batch_start, paper_entry_submit

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")]


@pytest.fixture
def operator(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.HOTLINE_OPERATOR).user


@pytest.fixture
def standard(public_site):
    questionnaires = questionnaire_install_defaults(centre=public_site.centre, actor=None)
    return next(q for q in questionnaires if q.slug == "visitor-survey").versions.get()


@pytest.fixture
def batch(public_site, standard, operator):
    batch = paper_batch_start(
        centre=public_site.centre,
        version=standard,
        received_on=dt.date(2026, 11, 30),
        office=None,
        label="Скринька, виїмка 30.11",
        actor=operator,
    )
    paper_entry_submit(
        batch=batch,
        answers={"purpose": "consultation", "overall": "good", "recommend": "9"},
        submission_key=uuid.uuid4().hex,
        actor=operator,
    )
    return batch


def _base(public_site) -> str:
    return f"/staff/{public_site.centre.slug}/surveys/"


def _check(page: Page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_paper_page_passes_axe(signed_in, public_site, operator, batch, axe, width):
    page = signed_in(operator, width=width)
    base = _base(public_site)
    entry = batch.responses.get()
    for path in (
        "codes/",
        "paper/",
        "batches/",
        "batches/new/",
        f"batches/{batch.pk}/",
        f"batches/{batch.pk}/enter/",
        f"batches/{batch.pk}/entries/{entry.pk}/remove/",
    ):
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        _check(page, axe)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_of_a_retired_versions_batch_pass_axe(
    signed_in, public_site, operator, batch, standard, axe, width
):
    """Version 2 is published while forms of version 1 are still in the box."""
    draft = version_new_draft(questionnaire=standard.questionnaire, actor=operator)
    version_publish(version=draft, actor=operator)
    page = signed_in(operator, width=width)
    base = _base(public_site)

    page.goto(base + "batches/new/")
    expect(page.get_by_label("Анкета", exact=True)).to_have_value(str(draft.pk))
    expect(page.locator("option", has_text="знята з використання")).to_have_count(1)
    _check(page, axe)
    for path in (f"batches/{batch.pk}/enter/", f"batches/{batch.pk}/", "batches/"):
        page.goto(base + path)
        expect(page.get_by_text("Знята з використання", exact=False).first).to_be_visible()
        _check(page, axe)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_error_states_pass_axe(signed_in, public_site, operator, batch, axe, width):
    page = signed_in(operator, width=width)
    base = _base(public_site)

    page.goto(base + f"batches/{batch.pk}/enter/")
    page.get_by_label("1. Мета вашого візиту").fill("9")
    page.get_by_role("button", name="Зберегти анкету").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    _check(page, axe)

    page.goto(base + "codes/")
    page.get_by_label("Скільки кодів").fill("0")
    page.get_by_role("button", name="Видати коди й завантажити PDF").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, axe)


def _focused_name(page: Page) -> str:
    return page.evaluate("() => document.activeElement.name || ''")


def _type_answers(page: Page, answers: dict[str, str]) -> None:
    """From the first field: type each answer and Tab on, leaving unanswered fields empty."""
    for _ in range(60):
        name = _focused_name(page)
        if name in answers:
            page.keyboard.type(answers.pop(name))
        if not answers:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {list(answers)}")


def test_two_paper_forms_entered_with_the_keyboard_alone(
    signed_in, public_site, operator, standard
):
    page = signed_in(operator)
    page.goto(_base(public_site) + "batches/new/")
    batches_before = ResponseBatch.objects.count()

    # Start the batch: the questionnaire is chosen already (the only one); type a label, Enter.
    page.get_by_label("Опис пакета").focus()
    page.keyboard.type("Пошта за день")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Внесено 0 анкет у цьому пакеті.")).to_be_visible()
    assert ResponseBatch.objects.count() == batches_before + 1
    expect(page.get_by_label("1. Мета вашого візиту")).to_be_focused()

    _type_answers(page, {"q_purpose": "2", "q_overall": "1", "q_recommend": "10"})
    page.keyboard.press("Enter")
    expect(page.get_by_text("Анкету збережено. Внесено 1 анкету в цьому пакеті.")).to_be_visible()
    expect(page.get_by_label("1. Мета вашого візиту")).to_be_focused()
    assert page.get_by_label("1. Мета вашого візиту").input_value() == ""

    _type_answers(page, {"q_purpose": "1", "q_learned_from": "1 3", "q_overall": "2"})
    page.keyboard.press("Enter")
    expect(page.get_by_text("Внесено 2 анкети в цьому пакеті.")).to_be_visible()

    batch = ResponseBatch.objects.latest("id")
    assert batch.label == "Пошта за день"
    assert Response.objects.filter(batch=batch).count() == 2
    assert sorted(
        Response.objects.filter(batch=batch).values_list("answers__choice", flat=True)
    ) == sorted(
        ["submit_documents", "excellent", "", "consultation", "community_website",
         "family_friends", "good"]
    )  # fmt: skip
