"""The quarterly analysis of citizens' appeals in real Chromium (issue 17): the head opens it,
the page passes axe with every table of the classifier on it, and both downloads arrive and read
back — the PDF's text with pypdf, the spreadsheet with openpyxl — with the quarter's figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from vidhuk.appeals.choices import Status
from vidhuk.appeals.tests.factories import AppealFactory

from .conftest import KYIV

pytestmark = pytest.mark.browser


@pytest.fixture
def quarter(public_site):
    """Three appeals in the 3rd quarter of 2026 (the last finished one on the frozen day), one in
    the 2nd."""
    centre = public_site.centre
    in_q3 = dt.datetime(2026, 8, 5, 10, 0, tzinfo=KYIV)
    AppealFactory(
        centre=centre,
        received_at=in_q3,
        receipt_form="telephone",
        topic_code="9",
        additional_topic_codes=["6"],
        status=Status.ANSWERED,
        answer_text="Відповідь.",
        answered_at=in_q3 + dt.timedelta(days=3),
        result="explained",
    )
    AppealFactory(centre=centre, received_at=in_q3, topic_code="6")
    AppealFactory(centre=centre, received_at=in_q3 + dt.timedelta(days=30))
    AppealFactory(centre=centre, received_at=dt.datetime(2026, 5, 5, 10, 0, tzinfo=KYIV))


def test_the_head_opens_the_quarterly_report_and_downloads_the_pdf_and_the_spreadsheet(
    signed_in, public_site, staff_member, quarter, axe
):
    page = signed_in(staff_member)
    page.goto(f"/staff/{public_site.centre.slug}/appeals/reports/quarterly/")

    expect(page.get_by_role("heading", name="Квартальний аналіз звернень громадян")).to_be_visible()
    expect(page.get_by_text("з 01.07.2026 по 30.09.2026")).to_be_visible()
    axe(page)
    captions = page.locator("table caption").all_inner_texts()
    assert captions[:2] == ["Загальні показники", "За формою надходження"]
    assert "Питання за тематикою класифікатора (основні й додаткові)" in captions
    total = page.get_by_role("row", name="Усього звернень")
    expect(total.get_by_role("cell").first).to_have_text("3")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Завантажити для друку (PDF)").click()
    pdf = PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert pdf_download.value.suggested_filename.endswith("-2026-q3.pdf")
    assert "Аналіз звернень громадян" in text
    assert "3 квартал 2026" in text
    assert "Комунальне господарство" in text

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Завантажити таблицю (XLSX)").click()
    # The download's temporary path has no extension: openpyxl reads the bytes.
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).worksheets[0]
    rows = {row[2]: row[3:5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert xlsx_download.value.suggested_filename.endswith("-2026-q3.xlsx")
    assert rows["Усього звернень"] == (3, 1)
    assert rows["Соціальний захист"] == (2, 0)
    assert rows["За допомогою засобів телефонного зв’язку"] == (1, 0)
