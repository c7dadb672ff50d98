"""The report's pages: staff build, edit and publish (the head only); residents read the
published report and its PDF, never a draft, never a figure about fewer than 5 people."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.analytics.choices import ReportState
from vidhuk.analytics.models import QuarterlyReport

from .report_data import build_quarter

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
STAFF = "/staff/verbivka/analytics/reports/"
SMALL_CELL = re.compile(r"<td[^>]*>\s*[1-4]\s*</td>")


@pytest.fixture
def quarter(centre, time_machine):
    time_machine.move_to(APRIL)
    return build_quarter(centre)


def _publish(staff_client):
    client, _membership = staff_client(Role.HEAD)
    client.post(f"{STAFF}2026-q1/build/")
    report = QuarterlyReport.objects.get()
    form = {
        f"{section['code']}_{lang}": section["text"][lang]
        for section in report.sections
        for lang in ("uk", "en")
    }
    form["plans_uk"] = "Відкрити друге вікно видачі паспортів."
    form["plans_en"] = "Open a second passport desk."
    client.post(f"{STAFF}2026-q1/", form)
    client.post(f"{STAFF}2026-q1/publish/")
    return client


def test_staff_build_edit_and_publish_the_quarter(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    built = client.post(f"{STAFF}2026-q1/build/", follow=True)
    assert "Кількість наданих послуг зросла з 20 до 30." in built.content.decode()
    report = QuarterlyReport.objects.get()
    form = {
        f"{s['code']}_{lang}": s["text"][lang] for s in report.sections for lang in ("uk", "en")
    }
    form["plans_uk"] = "Відкрити друге вікно видачі паспортів."
    saved = client.post(f"{STAFF}2026-q1/", form, follow=True)
    assert "Текст звіту збережено." in saved.content.decode()
    published = client.post(f"{STAFF}2026-q1/publish/", follow=True)

    assert "Звіт опубліковано на сайті центру." in published.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED
    assert report.plans == "Відкрити друге вікно видачі паспортів."


def test_an_administrator_cannot_publish(staff_client, quarter):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    client.post(f"{STAFF}2026-q1/build/")

    response = client.post(f"{STAFF}2026-q1/publish/")

    assert response.status_code == 403
    assert QuarterlyReport.objects.get().state == ReportState.DRAFT


def test_a_too_long_text_is_refused_in_words_and_nothing_is_lost(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)
    client.post(f"{STAFF}2026-q1/build/")

    response = client.post(
        f"{STAFF}2026-q1/", {"plans_uk": "а" * 20_001, "services_uk": "Мій текст"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Текст розділу задовгий: до 20 000 знаків." in page
    assert "Мій текст" in page


def test_a_draft_is_not_public(client, staff_client, quarter):
    staff, _membership = staff_client(Role.HEAD)
    staff.post(f"{STAFF}2026-q1/build/")

    assert client.get("/verbivka/reports/2026-q1/").status_code == 404
    assert client.get("/verbivka/reports/2026-q1.pdf").status_code == 404
    assert (
        "Центр ще не опублікував жодного звіту."
        in client.get("/verbivka/reports/").content.decode()
    )


def test_the_published_report_shows_nothing_under_five(client, staff_client, quarter):
    _publish(staff_client)

    listing = client.get("/verbivka/reports/").content.decode()
    page = client.get("/verbivka/reports/2026-q1/").content.decode()

    assert "Звіт за I квартал 2026" in listing
    assert "Кількість наданих послуг зросла з 20 до 30." in page
    assert "Відкрити друге вікно видачі паспортів." in page
    assert "Рідкісна довідка" in page
    assert SMALL_CELL.findall(page) == []
    assert "не наводиться" in page


def test_the_published_pdf_reads_back_and_is_the_same_each_time(client, staff_client, quarter):
    _publish(staff_client)

    first = client.get("/verbivka/reports/2026-q1.pdf")
    second = client.get("/verbivka/reports/2026-q1.pdf")

    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(first.content)).pages)
    assert "Звіт про роботу центру за I квартал 2026" in text
    assert "Відкрити друге вікно видачі паспортів." in text


@pytest.mark.parametrize("url", ["/verbivka/reports/2026-q5/", "/verbivka/reports/1999-q1/"])
def test_no_such_quarter_is_not_found(client, centre, url):
    assert client.get(url).status_code == 404


def test_the_list_of_published_reports_runs_a_fixed_number_of_queries(
    client, centre, django_assert_max_num_queries
):
    for quarter in (1, 2, 3, 4):
        QuarterlyReport.objects.create(centre=centre, year=2025, quarter=quarter, state="published")
    QuarterlyReport.objects.create(centre=centre, year=2026, quarter=1)

    with django_assert_max_num_queries(4):
        page = client.get("/verbivka/reports/").content.decode()

    assert page.count("Звіт за ") == 4
    assert "Звіт за IV квартал 2025" in page
    assert "I квартал 2026" not in page


def test_the_english_page_shows_the_text_staff_wrote_in_english(client, staff_client, quarter):
    _publish(staff_client)

    page = client.get("/en/verbivka/reports/2026-q1/").content.decode()
    pdf = client.get("/en/verbivka/reports/2026-q1.pdf")

    assert "Open a second passport desk." in page
    assert "Відкрити друге вікно видачі паспортів." not in page
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Open a second passport desk." in text
