"""Offline collection in real Chromium: every page passes axe on a desktop and a 320 px phone
without scrolling sideways, and a KoboToolbox export is imported with the keyboard alone."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Response
from vidhuk.surveys.services import version_new_draft, version_publish
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, opts
from vidhuk.surveys.xlsform.naming import form_id

from .conftest import sticking_out

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")]


@pytest.fixture
def version(public_site):
    section = SectionFactory(
        version__questionnaire__centre=public_site.centre,
        version__questionnaire__title_uk="Анкета відвідувача ЦНАП",
    )
    QuestionFactory(section=section, code="purpose", type="single_choice", options=opts("a", "b"))
    QuestionFactory(section=section, code="sources", type="multiple_choice", options=opts("x", "y"))
    QuestionFactory(section=section, code="speed", type="rating", is_required=True)
    QuestionFactory(
        section=section,
        code="rooms",
        type="matrix",
        rows=opts("hall", "toilet"),
        options=opts("clean", "dirty"),
    )
    return section.version


@pytest.fixture
def operator(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.HOTLINE_OPERATOR).user


def kobo_export(version, *, bad_row: bool = False) -> bytes:
    header = [
        "start",
        "today",
        "section_1/purpose",
        "section_1/sources",
        "section_1/sources/x",
        "section_1/sources/y",
        "section_1/speed",
        "section_1/rooms/rooms_hall",
        "section_1/rooms/rooms_toilet",
        "vidhuk_form",
        "deviceid",
        "username",
        "_uuid",
        "_submission_time",
        "_submitted_by",
    ]
    rows = [
        ["2026-11-30T10:00:00.000+02:00", "2026-11-30", "a", "x y", "1", "1", "4", "clean",
         "dirty", form_id(version), "collect:abc", "olena", "uuid-1", "2026-11-30T09:00:00", ""],
        ["2026-11-30T11:00:00.000+02:00", "2026-11-30", "b", "y", "0", "1", "5", "clean",
         "clean", form_id(version), "collect:abc", "olena", "uuid-2", "2026-11-30T09:30:00", ""],
    ]  # fmt: skip
    if bad_row:
        rows.append(
            ["2026-11-30T12:00:00.000+02:00", "2026-11-30", "a", "x", "1", "0", "8", "clean",
             "clean", form_id(version), "collect:abc", "olena", "uuid-3", "2026-11-30T10:00:00",
             ""]
        )  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _base(public_site) -> str:
    return f"/staff/{public_site.centre.slug}/surveys/offline/"


def _check(page, axe) -> None:
    axe(page)
    assert sticking_out(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_index_and_export_pages_pass_axe(signed_in, public_site, staff_member, version, axe, width):
    page = signed_in(staff_member, width=width)

    page.goto(_base(public_site))
    expect(page.get_by_role("heading", name="Анкета відвідувача ЦНАП")).to_be_visible()
    _check(page, axe)

    page.goto(_base(public_site) + f"versions/{version.pk}/")
    expect(page.get_by_text("pyxform перетворив форму на XForm без помилок.")).to_be_visible()
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    _check(page, axe)

    with page.expect_download() as download:
        page.get_by_role("link", name="Завантажити XLSForm (.xlsx)").click()
    assert download.value.suggested_filename.endswith("-v1-xlsform.xlsx")


@pytest.mark.parametrize("width", WIDTHS)
def test_import_pages_pass_axe(
    signed_in, public_site, operator, version, axe, width, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_export(version, bad_row=True))
    page = signed_in(operator, width=width)

    page.goto(_base(public_site) + f"versions/{version.pk}/import/")
    _check(page, axe)
    page.get_by_role("button", name="Перевірити файл").click()
    expect(
        page.locator(".govuk-error-summary").get_by_text("Виберіть файл експорту")
    ).to_be_visible()
    _check(page, axe)

    page.get_by_label("Файл експорту відповідей (CSV або XLSX)").set_input_files(str(export))
    page.get_by_role("button", name="Перевірити файл").click()
    expect(
        page.get_by_text("Рядок 4, питання «speed»: Вкажіть ціле число від 1 до 5.")
    ).to_be_visible()
    _check(page, axe)

    page.get_by_role("button", name="Імпортувати відповіді").click()
    expect(
        page.locator(".govuk-error-summary").get_by_text("Нічого не імпортовано")
    ).to_be_visible()
    _check(page, axe)
    assert Response.objects.count() == 0

    page.get_by_label("Імпортувати правильні рядки, а рядки з помилками пропустити").check()
    page.get_by_role("button", name="Імпортувати відповіді").click()
    expect(page.get_by_text("Імпортовано відповідей: 2")).to_be_visible()
    expect(page.get_by_role("cell", name="kobo.csv")).to_be_visible()
    _check(page, axe)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_retired_versions_export_and_import_pass_axe(
    signed_in, public_site, operator, version, axe, width, tmp_path, settings
):
    """Version 2 is published while phones still send forms of version 1's XLSForm."""
    settings.MEDIA_ROOT = tmp_path / "media"
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_export(version))
    version_publish(
        version=version_new_draft(questionnaire=version.questionnaire, actor=operator),
        actor=operator,
    )
    page = signed_in(operator, width=width)

    page.goto(_base(public_site) + f"versions/{version.pk}/")
    expect(page.locator("#retired-note")).to_be_visible()
    _check(page, axe)

    page.goto(_base(public_site) + f"versions/{version.pk}/import/")
    expect(page.locator("#retired-note")).to_contain_text("Версія 1 знята з використання")
    _check(page, axe)
    page.get_by_label("Файл експорту відповідей (CSV або XLSX)").set_input_files(str(export))
    page.get_by_role("button", name="Перевірити файл").click()
    expect(page.get_by_text("Можна імпортувати")).to_be_visible()
    _check(page, axe)
    page.get_by_role("button", name="Імпортувати відповіді").click()
    expect(page.get_by_text("Імпортовано відповідей: 2")).to_be_visible()
    assert sorted(Response.objects.values_list("version", flat=True)) == [version.pk] * 2


def _tab_to(page, selector: str, limit: int = 200) -> None:
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_import(signed_in, public_site, operator, version, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_export(version))
    page = signed_in(operator)
    page.goto(_base(public_site) + f"versions/{version.pk}/import/")

    _tab_to(page, "input[type=file]")
    # Space on the focused control opens the system's file dialog, which is not part of the
    # page; the file is handed to the control that has keyboard focus, as the dialog would.
    page.locator("input[type=file]:focus").set_input_files(str(export))
    _tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Можна імпортувати")).to_be_visible()
    _tab_to(page, "button[value=import]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_text("Імпортовано відповідей: 2")).to_be_visible()
    assert sorted(Response.objects.values_list("channel", flat=True)) == [
        Channel.XLSFORM_IMPORT,
        Channel.XLSFORM_IMPORT,
    ]
