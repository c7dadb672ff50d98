"""Letters printed from the case page: the answer and the extension notice for the post, and the
registration receipt with the private tracker link. Each holds personal data: audited."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.appeals.capabilities import Capability
from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..choices import AnswerDelivery
from ..mail import answer_letter_pdf, extension_letter_pdf, registration_receipt_pdf, tracker_url
from ..models import Appeal
from ..permissions import can_see_personal_data
from ..selectors import appeal_get_for_staff
from ..services import appeal_personal_data_viewed
from ..tokens import tracker_token_for
from .staff_case import case_page
from .staff_common import base_url


@centre_staff_view(Capability.APPEALS_READ)
def answer_letter(request: CentreRequest, pk: int) -> HttpResponse:
    """The answer as a printable A4 letter (PDF), when it is delivered by post."""
    return _letter(
        request,
        pk,
        exists=lambda a: bool(a.answer_text) and a.answer_delivery == AnswerDelivery.LETTER,
        render_pdf=answer_letter_pdf,
        name="answer",
    )


@centre_staff_view(Capability.APPEALS_READ)
def extension_letter(request: CentreRequest, pk: int) -> HttpResponse:
    """The notice of the extended term as a printable letter, for applicants without e-mail."""
    return _letter(
        request,
        pk,
        exists=lambda a: a.extended_at is not None,
        render_pdf=extension_letter_pdf,
        name="extension",
    )


@centre_staff_view(Capability.APPEALS_REGISTER)
def registration_receipt(request: CentreRequest, pk: int) -> HttpResponse:
    """The registration receipt with the private tracker link and its QR code (PDF).

    For an applicant who came in person, phoned or wrote by post and gave no e-mail: the link
    is derived from the case's salt, so it can be printed again; every print is audited.
    """
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if appeal.anonymised_at or not appeal.tracker_salt:
        raise Http404("No tracker link for this case")
    link = tracker_url(
        base_url=base_url(request),
        centre=request.centre,
        token=tracker_token_for(salt=appeal.tracker_salt),
    )
    audit_record(
        actor=request.user,
        centre=request.centre,
        action=AuditAction.EXPORT,
        obj=appeal,
        changes={"receipt": str(_("квитанція з посиланням для відстеження"))},
    )
    response = HttpResponse(
        registration_receipt_pdf(appeal=appeal, tracker_link=link), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="receipt-{appeal.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _letter(
    request: CentreRequest,
    pk: int,
    *,
    exists: Callable[[Appeal], bool],
    render_pdf: Callable[..., bytes],
    name: str,
) -> HttpResponse:
    """A letter to the applicant as a PDF download. It holds the name and address: only for
    those who may see personal data, and each download is audited."""
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if not can_see_personal_data(request.membership, appeal) or appeal.anonymised_at:
        return case_page(
            request,
            appeal,
            refusal=_("Ваша роль не дозволяє переглядати лист із персональними даними."),
            status=403,
        )
    if not exists(appeal):
        raise Http404(f"No {name} letter for this case")
    appeal_personal_data_viewed(actor=request.user, appeal=appeal)
    response = HttpResponse(render_pdf(appeal=appeal), content_type="application/pdf")
    # The registration index has Cyrillic letters and a slash: the file is named by the case id.
    response["Content-Disposition"] = f'attachment; filename="{name}-{appeal.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
