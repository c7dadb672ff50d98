"""The registration receipt: an applicant without e-mail still gets the private tracker link —
on paper, as text and as a QR code that a phone camera opens."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

frozen = factories.frozen

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
BASE = "/staff/verbivka/appeals/"


@pytest.fixture
def appeal(centre, frozen):
    return AppealFactory(
        centre=centre,
        kind=Kind.COMPLAINT,
        received_at=NOW - dt.timedelta(days=1),
        full_name="Шевченко Марія Петрівна",
        email="",
        phone="067 123 45 67",
    )


def _qr_payloads(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_an_operator_prints_the_receipt_and_its_qr_code_opens_the_tracker(
    staff_client, appeal, client
):
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)
    case_page = operator.get(f"{BASE}{appeal.pk}/").content.decode()
    assert f"{BASE}{appeal.pk}/receipt.pdf" in case_page
    assert "заявник не вказав електронної пошти" in case_page

    response = operator.get(f"{BASE}{appeal.pk}/receipt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert appeal.registration_index in text
    assert "Квитанція про реєстрацію" in text
    assert "Шевченко" not in text  # no name on a paper anyone may pick up
    (link,) = _qr_payloads(response.content)
    assert link.startswith("http://testserver/verbivka/appeals/track/")
    assert link in text.replace("\n", "")
    tracker = client.get(link.removeprefix("http://testserver"))
    assert tracker.status_code == 200
    assert appeal.registration_index in tracker.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(appeal.pk)).exists()


def test_an_anonymised_case_has_no_receipt(staff_client, appeal):
    appeal.anonymised_at = NOW
    appeal.full_name = ""
    appeal.save()
    head, _membership = staff_client(Role.HEAD)

    assert head.get(f"{BASE}{appeal.pk}/receipt.pdf").status_code == 404
    assert "receipt.pdf" not in head.get(f"{BASE}{appeal.pk}/").content.decode()


def test_a_role_that_does_not_register_cases_cannot_print_receipts(staff_client, appeal):
    analyst, _membership = staff_client(Role.ANALYST)

    response = analyst.get(f"{BASE}{appeal.pk}/receipt.pdf")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
