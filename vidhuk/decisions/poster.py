"""The printable A4 poster of one decision, for the centre's information stand: what residents
said, what the centre decided, who answers for it and by when, how far it got, and a QR code
that opens the decision's page. Drawn by WeasyPrint from our own markup only: nothing is
fetched (the QR code is inlined as a data address)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from vidhuk.core.models import Centre
from vidhuk.core.qr import qr_data_uri

from .models import Decision


def poster_html(*, centre: Centre, decision: Decision, page_url: str) -> str:
    return render_to_string(
        "decisions/public/poster.html",
        {
            "centre": centre,
            "decision": decision,
            "page_url": page_url,
            "qr": qr_data_uri(page_url),
            "today": timezone.localdate(),
        },
    )


def poster_pdf(*, centre: Centre, decision: Decision, page_url: str) -> bytes:
    # Imported here: Pango loads on first use, not at start-up.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = poster_html(centre=centre, decision=decision, page_url=page_url)
    # Only inline data (the QR code): no file, no network.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
