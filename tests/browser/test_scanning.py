"""Scanned questionnaires in Debian's Chromium: the upload, batch and review pages axe-clean at
1280 and 320 CSS pixels without sideways scrolling, and a doubtful mark decided and the batch
entered with the keyboard alone."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.scanning.pages import encode_png
from vidhuk.scanning.services import scan_batch_create
from vidhuk.scanning.synthetic import Mark, draw_mark, render_pages
from vidhuk.surveys.models import Response
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.services import questionnaire_install_defaults

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")]


@pytest.fixture
def operator(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.HOTLINE_OPERATOR).user


@pytest.fixture
def scanned(public_site, operator):
    """A batch of one scanned page: the first box of every required question but one crossed,
    and a box of an optional question half filled in — a doubtful mark, then a required
    question left empty, to review."""
    version = next(
        q
        for q in questionnaire_install_defaults(centre=public_site.centre, actor=None)
        if q.slug == "visitor-survey"
    ).versions.get()
    pdf, form = questionnaire_pdf_and_map(version=version)
    image = render_pages(pdf, dpi=150)[0].copy()
    boxes = [b for b in form.boxes if b.page == 1 and not b.row]
    required = [c for c in dict.fromkeys(b.question for b in boxes) if c in form.required]
    optional = next(b for b in reversed(boxes) if b.question not in form.required)
    rng = np.random.default_rng(3)
    for code in required[1:]:
        first = next(b for b in boxes if b.question == code)
        draw_mark(image, first.rect, Mark.CROSS, dpi=150, rng=rng)
    draw_mark(image, optional.rect, Mark.PARTIAL, dpi=150, rng=rng)
    upload = SimpleUploadedFile("scan.png", encode_png(image), content_type="image/png")
    batch = scan_batch_create(
        centre=public_site.centre,
        version=version,
        received_on=dt.date(2026, 11, 30),
        office=None,
        label="Скринька, виїмка 30.11",
        files=[upload],
        actor=operator,
    )
    empty = next(b for b in boxes if b.question == required[0] and b.option == 2)
    return batch, empty


def _check(page: Page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_scanning_pages_pass_axe(signed_in, public_site, operator, scanned, axe, width):
    batch, _empty = scanned
    page = signed_in(operator, width=width)
    base = f"/staff/{public_site.centre.slug}/scanning/"
    for path in ("", f"{batch.pk}/", f"{batch.pk}/review/"):
        assert page.goto(base + path).status == 200
        _check(page, axe)
    page.goto(base)
    page.get_by_role("button", name="Завантажити й прочитати").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_be_visible()
    _check(page, axe)


def test_marks_are_reviewed_and_the_batch_entered_by_keyboard_alone(
    signed_in, public_site, operator, scanned, axe
):
    batch, empty = scanned
    page = signed_in(operator, width=1280)
    page.goto(f"/staff/{public_site.centre.slug}/scanning/{batch.pk}/review/")
    expect(page.get_by_role("heading", name="Сумнівна позначка")).to_be_visible()
    image = page.locator("img.vd-scan-crop")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_label("Що в квадратику?")).to_be_focused()
    page.keyboard.press("Enter")  # Enter alone accepts the reading proposed
    expect(page.get_by_role("heading", name="Обов’язкове питання без відповіді")).to_be_visible()
    expect(page.get_by_label("Чи позначено якусь відповідь?")).to_be_focused()
    _check(page, axe)
    page.keyboard.type("2")  # a digit corrects: option 2 is marked, too faintly to read
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Внести анкети")).to_be_visible()
    page.get_by_role("button", name="Внести анкети").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Внесено анкет: 1")).to_be_visible()
    response = Response.objects.get(batch=batch.response_batch)
    assert response.answers.filter(question__code=empty.question, choice=empty.value).exists()
    decided = batch.pages.get().decisions
    proposed = next(r["proposed"] for r in batch.pages.get().readings if r["state"] == "doubtful")
    assert proposed in decided.values()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_print_page_with_its_runs_passes_axe(signed_in, public_site, operator, axe, width):
    from vidhuk.surveys.services.printing import print_run_create

    version = next(
        q
        for q in questionnaire_install_defaults(centre=public_site.centre, actor=None)
        if q.slug == "visitor-survey"
    ).versions.get()
    print_run_create(
        centre=public_site.centre, version=version, size="standard", language="uk", copies=40,
        actor=operator,
    )  # fmt: skip
    page = signed_in(operator, width=width)
    page.goto(f"/staff/{public_site.centre.slug}/surveys/paper/")
    expect(page.get_by_role("link", name="PDF аркушів 1–40")).to_be_visible()
    expect(page.get_by_label("Скільки примірників")).to_have_value("1")
    _check(page, axe)
