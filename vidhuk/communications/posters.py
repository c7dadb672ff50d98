"""Posters for notice boards, info stands and transport (issue 13, point 5): an A4 or A3 PDF in
the centre's style for a publication, an event, a decision (its public page in the decisions
register) or a service (its information card in the catalog), with a QR code to its public page
carrying a tracking parameter (``utm_source=poster&utm_medium=<place>``), so the channel
analysis can tell which places bring visitors. Drawn by WeasyPrint from our own markup only:
nothing is fetched (the QR code is inlined as a data address)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from vidhuk.catalog.services import transliterate
from vidhuk.core.models import Centre
from vidhuk.core.qr import qr_data_uri

from .models import Event, Publication

if TYPE_CHECKING:
    from vidhuk.catalog.models import Service
    from vidhuk.decisions.models import Decision

SIZES = ("A4", "A3")


@dataclass(frozen=True)
class PosterContent:
    title: str
    lead: str
    when: str
    path: str  # the public page, without scheme and host


def poster_for_publication(publication: Publication) -> PosterContent:
    return PosterContent(
        title=publication.title,
        lead=publication.lead,
        when="",
        path=reverse("communications:item", args=[publication.centre.slug, publication.slug]),
    )


def poster_for_event(event: Event) -> PosterContent:
    starts = timezone.localtime(event.starts_at)
    return PosterContent(
        title=event.title,
        lead=event.description,
        when=f"{starts:%d.%m.%Y %H:%M}" + (f", {event.place}" if event.place else ""),
        path=reverse("communications_events:event", args=[event.centre.slug, event.pk]),
    )


def poster_for_decision(decision: Decision) -> PosterContent:
    """A decision's poster: what was decided and by when, the QR code to its public page."""
    due = decision.due_on
    return PosterContent(
        title=_("Рішення № %(number)s. %(title)s")
        % {"number": decision.number, "title": decision.title},
        lead=Truncator(decision.summary).chars(600),
        when=(_("Виконати до %(date)s") % {"date": f"{due:%d.%m.%Y}"}) if due else "",
        path=reverse("decisions:decision", args=[decision.centre.slug, decision.number]),
    )


def poster_for_service(service: Service) -> PosterContent:
    """A service's poster: its name, the result, the term and the fee, the QR code to its card."""
    fee = _("Безоплатно") if service.is_free else _("Платна послуга")
    term = service.term_text or (
        _("Граничний строк, календарних днів: %(days)s") % {"days": service.max_term_days}
        if service.max_term_days
        else ""
    )
    return PosterContent(
        title=service.name,
        lead=Truncator(service.result).chars(600),
        when=" · ".join(part for part in (str(fee), str(term)) if part),
        path=reverse("catalog:detail", args=[service.centre.slug, service.slug]),
    )


def tracked_url(*, base_url: str, path: str, place: str) -> str:
    """The page's address with the poster's tracking parameters."""
    query = urlencode(
        {"utm_source": "poster", "utm_medium": slugify(transliterate(place)) or "stand"}
    )
    return f"{base_url}{path}?{query}"


def poster_pdf(
    *, centre: Centre, content: PosterContent, base_url: str, place: str, size: str = "A4"
) -> bytes:
    # Imported here: Pango loads on first use, not at start-up.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    url = tracked_url(base_url=base_url, path=content.path, place=place)
    html = render_to_string(
        "communications/press/posters/poster.html",
        {
            "centre": centre,
            "content": content,
            "page_url": url,
            "qr": qr_data_uri(url),
            "size": size if size in SIZES else "A4",
            "today": timezone.localdate(),
        },
    )
    fetcher = URLFetcher(allowed_protocols=["data"])  # only the inlined QR code
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
