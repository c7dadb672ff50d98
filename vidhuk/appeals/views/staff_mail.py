"""A case's mail the server refused: send it again, or print the letter to post it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.appeals.capabilities import Capability
from vidhuk.core.mail import STUCK, mail_list_for_about, mail_resend, mail_stuck_for_about
from vidhuk.core.models import OutgoingMail

from ..mail import answer_letter_pdf, extension_letter_pdf
from ..models import Appeal
from ..permissions import can_work_on_appeal
from ..selectors import appeal_get_for_staff
from .staff_letters import _letter

LETTERS = {
    "appeals/email/answer": answer_letter_pdf,
    "appeals/email/extended": extension_letter_pdf,
}


def _stuck_mail(appeal: Appeal, mail_pk: int) -> OutgoingMail:
    stuck = mail_stuck_for_about(about=f"appeal:{appeal.pk}", centre=appeal.centre)
    mail = stuck.filter(pk=mail_pk).first()
    if mail is None:
        raise Http404("No undelivered mail of this case")
    return mail


@centre_staff_view(Capability.APPEALS_WORK)
def mail_resend_view(request: CentreRequest, pk: int, mail_pk: int) -> HttpResponse:
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    detail = redirect("appeals_staff:detail", centre_slug=request.centre.slug, pk=appeal.pk)
    mail = (
        mail_list_for_about(about=f"appeal:{appeal.pk}", centre=request.centre)
        .filter(pk=mail_pk)
        .first()
    )
    if mail is None:  # not a mail of this case, whatever the method
        raise Http404("No mail of this case")
    if request.method != "POST":
        return detail
    if not can_work_on_appeal(request.membership, appeal):
        raise PermissionDenied(Capability.APPEALS_WORK)
    if mail.status in STUCK:
        mail_resend(mail=mail, actor=request.user)
        messages.success(request, _("Лист знову поставлено в чергу на надсилання."))
    return detail


@centre_staff_view(Capability.APPEALS_READ)
def mail_letter(request: CentreRequest, pk: int, mail_pk: int) -> HttpResponse:
    """The paper twin of an undelivered answer or extension notice, to post it instead."""
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    mail = _stuck_mail(appeal, mail_pk)
    render_pdf = LETTERS.get(mail.template)
    if render_pdf is None:
        raise Http404("No letter for this mail")
    return _letter(request, pk, exists=lambda a: True, render_pdf=render_pdf, name="letter")
