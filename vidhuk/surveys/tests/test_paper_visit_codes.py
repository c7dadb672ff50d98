"""Visit-code slips: issued from the codes page (a sheet or receipts, with or without a
service), printed as a real PDF read back (text, and each QR code decoded as a scanner would).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Response, VisitToken
from vidhuk.surveys.paper import questionnaire_pdf, visit_slips_pdf
from vidhuk.surveys.qr import (
    display_code,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, opts
from vidhuk.surveys.tests.pdf_reading import page_codes, pdf_text

every_type = factories.every_type
frozen = factories.frozen
standard = factories.standard

CODES_URL = "/staff/verbivka/surveys/codes/"
PRINT_URL = "/staff/verbivka/surveys/paper/"


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
