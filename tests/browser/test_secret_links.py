"""Secrets in links, in Debian's Chromium (issue 10, §7; issue 9): a visit code and a tracker token
never stand in the path of any request the browser makes; a mistyped code is typed again on the
page that refused it; a case is found by its number and contact. axe-clean at 320 px."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sticking_out
from vidhuk.appeals import services
from vidhuk.appeals.choices import Kind
from vidhuk.core.models import Office
from vidhuk.surveys.models import Response
from vidhuk.surveys.services import questionnaire_install_defaults, visit_tokens_issue

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey_site(public_site):
    questionnaire_install_defaults(centre=public_site.centre, actor=None)
    return public_site


def _paths_of(page: Page) -> list[str]:
    """The path of every request the page makes from now on, sub-resources included."""
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def test_answering_by_the_qr_address_keeps_the_code_out_of_every_path(
    open_page, survey_site, axe, time_machine
):
    public_site = survey_site
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
    paths = _paths_of(page)

    page.goto(f"/{public_site.centre.slug}/survey/v/?code={code[:4]}-{code[4:8]}-{code[8:]}")
    expect(page.locator("body")).to_contain_text(office.name)
    page.get_by_label("Консультація", exact=True).check()
    page.get_by_label("Прийнятно", exact=True).check()
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=6), tick=True)
    page.get_by_role("button", name="Надіслати відповіді").click()
    page.wait_for_url("**/thanks/")

    assert Response.objects.count() == 1
    assert paths
    assert [path for path in paths if code in path.replace("-", "")] == []


def test_a_mistyped_code_is_typed_again_on_the_page_that_refused_it(open_page, survey_site, axe):
    public_site = survey_site
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
    page.goto(f"/{public_site.centre.slug}/survey/v/")
    page.get_by_label("Код візиту").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Продовжити").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Код візиту недійсний")
    expect(page.get_by_label("Код візиту")).to_have_value("AAAA-BBBB-CCCC")
    axe(page)
    assert sticking_out(page) == []
    page.get_by_label("Код візиту").fill(code)
    page.get_by_role("button", name="Продовжити").click()

    expect(page.locator("body")).to_contain_text(office.name)
    assert code not in urlsplit(page.url).path


def test_a_case_is_found_by_number_and_phone_without_the_link(open_page, public_site, axe):
    appeal = services.appeal_submit(
        centre=public_site.centre,
        kind=Kind.COMPLAINT,
        text="Не працює пандус.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(
            full_name="Шевченко Марія",
            address="м. Вербівка",
            phone="0671234567",
            consent_text="Згода.",
        ),
    ).appeal
    page = open_page(PHONE_WIDTH)
    page.goto(f"/{public_site.centre.slug}/appeals/track/")
    axe(page)

    page.get_by_label("Реєстраційний номер").fill(appeal.registration_index)
    page.get_by_label("Електронна пошта або телефон").fill("+380 67 000 00 00")
    page.get_by_role("button", name="Показати звернення").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Не знайшли звернення")
    axe(page)
    assert sticking_out(page) == []

    page.get_by_label("Електронна пошта або телефон").fill("067 123 45 67")
    page.get_by_role("button", name="Показати звернення").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"№ {appeal.registration_index}")
    assert urlsplit(page.url).path == f"/{public_site.centre.slug}/appeals/track/"
