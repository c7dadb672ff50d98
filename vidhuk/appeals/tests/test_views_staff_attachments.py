"""The appeals back office through its views: a case's attachments, downloaded by the head
under their name (audited), refused to a hotline operator."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import (
    Kind,
)
from vidhuk.appeals.services import Applicant, appeal_submit
from vidhuk.appeals.tests import factories, staff_pages
from vidhuk.appeals.tests.staff_pages import MARIA
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

frozen = factories.frozen
main_office = staff_pages.main_office
operator = staff_pages.operator
inbox = staff_pages.inbox


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case_with_attachment(centre, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    registered = appeal_submit(
        centre=centre,
        kind=Kind.COMPLAINT,
        text="Документи додаю.",
        submission_key=uuid.uuid4(),
        applicant=Applicant(**MARIA, consent_text="Так"),
        attachments=[SimpleUploadedFile("довідка.pdf", PDF_BYTES, "application/pdf")],
    )
    return registered.appeal, registered.appeal.attachments.get()


def test_head_downloads_an_attachment_under_its_name_and_it_is_audited(
    staff_client, centre, settings, tmp_path
):
    appeal, attachment = _case_with_attachment(centre, settings, tmp_path)
    client, head = staff_client(Role.HEAD)

    response = client.get(f"/staff/verbivka/appeals/{appeal.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert (
        "filename*=utf-8''%D0%B4%D0%BE%D0%B2%D1%96%D0%B4%D0%BA%D0%B0.pdf"
        in (response["Content-Disposition"])
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(appeal.pk), actor=head.user
    ).exists()


def test_hotline_operator_may_not_download_an_attachment(staff_client, centre, settings, tmp_path):
    appeal, attachment = _case_with_attachment(centre, settings, tmp_path)
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.get(f"/staff/verbivka/appeals/{appeal.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
