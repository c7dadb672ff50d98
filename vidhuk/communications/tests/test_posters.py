"""Posters (issue 13, point 5): an A4 or A3 PDF of a publication or an event, read back as text,
and its QR code decoded from the rendered page — the public page with the poster's tracking
parameters."""

import io

import pypdfium2
import pytest
import time_machine
import zxingcpp
from pypdf import PdfReader

from vidhuk.accounts.choices import Role

from .event_factories import EventFactory
from .publication_factories import NOW, PublicationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/posters/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _read(pdf: bytes) -> tuple[PdfReader, str, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    (link,) = [result.text for result in zxingcpp.read_barcodes(image)]
    return reader, text, link


def test_a_publication_poster_is_a4_with_a_tracked_qr_code(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    publication = PublicationFactory(
        centre=centre, title="Новий графік роботи в Луговому", slug="hrafik"
    )

    response = client.get(f"{BASE}publication/{publication.pk}.pdf", {"place": "transport"})

    reader, text, link = _read(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]
    assert "Новий графік роботи в Луговому" in text
    assert centre.name in text
    assert link == (
        "http://testserver/verbivka/news/hrafik/?utm_source=poster&utm_medium=transport"
    )


def test_an_event_poster_in_a3_shows_when_and_where(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    event = EventFactory(centre=centre, title="Громадські слухання", place="Актова зала")

    response = client.get(f"{BASE}event/{event.pk}.pdf", {"size": "A3", "place": "Старостат"})

    reader, text, link = _read(response.content)
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [842, 1191]
    assert "Громадські слухання" in text
    assert "Актова зала" in text
    assert link.endswith(f"/verbivka/events/{event.pk}/?utm_source=poster&utm_medium=starostat")


def test_the_publication_and_event_pages_link_to_their_posters(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    publication = PublicationFactory(centre=centre, kind="press_release", slug="reliz")
    event = EventFactory(centre=centre)

    publication_page = client.get(
        f"/staff/verbivka/communications/publications/{publication.pk}/"
    ).text
    event_page = client.get(f"/staff/verbivka/communications/events/{event.pk}/").text

    assert f'href="{BASE}publication/{publication.pk}.pdf"' in publication_page
    assert f'href="{BASE}publication/{publication.pk}.pdf?size=A3"' in publication_page
    assert f'href="/staff/verbivka/communications/press/{publication.pk}/"' in publication_page
    assert f'href="{BASE}event/{event.pk}.pdf"' in event_page
    poster = client.get(f"{BASE}event/{event.pk}.pdf")
    assert poster["Content-Type"] == "application/pdf"
