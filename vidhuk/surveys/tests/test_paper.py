"""Printed paper: the questionnaire PDF (standard and large print) and visit-code slips.

PDFs are real WeasyPrint output read back: text with pypdf, every page rasterised with pypdfium2
and its QR code decoded with zxing-cpp, as a scanner would.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pypdfium2
import pytest
import time_machine
import zxingcpp
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel, VersionStatus
from vidhuk.surveys.models import Response, VisitToken
from vidhuk.surveys.paper import paper_layout, questionnaire_pdf, visit_slips_pdf
from vidhuk.surveys.qr import (
    PageId,
    display_code,
    page_payload,
    parse_page_payload,
    qr_png,
    qr_svg,
    visit_code_qr,
    visit_url,
)
from vidhuk.surveys.services import questionnaire_install_defaults
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, opts

every_type = factories.every_type
frozen = factories.frozen

CODES_URL = "/staff/verbivka/surveys/codes/"
PRINT_URL = "/staff/verbivka/surveys/paper/"


# --- reading PDFs back ---------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_codes(pdf: bytes) -> list[list[str]]:
    """The QR codes each page holds, decoded from a 150 dpi rendering."""
    document = pypdfium2.PdfDocument(pdf)
    decoded = []
    for page in document:
        image = page.render(scale=150 / 72).to_pil()
        decoded.append([barcode.text for barcode in zxingcpp.read_barcodes(image)])
    return decoded


def font_size_of(pdf: bytes, needle: str) -> float:
    """The size in points at which ``needle`` is printed (its first occurrence)."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if needle in text and not sizes:
            sizes.append(round(font_size * abs(tm[3]) * abs(cm[3]), 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes[0]


@pytest.fixture
def standard(centre):
    questionnaire = next(
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    return questionnaire.versions.get()


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
    chosen = client.get(PRINT_URL, {"version": standard.pk, "size": "large", "language": "en"})
    pdf = client.get(chosen["Location"])

    assert page.status_code == 200
    assert "Анкета відвідувача ЦНАП — версія 1" in page.content.decode()
    assert chosen.status_code == 302
    assert chosen["Location"] == (
        f"/staff/verbivka/surveys/paper/{standard.pk}/questionnaire.pdf?size=large&lang=en"
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert "Purpose of your visit" in "\n".join(pdf_text(pdf.content))


def test_the_print_form_without_a_version_says_so_at_the_field(staff_client, standard):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(PRINT_URL, {"version": "", "size": "standard", "language": "uk"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Виберіть анкету." in html


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


# --- visit codes --------------------------------------------------------------------------------


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre, name="Головний офіс")


def codes_form(chosen_office, **overrides):
    data = {
        "office": chosen_office.pk,
        "service": "",
        "valid_on": "2026-03-02",
        "count": "3",
        "layout": "sheet",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_printed_visit_codes_open_the_survey_once_each(
    staff_client, standard, office, frozen, settings
):
    settings.ALLOWED_HOSTS = ["cnap.example", "testserver"]
    cache.clear()
    client, membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.post(CODES_URL, codes_form(office), HTTP_HOST="cnap.example", secure=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    urls = [code for page in page_codes(response.content) for code in page]
    assert len(urls) == 3
    assert VisitToken.objects.filter(office=office, valid_on=dt.date(2026, 3, 2)).count() == 3
    text = "\n".join(pdf_text(response.content))
    for url in urls:
        # The code rides in the query of the first GET, never in the path the access log keeps.
        assert re.fullmatch(r"https://cnap\.example/verbivka/survey/v/\?code=[A-Z2-9-]{14}", url)
        assert url.split("=")[-1] in text
    assert "Код одноразовий, дійсний до 09.03.2026." in " ".join(text.split())

    parts = urlsplit(urls[0])
    answer = {"q_purpose": "consultation", "q_overall": "good", "website": ""}
    first, paths = _answer_by_code(f"{parts.path}?{parts.query}", answer)
    second, _paths = _answer_by_code(f"{parts.path}?{parts.query}", answer)
    assert first.status_code == 302
    assert second.status_code == 410
    assert all(urls[0].split("=")[-1].replace("-", "") not in p.replace("-", "") for p in paths)
    stored = Response.objects.get()
    assert (stored.channel, stored.office) == (Channel.VISIT_TOKEN, office)


def _answer_by_code(url, answers):
    """Open the QR's address and send the answers as the page's form does, ten seconds later;
    the response and the path of every request made."""
    from django.test import Client

    client = Client()
    page = client.get(url).content.decode()
    paths = [urlsplit(url).path]
    form = re.search(r'<form method="post" action="([^"]+)"', page)
    if form is None:  # refused: nothing to answer
        return client.get(url), paths
    # The page's hidden fields (its version, stamp and key, and the code) are sent back.
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    paths.append(form.group(1))
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        return client.post(form.group(1), {**hidden, **answers}), paths


def test_issuing_codes_is_audited_without_the_codes(staff_client, office, frozen):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.post(CODES_URL, codes_form(office, count="2"))

    event = AuditEvent.objects.get(object_type="surveys.visittoken")
    codes = [code for page in page_codes(response.content) for code in page]
    assert event.actor == membership.user
    assert event.changes["count"] == 2
    assert "02.03.2026" in event.object_repr
    assert all(code.split("=")[-1] not in str(event.changes) + event.object_repr for code in codes)


def test_a_receipt_strip_prints_one_slip_a_page_80_mm_wide(staff_client, office, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(CODES_URL, codes_form(office, count="2", layout="receipt"))

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 80
    assert [len(codes) for codes in page_codes(response.content)] == [1, 1]


def test_a_service_is_kept_on_the_codes(staff_client, centre, office, frozen):
    service = ServiceFactory(centre=centre)
    client, _membership = staff_client(Role.HEAD)

    client.post(CODES_URL, codes_form(office, service=service.pk, count="1"))

    assert VisitToken.objects.get().service == service


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"count": "0"}, "Кількість кодів має бути від 1 до 500."),
        ({"count": "501"}, "Кількість кодів має бути від 1 до 500."),
        ({"count": "багато"}, "Вкажіть кількість цілим числом, наприклад 50."),
        ({"valid_on": "2026-03-01"}, "День візиту не може бути в минулому."),
        ({"valid_on": "2026-06-01"}, "Друкуйте коди не більше ніж на 60 днів наперед."),
        ({"office": ""}, "Виберіть офіс."),
        ({"layout": "poster"}, "Виберіть один із запропонованих способів."),
    ],
    ids=["zero", "too-many", "not-a-number", "past", "far-ahead", "no-office", "bad-layout"],
)
def test_a_wrong_codes_form_issues_nothing(staff_client, office, frozen, overrides, message):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(CODES_URL, codes_form(office, **overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert VisitToken.objects.count() == 0


def test_another_centres_office_is_refused(staff_client, other_centre, frozen):
    foreign = OfficeFactory(centre=other_centre)
    client, _membership = staff_client(Role.HEAD)

    response = client.post(CODES_URL, codes_form(foreign))

    assert "Виберіть офіс зі списку." in response.content.decode()
    assert VisitToken.objects.count() == 0


def test_a_double_submit_of_the_codes_form_issues_once(staff_client, office, frozen):
    client, _membership = staff_client(Role.HEAD)
    data = codes_form(office, count="2")

    first = client.post(CODES_URL, data)
    second = client.post(CODES_URL, data)

    assert first["Content-Type"] == "application/pdf"
    assert second["Content-Type"].startswith("text/html")
    assert "Коди за цією формою вже видано" in second.content.decode()
    assert VisitToken.objects.count() == 2


def test_the_codes_form_says_codes_print_once(staff_client, office):
    client, _membership = staff_client(Role.HEAD)

    html = client.get(CODES_URL).content.decode()

    assert "Коди можна отримати лише один раз" in html
    assert f'<option value="{office.pk}"' in html


def test_a_member_without_entry_rights_cannot_issue_codes(staff_client, office, frozen):
    client, _membership = staff_client(Role.ANALYST)

    assert client.get(CODES_URL).status_code == 403
    assert client.post(CODES_URL, codes_form(office)).status_code == 403
    assert VisitToken.objects.count() == 0


def test_slips_fill_an_a4_sheet_fourteen_a_page(centre):
    codes = [f"ABCDEFGHJK{n:02d}" for n in range(15)]

    pdf = visit_slips_pdf(
        codes=codes,
        base_url="https://cnap.example",
        centre=centre,
        office_name="Головний офіс",
        valid_on=dt.date(2026, 3, 2),
        valid_until=dt.date(2026, 3, 9),
    )

    decoded = page_codes(pdf)
    assert [len(page) for page in decoded] == [14, 1]
    assert Counter(url.split("=")[-1] for page in decoded for url in page) == Counter(
        display_code(code) for code in codes
    )


def test_option_numbers_of_a_multiple_choice_are_listed(centre):
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(
        section=section, code="learned", type="multiple_choice", options=opts("a", "b", "c")
    )

    text = "\n".join(pdf_text(questionnaire_pdf(version=section.version)))

    assert "1 Варіант a" in text
    assert "3 Варіант c" in text
