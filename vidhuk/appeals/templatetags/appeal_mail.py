"""The state of a case's mail in the one ledger (vidhuk/core/mail.py), for the staff pages.

A mail to the applicant that the server refused is not an answer given: the case page and the
inbox row say «Лист не доставлено», with the reason, the attempts, a resend button and the
letter to print.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from vidhuk.core.mail import mail_stuck_abouts, mail_stuck_for_about

from ..permissions import can_work_on_appeal

register = template.Library()

# Mail whose paper twin can be printed from the case page, by ledger template.
PRINTABLE = {"appeals/email/answer", "appeals/email/extended"}


def about(appeal: Any) -> str:
    return f"appeal:{appeal.pk}"


@register.inclusion_tag("appeals/staff/_mail_state.html", takes_context=True)
def appeal_mail_state(context: dict[str, Any], appeal: Any) -> dict[str, Any]:
    """The case's mail the server refused, newest first (none: nothing is shown)."""
    stuck = list(mail_stuck_for_about(about=about(appeal), centre=appeal.centre))
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return {
        "appeal": appeal,
        "centre": appeal.centre,
        "stuck": stuck,
        "printable": PRINTABLE,
        "can_resend": can_work_on_appeal(membership, appeal),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def appeals_undelivered(rows: Iterable[Any]) -> set[str]:
    """The references of the listed cases with refused mail, in one query (the inbox). Takes
    cases, or rows whose first item is the case."""
    cases = [row[0] if isinstance(row, tuple | list) else row for row in rows]
    return mail_stuck_abouts(abouts=[about(case) for case in cases])


@register.filter
def has_undelivered_mail(appeal: Any, undelivered: set[str]) -> bool:
    return about(appeal) in undelivered
