"""The media and partner register and the press release under embargo (issue 13, point 6): the
register's pages and CSV, a release's media list (do-not-contact skipped, a contact once), and
the release mailed at the end of its embargo through the real SMTP server, exactly once each."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from vidhuk.accounts.choices import Role
from vidhuk.communications.firing import register_firing_action
from vidhuk.communications.models import (
    MediaContact,
    MediaOutlet,
    Partner,
    PressDistribution,
    PublicationKind,
    PublicationState,
)
from vidhuk.communications.services.press import press_distribute
from vidhuk.communications.services.publications import (
    publication_publish,
    publications_publish_due,
)

from .publication_factories import NOW, PublicationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _press_action():
    register_firing_action("press", press_distribute, order=60)  # as extensions.py does


def _outlet(centre, name, *contacts, **fields):
    outlet = MediaOutlet.objects.create(centre=centre, name=name, kind="online", **fields)
    for contact_name, email, do_not_contact in contacts:
        MediaContact.objects.create(
            outlet=outlet, name=contact_name, email=email, do_not_contact=do_not_contact
        )
    return outlet


def test_the_register_lists_outlets_contacts_and_partners(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    _outlet(centre, "Курс онлайн", ("Андрій Мельник", "tips@kurs.example.org", False))
    Partner.objects.create(
        centre=centre, name="Міська лікарня", kind="hospital", materials="Плакат А4 у холі"
    )

    html = client.get(BASE + "media/").content.decode()

    assert "Курс онлайн" in html
    assert "tips@kurs.example.org" in html
    assert "Плакат А4 у холі" in html


def test_the_media_list_downloads_as_csv_one_row_per_contact(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    _outlet(
        centre,
        "Курс онлайн",
        ("Андрій Мельник", "tips@kurs.example.org", False),
        ("Марта Коваль", "=cmd@kurs.example.org", True),
        reach=60000,
    )

    response = client.get(BASE + "media/media.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Медіа"
    assert [row[6] for row in rows[1:]] == ["Андрій Мельник", "Марта Коваль"]
    assert rows[1][3] == "60000"
    assert rows[2][8] == "'=cmd@kurs.example.org"


def test_the_officer_adds_an_outlet_and_a_bad_reach_is_explained(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    refused = client.post(BASE + "media/new/", {"name": "Радіо", "kind": "radio", "reach": "-5"})
    added = client.post(BASE + "media/new/", {"name": "Радіо", "kind": "radio", "reach": "15000"})

    assert refused.status_code == 400
    assert "Не менше 0." in refused.content.decode()
    assert added.status_code == 302
    assert list(MediaOutlet.objects.values_list("name", "reach")) == [("Радіо", 15000)]


def test_a_release_under_embargo_reaches_each_contact_once_at_its_time(
    staff_client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    embargo = NOW + dt.timedelta(hours=3)
    release = PublicationFactory(
        centre=centre,
        kind=PublicationKind.PRESS_RELEASE,
        title="ЦНАП відкриває віддалене місце в Луговому",
        state=PublicationState.REVIEW,
        embargo_until=embargo,
    )
    kurs = _outlet(
        centre,
        "Курс онлайн",
        ("Андрій Мельник", "tips@kurs.example.org", False),
        ("Марта Коваль", "marta@kurs.example.org", True),
    )
    radio = _outlet(centre, "Радіо Бурштин", ("Ірина Федорів", "efir@fm.example.org", False))
    _outlet(centre, "Закрите медіа", ("Хтось", "x@closed.example.org", False), do_not_contact=True)

    client.post(f"{BASE}press/{release.pk}/", {"outlets": [kurs.pk, radio.pk]})
    client.post(f"{BASE}press/{release.pk}/", {"outlets": [kurs.pk]})  # a second choice
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(publication=release, actor=None, now=NOW)
        publications_publish_due(now=embargo - dt.timedelta(seconds=1))
    before = len(smtp_mailbox.messages)
    with django_capture_on_commit_callbacks(execute=True):
        publications_publish_due(now=embargo)
        publications_publish_due(now=embargo + dt.timedelta(minutes=1))

    recipients = sorted(message["To"] for message in smtp_mailbox.messages)
    assert before == 0
    assert recipients == ["efir@fm.example.org", "tips@kurs.example.org"]
    assert " ".join(smtp_mailbox.messages[0]["Subject"].split()) == (
        "Пресреліз: ЦНАП відкриває віддалене місце в Луговому"
    )
    assert set(PressDistribution.objects.values_list("state", flat=True)) == {"sent"}


def test_another_kind_of_publication_is_not_sent_to_the_media(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    news = PublicationFactory(centre=centre, kind=PublicationKind.NEWS)
    outlet = _outlet(centre, "Курс онлайн", ("Андрій Мельник", "tips@kurs.example.org", False))

    response = client.post(f"{BASE}press/{news.pk}/", {"outlets": [outlet.pk]})

    assert response.status_code == 400
    assert "Медіа надсилають лише пресрелізи та пресанонси." in response.content.decode()
    assert PressDistribution.objects.count() == 0
