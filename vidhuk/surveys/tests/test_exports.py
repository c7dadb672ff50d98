"""The CSV and XLSX exports: one row per response, read back."""

# ruff: noqa: F811 — the `standard` fixture is imported from test_results_views

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel, Moderation
from vidhuk.surveys.models import Answer, Question
from vidhuk.surveys.tests.factories import every_type  # noqa: F401
from vidhuk.surveys.tests.test_results_views import answer, standard  # noqa: F401


@pytest.fixture
def exported(standard, centre):
    office = OfficeFactory(centre=centre, name="Головний офіс")
    answer(
        standard,
        office=office,
        on=dt.date(2026, 3, 2),
        overall="excellent",
        recommend=9,
        rate_speed=5,
        learned_from=["social_networks", "community_website"],
        improve='=HYPERLINK("http://x") Олена з 3-го вікна',
        sex="female",
    )
    answer(standard, channel=Channel.PAPER, on=dt.date(2026, 4, 1), overall="terrible")
    return standard


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))


def columns(header, questionnaire):
    """Where each question's column is: headers are the questions' words, never their codes."""
    questions = Question.objects.filter(version__questionnaire=questionnaire)
    return {q.code: header.index(q.text_uk) for q in questions if q.text_uk in header}


def url(centre, questionnaire, name):
    return f"/staff/{centre.slug}/surveys/{questionnaire.pk}/{name}"


def test_csv_has_one_row_per_response_with_labels(staff_client, centre, exported):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, exported, "export.csv"))

    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="visitor-survey-')
    header, *rows = read_csv(response)
    assert header[:5] == ["Дата", "Канал", "Офіс", "Послуга", "Версія"]
    column = columns(header, exported)
    assert {"overall", "recommend", "rate_speed", "learned_from", "sex", "improve"} <= set(column)
    assert not any(code in title for title in header for code in ("overall", "rate_speed"))
    assert [row[0] for row in rows] == ["2026-03-02", "2026-04-01"]
    first, second = rows
    assert first[1:5] == ["Відкрите посилання", "Головний офіс", "", "1"]
    assert first[column["overall"]] == "Чудово"
    assert first[column["recommend"]] == "9"
    assert first[column["rate_speed"]] == "5"
    assert first[column["learned_from"]] == "Сайт громади; Соціальні мережі"
    assert first[column["sex"]] == "Жінка"
    # A moderator reads the respondent's own words; a formula is defused.
    assert first[column["improve"]] == '\'=HYPERLINK("http://x") Олена з 3-го вікна'
    assert second[1] == "Паперова анкета, внесена працівником"
    assert second[column["overall"]] == "Жахливо"
    assert second[column["recommend"]] == ""


def test_csv_without_moderation_rights_has_approved_public_text_only(
    staff_client, centre, exported
):
    client, _membership = staff_client(Role.ANALYST)
    header, first, _second = read_csv(client.get(url(centre, exported, "export.csv")))
    column = columns(header, exported)
    assert first[column["improve"]] == ""

    Answer.objects.filter(question__code="improve").update(
        moderation=Moderation.PUBLISHED, public_text="Зручне вікно"
    )
    _header, first, _second = read_csv(client.get(url(centre, exported, "export.csv")))

    assert first[column["improve"]] == "Зручне вікно"


def test_csv_follows_the_filters_and_is_audited(staff_client, centre, exported):
    client, membership = staff_client(Role.HEAD)

    _header, *rows = read_csv(client.get(url(centre, exported, "export.csv"), {"channel": "paper"}))

    assert [row[0] for row in rows] == ["2026-04-01"]
    event = AuditEvent.objects.get(action="export", actor=membership.user)
    assert event.changes == {"format": "csv", "filters": {"channel": "paper"}, "raw_text": True}


def test_csv_of_a_matrix_has_a_column_per_row(staff_client, centre, every_type):
    from vidhuk.surveys.tests.test_selectors import respond

    response = respond(every_type, purpose="a")
    rooms = every_type.questions.get(code="rooms")
    Answer.objects.create(response=response, question=rooms, row="hall", choice="dirty")
    client, _membership = staff_client(Role.HEAD)

    header, row = read_csv(client.get(url(centre, every_type.questionnaire, "export.csv")))

    assert header[-2:] == [f"{rooms.text_uk}: Варіант hall", f"{rooms.text_uk}: Варіант toilet"]
    assert row[-2:] == ["Варіант dirty", ""]
    assert row[columns(header, every_type.questionnaire)["purpose"]] == "Варіант a"


def test_csv_rows_go_by_date_whatever_order_they_came_in(staff_client, centre, exported):
    # A paper batch typed in later carries the earlier date it was filled in on.
    answer(exported, channel=Channel.PAPER, on=dt.date(2026, 1, 15), overall="good")
    client, _membership = staff_client(Role.HEAD)

    _header, *rows = read_csv(client.get(url(centre, exported, "export.csv")))

    assert [row[0] for row in rows] == ["2026-01-15", "2026-03-02", "2026-04-01"]


def test_xlsx_reads_back(staff_client, centre, exported):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, exported, "export.xlsx"))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Відповіді", "Про файл"]
    rows = list(workbook["Відповіді"].iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 3
    column = columns(header, exported)
    assert rows[1][column["overall"]] == "Чудово"
    assert rows[1][column["recommend"]] == 9
    assert rows[2][0] == dt.datetime(2026, 4, 1)  # noqa: DTZ001 — a date cell of the workbook


def test_xlsx_dates_are_dates_shown_without_a_time(staff_client, centre, exported):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, exported, "export.xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Відповіді"]
    cell = sheet["A3"]
    assert cell.is_date
    # Excel shows 01.04.2026, not 2026-04-01 00:00:00.
    assert cell.number_format == "DD.MM.YYYY"
    assert "h" not in cell.number_format.lower()


def test_xlsx_keeps_a_formula_as_text_and_survives_pasted_control_characters(
    staff_client, centre, exported
):
    # A comment pasted from a word processor with a vertical tab once made openpyxl fail.
    answer(exported, on=dt.date(2026, 4, 2), overall="good", improve="Черга\x0bдовга\x01")
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, exported, "export.xlsx"))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Відповіді"]
    header = [cell.value for cell in sheet[1]]
    improve = columns(header, exported)["improve"] + 1
    formula = sheet.cell(row=2, column=improve)
    # Text, not a formula (no apostrophe shown either): Excel never runs it.
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://x") Олена з 3-го вікна', "s")
    assert sheet.cell(row=4, column=improve).value == "Чергадовга"


def test_exports_of_another_centre_are_not_found(staff_client, other_centre, exported):
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    assert client.get(f"/staff/luhove/surveys/{exported.pk}/export.csv").status_code == 404
    assert client.get(f"/staff/luhove/surveys/{exported.pk}/export.xlsx").status_code == 404
