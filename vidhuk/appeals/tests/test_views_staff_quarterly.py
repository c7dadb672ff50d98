"""The quarterly analysis of citizens' appeals a head of centre prints for the oblast: tables by
every dimension of Classifier №858 with the previous quarter beside them, as a page, a PDF read
back and an XLSX read back; another centre's appeals and informal feedback are not counted."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind, Status, Topic
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.staff_pages import BASE, KYIV, _page

frozen = factories.frozen
REPORT = f"{BASE}reports/quarterly/"
Q3 = dt.datetime(2025, 8, 5, 10, 0, tzinfo=KYIV)
Q4 = dt.datetime(2025, 11, 5, 10, 0, tzinfo=KYIV)


def _appeal(centre, received_at=Q4, **fields):
    return AppealFactory(centre=centre, received_at=received_at, **fields)


@pytest.fixture
def quarter(frozen, centre, other_centre):
    """Four appeals in the 4th quarter of 2025, one in the 3rd; noise that must not count."""
    answered = {"status": Status.ANSWERED, "answer_text": "Відповідь."}
    _appeal(
        centre,
        channel="hotline",
        receipt_form="telephone",
        sex="female",
        topic=Topic.SOCIAL_PROTECTION,
        is_benefit_holder=True,
        answered_at=Q4 + dt.timedelta(days=3),
        result="explained",
        **answered,
    )
    _appeal(
        centre,
        sign="repeat",
        subject="collective",
        signatories_count=12,
        sex="male",
        answered_at=Q4 + dt.timedelta(days=40),
        result="refused",
        **answered,
    )
    _appeal(centre, kind=Kind.PROPOSAL, social_status="pensioner", applicant_category="combatant")
    _appeal(centre, received_at=dt.datetime(2025, 12, 31, 23, 59, tzinfo=KYIV))
    _appeal(centre, received_at=Q3, receipt_form="telephone")
    # Not in the quarter, not an appeal, not this centre.
    _appeal(centre, received_at=dt.datetime(2026, 1, 1, 0, 0, tzinfo=KYIV))
    _appeal(centre, kind=Kind.THANKS, is_anonymous=True, full_name="")
    _appeal(other_centre)
    _appeal(other_centre, receipt_form="telephone")


def _rows(response, title):
    [table] = [t for t in response.context["all_tables"] if t.title == title]
    return {row.label: (row.current, row.previous) for row in table.rows}


def test_the_head_sees_every_classifier_table_with_the_previous_quarter(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(REPORT, {"year": "2025", "quarter": "4"})

    page = _page(response)
    assert response.status_code == 200
    assert "з 01.10.2025 по 31.12.2025" in page
    summary = _rows(response, "Загальні показники")
    assert summary["Усього звернень"] == (4, 1)
    assert summary["Розглянуто"] == (2, 0)
    assert summary["Розглянуто вчасно"] == (1, 0)
    assert summary["Розглянуто з порушенням строку"] == (1, 0)
    assert summary["Повторних"] == (1, 0)
    assert summary["Колективних"] == (1, 0)
    assert summary["Від пільговиків"] == (1, 0)
    receipt = _rows(response, "За формою надходження")
    assert receipt["За допомогою засобів телефонного зв’язку"] == (1, 1)
    assert receipt["Поштою (електронною поштою)"] == (3, 0)
    assert _rows(response, "За видами") == {
        "Пропозиція (зауваження)": (1, 0),
        "Заява (клопотання)": (0, 0),
        "Скарга": (3, 1),
    }
    assert _rows(response, "За статтю авторів")["Жінка"] == (1, 0)
    assert _rows(response, "За категоріями авторів")["Учасник бойових дій"] == (1, 0)
    assert _rows(response, "За соціальним станом авторів")["Пенсіонер"] == (1, 0)
    assert _rows(response, "За темами центру")["Соціальний захист"] == (1, 0)
    results = _rows(response, "Результати розгляду")
    assert results["Дано роз’яснення"] == (1, 0)
    assert results["Відмовлено у задоволенні"] == (1, 0)
    assert results["Не зазначено"] == (2, 1)
    assert "9.3. Дано роз’яснення" in page
    assert "+3" in page


def test_the_pdf_for_print_holds_the_same_figures(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}reports/quarterly.pdf", {"year": "2025", "quarter": "4"})

    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Аналіз звернень громадян" in text
    assert "4 квартал 2025" in text
    assert "3 квартал 2025" in text
    assert "За допомогою засобів телефонного зв’язку" in text
    assert "Розглянуто з порушенням строку" in text


def test_the_xlsx_has_one_row_per_value_with_both_quarters(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}reports/quarterly.xlsx", {"year": "2025", "quarter": "4"})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][3:] == ("4 квартал 2025", "3 квартал 2025", "Зміна")
    assert ("Загальні показники", None, "Усього звернень", 4, 1, 3) in rows
    assert ("Результати розгляду", "9.2", "Відмовлено у задоволенні", 1, 0, 1) in rows


def test_a_quarter_out_of_range_is_explained(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(REPORT, {"year": "2025", "quarter": "5"})

    assert response.status_code == 400
    assert "Виберіть квартал від 1 до 4." in _page(response)


@pytest.mark.parametrize("download", ["quarterly.pdf", "quarterly.xlsx"])
def test_a_download_for_a_quarter_out_of_range_explains_on_the_page(staff_client, frozen, download):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}reports/{download}", {"year": "2025", "quarter": "5"})

    assert response.status_code == 400
    assert "Виберіть квартал від 1 до 4." in _page(response)


def test_without_a_period_the_last_finished_quarter_is_shown(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(REPORT)

    assert "з 01.10.2025 по 31.12.2025" in _page(response)


def test_the_report_runs_the_same_queries_for_few_and_many_appeals(staff_client, frozen, centre):
    client, _membership = staff_client(Role.HEAD)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT, {"year": "2025", "quarter": "4"}).status_code == 200
        return len(captured)

    _appeal(centre)
    few = queries()
    for _n in range(20):
        _appeal(centre, receipt_form="telephone", sex="male")
    assert queries() == few


def test_the_figures_are_registered_as_metrics_split_by_the_classifier(quarter, centre):
    from vidhuk.core.metrics import metrics

    [received] = [m for m in metrics() if m.key == "appeals.received"]
    [late] = [m for m in metrics() if m.key == "appeals.answered_late"]
    start, end = dt.date(2025, 10, 1), dt.date(2025, 12, 31)

    rows = list(received.query(centre, start, end, ("receipt_form",)))
    assert {"receipt_form": "telephone", "value": 1} in rows
    assert {"receipt_form": "post", "value": 3} in rows
    assert list(late.query(centre, start, end, ())) == [{"value": 1}]
    assert list(received.query(centre, start, end, ("result",))) == [
        {"result": "", "value": 2},
        {"result": "explained", "value": 1},
        {"result": "refused", "value": 1},
    ]
