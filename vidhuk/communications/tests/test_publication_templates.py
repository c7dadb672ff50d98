"""«Створити з шаблону» (issue 13, point 5): staff start a news item, a press announcement, an
embargoed press release or a legislation-change notice from a template — the form comes filled
with the kind, a title to rewrite and a Ukrainian skeleton with the centre's contacts; the member
edits it and saves a draft, as a browser would send the page's own form."""

import datetime as dt
from html.parser import HTMLParser

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import Publication, PublicationState

from .publication_factories import KYIV, NOW

BASE = "/staff/verbivka/communications/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


class _Form(HTMLParser):
    """The values a browser would send from the page's form (file fields left empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in ("file", "checkbox"):
            self.data[name] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.data[self._select] = found.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _form(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def test_the_publications_page_offers_the_four_templates(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    html = client.get(BASE).content.decode()

    for code in ("news", "press_announcement", "press_release", "legislation"):
        assert f'href="{BASE}publications/new/?template={code}"' in html
    assert "Пресреліз з ембарго" in html


def test_a_press_release_from_its_template_is_saved_as_an_embargoed_draft(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    page = client.get(BASE + "publications/new/", {"template": "press_release"}).content.decode()
    sent = _form(page) | {"title": "ЦНАП відкриває віддалене місце в Луговому"}
    response = client.post(BASE + "publications/new/", sent)

    assert "Контакти для медіа" in sent["body"]
    assert centre.name in sent["body"]
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert (publication.kind, publication.state) == ("press_release", PublicationState.DRAFT)
    assert publication.title == "ЦНАП відкриває віддалене місце в Луговому"
    assert publication.embargo_until == dt.datetime(2026, 12, 8, 10, 0, tzinfo=KYIV)
    assert "<h2>Довідка</h2>" in publication.body


def test_a_legislation_notice_starts_with_its_headings(staff_client):
    client, _membership = staff_client(Role.HEAD)

    page = client.get(BASE + "publications/new/", {"template": "legislation"}).content.decode()

    sent = _form(page)
    assert sent["kind"] == "legislation"
    assert sent["title"] == "Зміни щодо [послуги]: що діє з [дата]"
    assert "<h2>Підстава</h2>" in sent["body"]
    assert sent["embargo_until"] == ""


def test_an_unknown_template_gives_the_empty_form(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    page = client.get(BASE + "publications/new/", {"template": "nope"})

    assert page.status_code == 200
    assert _form(page.content.decode())["title"] == ""


def test_who_cannot_publish_sees_no_templates(staff_client):
    client, _membership = staff_client(Role.ANALYST)

    html = client.get(BASE).content.decode()
    refused = client.get(BASE + "publications/new/", {"template": "news"})

    assert "?template=" not in html
    assert refused.status_code == 403
