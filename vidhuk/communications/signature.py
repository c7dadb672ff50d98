"""The one e-mail signature of the centre's staff (issue 13, point 5; the council's plan: "a
unified template of the e-mail body"), generated from the staff directory — the member's name and
role, the centre's name, address, phone and site — as HTML (inline styles only, for any mail
program) and as plain text."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from vidhuk.accounts.models import Membership


@dataclass(frozen=True)
class Signature:
    html: str
    text: str


def signature_for(*, membership: Membership) -> Signature:
    user, centre = membership.user, membership.centre
    phones = [phone.strip() for phone in centre.phones.split(",") if phone.strip()]
    context = {
        "name": " ".join(part for part in (user.first_name, user.last_name) if part)
        or user.get_username(),
        "role": membership.get_role_display(),
        "centre": centre,
        "phone": phones[0] if phones else "",
        "email": user.email,
    }
    return Signature(
        html=render_to_string("communications/press/signature/signature.html", context).strip(),
        text=render_to_string("communications/press/signature/signature.txt", context).strip(),
    )
