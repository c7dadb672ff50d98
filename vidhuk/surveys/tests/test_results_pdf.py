"""The printable results report read back: every heading stays with what follows it."""

# ruff: noqa: F811 — fixtures are imported from test_results_views

import io
import re

from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.surveys.tests.test_results_views import answered, many, standard, url  # noqa: F401

PAGE_NUMBER = re.compile(r"^\d+ / \d+$")


def _pages(content: bytes) -> list[list[str]]:
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        pages.append([line for line in lines if not PAGE_NUMBER.match(line)])
    return pages


def test_no_page_of_the_report_ends_with_a_heading(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)
    office_names = [f"Офіс {n}" for n in range(12)]  # long tables push headings to page ends
    from vidhuk.core.tests.factories import OfficeFactory

    for name in office_names:
        many(answered, 1, office=OfficeFactory(centre=centre, name=name), overall="good")

    response = client.get(url(centre, answered, "results/report.pdf"))

    assert response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    assert len(pages) > 2
    headings = {
        "Головні показники",
        "Динаміка за місяцями",
        "За офісами, послугами та каналами",
        "За офісами",
        "За послугами",
        "За каналами",
        "Відповіді на питання",
        "За групами відвідувачів",
        *(question.text_uk for question in answered.versions.get().questions.all()),
    }
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading «{lines[-1]}»"
    # The share satisfied is shown beside the responses it is worked out from, in every table.
    text = "\n".join(line for lines in pages for line in lines)
    assert text.count("Частка задоволених, %") >= 3
