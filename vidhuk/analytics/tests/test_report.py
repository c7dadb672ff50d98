"""The quarterly report in one click: a draft from the registers with sentences, edited by
staff, published — frozen, so its HTML and PDF are rebuilt byte-identical."""

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.analytics.choices import ReportState
from vidhuk.analytics.report import (
    report_draft_build,
    report_publish,
    report_texts_update,
    section_texts,
)
from vidhuk.analytics.report_render import report_html, report_pdf

from .report_data import Q1_DAY, build_quarter, provide

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD).user


@pytest.fixture
def quarter(centre, time_machine):
    time_machine.move_to(APRIL)
    return build_quarter(centre)


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_draft_speaks_of_the_quarter_against_the_previous_one(centre, quarter, head):
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)

    services = section_texts(report)["services"]["uk"]
    assert "Кількість наданих послуг зросла з 20 до 30." in services
    assert "Кількість відмов зросла з 0 до 8." in services
    assert "Кількість консультацій зросла з 0 до 6." in services


def test_the_drafts_tables_withhold_groups_under_five(centre, quarter, head):
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)

    table = report.figures["sections"]["services"]["tables"][0]
    values = {row["label"]["uk"]: row["value"] for row in table["rows"]}
    assert values["Оформлення паспорта"] == 24
    assert values["Рідкісна довідка"] is None
    assert 3 not in values.values()


def test_staff_edits_stay_when_the_figures_are_rebuilt(centre, quarter, head):
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)
    texts = section_texts(report)
    texts["plans"] = {"uk": "Відкрити віддалене робоче місце в Луговому.", "en": "Open a desk."}
    report_texts_update(report=report, texts=texts, actor=head)
    provide(centre, quarter.office, quarter.passport, Q1_DAY, 10, sex="male")

    rebuilt = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)

    assert section_texts(rebuilt)["plans"]["uk"] == "Відкрити віддалене робоче місце в Луговому."
    assert rebuilt.plans == "Відкрити віддалене робоче місце в Луговому."
    assert "зросла з 20 до 40." in section_texts(rebuilt)["services"]["uk"]


def test_a_published_report_is_rebuilt_byte_identical(centre, quarter, head):
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)
    texts = section_texts(report)
    texts["services"]["uk"] += "\n\nЧерги поменшали після відкриття другого вікна."
    report_texts_update(report=report, texts=texts, actor=head)
    published = report_publish(report=report, actor=head)
    html, pdf = (
        report_html(report=published, language="uk"),
        report_pdf(report=published, language="uk"),
    )
    # The registers move on after publishing: the report does not.
    provide(centre, quarter.office, quarter.passport, Q1_DAY, 50, sex="female")
    published.refresh_from_db()

    assert report_html(report=published, language="uk") == html
    again = report_pdf(report=published, language="uk")
    assert again == pdf
    assert hashlib.sha256(again).hexdigest() == published.pdf_sha256
    text = _pdf_text(again)
    assert "Черги поменшали після відкриття другого вікна." in text
    assert "зросла з 20 до 30" in text


def test_publishing_freezes_the_report(centre, quarter, head):
    report = report_draft_build(centre=centre, year=2026, quarter=1, actor=head)
    published = report_publish(report=report, actor=head)
    again = report_publish(report=published, actor=head)

    assert again.state == ReportState.PUBLISHED
    assert again.published_at == published.published_at
    with pytest.raises(ValidationError):
        report_texts_update(report=published, texts={"plans": {"uk": "Інше"}}, actor=head)
    with pytest.raises(ValidationError):
        report_draft_build(centre=centre, year=2026, quarter=1, actor=head)
    published.refresh_from_db()
    assert published.plans == ""
