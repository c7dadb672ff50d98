"""Printed paper: the questionnaire PDF (standard and large print) and visit-code slips.

PDFs are real WeasyPrint output read back: text with pypdf, every page rasterised with pypdfium2
and its QR code decoded with zxing-cpp, as a scanner would.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import zxingcpp

from vidhuk.accounts.choices import Role
from vidhuk.core.qr import qr_png, qr_svg
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.models import PrintRun
from vidhuk.surveys.paper import paper_layout, questionnaire_pdf
from vidhuk.surveys.qr import (
    PageId,
    display_code,
    page_payload,
    parse_page_payload,
    visit_code_qr,
    visit_url,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory
from vidhuk.surveys.tests.pdf_reading import font_size_of, page_codes, pdf_text

every_type = factories.every_type
frozen = factories.frozen
standard = factories.standard

CODES_URL = "/staff/verbivka/surveys/codes/"
PRINT_URL = "/staff/verbivka/surveys/paper/"


# --- QR helpers ----------------------------------------------------------------------------------


def test_a_page_identifier_reads_back():
    payload = page_payload(questionnaire_id=12, version_id=34, page=2)

    assert payload == "vidhuk:survey:12:34:2"
    assert parse_page_payload(payload) == PageId(questionnaire_id=12, version_id=34, page=2)


@pytest.mark.parametrize(
    "payload", ["", "vidhuk:survey:1:2", "vidhuk:survey:a:2:3", "https://x/1:2:3", "other:1:2:3"]
)
def test_anything_else_is_not_a_page_identifier(payload):
    assert parse_page_payload(payload) is None


def test_qr_images_decode_to_their_text():
    url = "https://cnap.example/verbivka/survey/v/ABCD-EFGH-JKLM/"
    from PIL import Image

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))

    assert [barcode.text for barcode in decoded] == [url]
    assert qr_svg(url).startswith(b"<?xml")


def test_a_visit_codes_qr_holds_its_absolute_address():
    from PIL import Image

    png = visit_code_qr(
        base_url="https://cnap.example", centre_slug="verbivka", code="abcdefghjkmn", kind="png"
    )

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [b.text for b in decoded] == [
        "https://cnap.example/verbivka/survey/v/?code=ABCD-EFGH-JKMN"
    ]
    assert "ABCD" not in urlsplit(decoded[0].text).path


def test_a_visit_url_is_absolute_and_the_code_is_grouped_for_typing():
    assert display_code("abcdefghjkmn") == "ABCD-EFGH-JKMN"
    assert (
        visit_url(base_url="https://cnap.example", centre_slug="verbivka", code="ABCD-EFGH-JKMN")
        == "https://cnap.example/verbivka/survey/v/?code=ABCD-EFGH-JKMN"
    )


# --- the numbered layout ------------------------------------------------------------------------


def test_questions_and_options_are_numbered_as_printed(every_type):
    layout = paper_layout(version=every_type)

    questions = [q for section in layout for q in section.questions]
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6, 7]
    assert [(o.number, o.value) for o in questions[0].options] == [(1, "a"), (2, "b")]
    assert [(o.number, o.value) for o in questions[4].options] == [(1, "yes"), (2, "no")]
    assert [o.number for o in questions[3].options] == list(range(11))


def test_skip_logic_is_written_in_words_at_both_questions(every_type):
    questions = [q for section in paper_layout(version=every_type) for q in section.questions]
    resolved, why_not = questions[4], questions[5]

    assert resolved.skips == ["Якщо ви відповіли «Так», перейдіть до питання 7."]
    assert why_not.condition == "Дайте відповідь, лише якщо на питання 5 ви відповіли «Ні»."
    assert questions[0].skips == []


def test_a_skip_past_the_last_question_says_the_form_ends(centre):
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(section=section, code="visited", type="yes_no")
    QuestionFactory(
        section=section, code="how", type="text", show_if={"question": "visited", "equals": ["yes"]}
    )

    questions = [q for s in paper_layout(version=section.version) for q in s.questions]

    assert questions[0].skips == ["Якщо ви відповіли «Ні», на цьому анкету завершено."]


# --- the questionnaire PDF ----------------------------------------------------------------------


def test_every_page_carries_its_own_qr_identifier_and_number(standard):
    pdf = questionnaire_pdf(version=standard)

    texts = pdf_text(pdf)
    total = len(texts)
    expected = [
        f"vidhuk:survey:{standard.questionnaire_id}:{standard.pk}:{page}"
        for page in range(1, total + 1)
    ]
    assert total >= 2
    assert page_codes(pdf) == [[payload] for payload in expected]
    for page, text in enumerate(texts, start=1):
        assert expected[page - 1] in text
        assert f"Сторінка {page} з {total}" in text


def test_the_questionnaire_has_its_questions_numbered_options_and_privacy_note(standard):
    text = "\n".join(pdf_text(questionnaire_pdf(version=standard)))

    assert "Анкета відвідувача ЦНАП" in text
    assert "Анкета анонімна" in text
    assert "Не пишіть у анкеті свого імені" in text
    assert "1. Мета вашого візиту" in text
    assert "1 Консультація" in text
    assert "Ваші оцінки" in text
    assert "0 — зовсім не ймовірно, 10 — дуже ймовірно" in text
    assert "Можна позначити кілька відповідей." in text
    assert "ЧЕРНЕТКА" not in text


def test_the_questionnaires_own_privacy_note_replaces_the_default(standard):
    standard.questionnaire.privacy_note_uk = "Анкету обробляє лише відділ якості."
    standard.questionnaire.save()

    text = "\n".join(pdf_text(questionnaire_pdf(version=standard)))

    assert "Анкету обробляє лише відділ якості." in text
    assert "Не пишіть у анкеті свого імені" not in text


def test_skip_instructions_and_a_matrix_are_printed(every_type):
    text = "\n".join(pdf_text(questionnaire_pdf(version=every_type)))

    assert "Якщо ви відповіли «Так», перейдіть до питання 7." in text
    assert "Дайте відповідь, лише якщо на питання 5 ви відповіли «Ні»." in text
    assert "Варіант hall" in text
    assert "1\nВаріант clean" in text or "1 Варіант clean" in text


def test_a_draft_is_marked_on_every_page(every_type):
    every_type.status = VersionStatus.DRAFT
    every_type.published_at = None
    every_type.save()

    texts = pdf_text(questionnaire_pdf(version=every_type))

    assert all("ЧЕРНЕТКА" in text for text in texts)


def test_large_print_has_more_pages_and_bigger_text(standard):
    regular = questionnaire_pdf(version=standard)
    large = questionnaire_pdf(version=standard, size="large")

    assert len(pdf_text(large)) > len(pdf_text(regular))
    assert font_size_of(regular, "Консультація") == 10.5
    assert font_size_of(large, "Консультація") >= 16
    assert font_size_of(large, "Мета вашого візиту") >= 16
    assert len(page_codes(large)) == len(pdf_text(large))


def test_the_english_copy_prints_the_english_texts(standard):
    text = "\n".join(pdf_text(questionnaire_pdf(version=standard, language="en")))

    assert "Administrative service centre visitor questionnaire" in text
    assert "Purpose of your visit" in text
    assert "Мета вашого візиту" not in text


# --- the print page -----------------------------------------------------------------------------


def test_the_print_form_opens_the_chosen_pdf(staff_client, standard):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    page = client.get(PRINT_URL)
    chosen = client.post(
        PRINT_URL, {"version": standard.pk, "size": "large", "language": "en", "copies": "1"}
    )
    pdf = client.get(chosen["Location"])

    assert page.status_code == 200
    assert "Анкета відвідувача ЦНАП — версія 1" in page.content.decode()
    assert chosen.status_code == 302
    run = PrintRun.objects.get()
    assert chosen["Location"] == f"/staff/verbivka/surveys/paper/runs/{run.pk}/questionnaire.pdf"
    assert (run.size, run.language, run.first_serial, run.copies) == ("large", "en", 1, 1)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Purpose of your visit" in "\n".join(pdf_text(pdf.content))


def test_the_print_form_without_a_version_says_so_at_the_field(staff_client, standard):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        PRINT_URL, {"version": "", "size": "standard", "language": "uk", "copies": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Виберіть анкету." in html
    assert PrintRun.objects.count() == 0


@pytest.mark.parametrize("query", ["size=huge", "lang=de"])
def test_an_unknown_print_option_is_not_found(staff_client, standard, query):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{PRINT_URL}{standard.pk}/questionnaire.pdf?{query}")

    assert response.status_code == 404


def test_another_centres_version_is_not_printed(staff_client, other_centre):
    foreign = factories.VersionFactory(questionnaire__centre=other_centre)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{PRINT_URL}{foreign.pk}/questionnaire.pdf")

    assert response.status_code == 404


def test_a_member_without_surveys_work_cannot_print(staff_client, standard):
    client, _membership = staff_client(Role.ANALYST)

    assert client.get(PRINT_URL).status_code == 403
    assert client.get(f"{PRINT_URL}{standard.pk}/questionnaire.pdf").status_code == 403
