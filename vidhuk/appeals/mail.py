"""Mail to applicants and executors, and the printable answer letter.

Templates live in appeals/email/<name>_subject.txt, <name>.txt and <name>.html; tasks.py queues
them in the one mail ledger (vidhuk/core/mail.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from vidhuk.core.models import Centre
from vidhuk.core.qr import qr_svg_element

# The tracker's page: appeals:find(centre_slug), the token in its query (`?t=`), never in a path.
TRACKER_URL_NAME = "appeals:find"


def tracker_url(*, base_url: str, centre: Centre, token: str) -> str:
    """The private link to a case's status page; `base_url` is scheme and host. The token rides
    in the query of that first GET only, so access logs that drop query strings never hold it
    (docs/operations.md); the old `/track/<token>/` form is never built again."""
    try:
        path = reverse(TRACKER_URL_NAME, kwargs={"centre_slug": centre.slug})
    except NoReverseMatch:
        path = f"/{centre.slug}/appeals/track/"
    return base_url.rstrip("/") + path + "?" + urlencode({"t": token})


def answer_letter_html(*, appeal: Any) -> str:
    return render_to_string("appeals/email/answer_letter.html", {"appeal": appeal})


def answer_letter_pdf(*, appeal: Any) -> bytes:
    """The answer as a printable A4 letter (PDF), for delivery by post. DejaVu fonts carry the
    Cyrillic script; WeasyPrint needs Debian's Pango at run time."""
    return _pdf(answer_letter_html(appeal=appeal))


def extension_letter_pdf(*, appeal: Any) -> bytes:
    """The notice of an extended term as a printable A4 letter (PDF), for applicants who gave no
    e-mail: the law wants every applicant told (Art. 20 of Law 393/96-ВР)."""
    return _pdf(render_to_string("appeals/email/extension_letter.html", {"appeal": appeal}))


def registration_receipt_pdf(*, appeal: Any, tracker_link: str) -> bytes:
    """The receipt handed over or posted to an applicant who gave no e-mail: the registration
    index, the term and the private tracker link as text and as a QR code. No name, no content:
    whoever holds the paper may follow the case, as with the link in a confirmation mail."""
    return _pdf(
        render_to_string(
            "appeals/email/registration_receipt.html",
            {
                "appeal": appeal,
                "tracker_link": tracker_link,
                "qr_svg": qr_svg_element(tracker_link),
            },
        )
    )


def pdf_from_html(html: str) -> bytes:
    """Any of the app's printable pages (letters, reports) as PDF."""
    return _pdf(html)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: Pango loads on first use, not at start-up

    return bytes(HTML(string=html).write_pdf())
