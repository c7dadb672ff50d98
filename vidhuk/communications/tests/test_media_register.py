"""Changing and removing media outlets, their contacts, partners and topics (issue 13, point 6):
a confirmation page first, the change in the audit log, and what a press release's log or a
subscription names archived — kept and shown, no longer offered — instead of deleted."""

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import (
    MediaContact,
    MediaOutlet,
    Partner,
    PressDistribution,
    PublicationKind,
    Subscriber,
    Subscription,
    Topic,
)
from vidhuk.core.models import AuditEvent

from .publication_factories import PublicationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/"


def _outlet(centre, name="Курс онлайн"):
    outlet = MediaOutlet.objects.create(centre=centre, name=name, kind="online", region="Київ")
    contact = MediaContact.objects.create(
        outlet=outlet, name="Андрій Мельник", email="tips@kurs.example.org"
    )
    return outlet, contact


def _on_press_list(centre, contact):
    release = PublicationFactory(centre=centre, kind=PublicationKind.PRESS_RELEASE)
    return PressDistribution.objects.create(publication=release, contact=contact)


def _outlet_data(**changes):
    data = {"name": "Курс онлайн", "kind": "online", "region": "Київ", "reach": "", "beat": ""}
    return data | changes


def test_an_outlet_is_changed_and_the_audit_log_names_what_changed(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, _contact = _outlet(centre)

    form = client.get(BASE + f"media/{outlet.pk}/edit/").content.decode()
    response = client.post(
        BASE + f"media/{outlet.pk}/edit/", _outlet_data(reach="60000", region="Вербівка")
    )

    assert 'value="Київ"' in form
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.reach, outlet.region) == (60000, "Вербівка")
    event = AuditEvent.objects.get(object_type="communications.mediaoutlet", action="update")
    assert event.changes == {"reach": [None, 60000], "region": ["Київ", "Вербівка"]}


def test_an_outlet_without_a_name_is_refused_in_words_and_kept(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, _contact = _outlet(centre)

    response = client.post(BASE + f"media/{outlet.pk}/edit/", _outlet_data(name=""))

    assert response.status_code == 400
    assert "Заповніть це поле." in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.name == "Курс онлайн"


def test_the_confirmation_page_asks_and_a_get_deletes_nothing(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, _contact = _outlet(centre)

    html = client.get(BASE + f"media/{outlet.pk}/delete/").content.decode()

    assert "Видалити «Курс онлайн»?" in html
    assert "Запис буде видалено." in html
    assert MediaOutlet.objects.filter(pk=outlet.pk).exists()


def test_an_outlet_nobody_sent_to_is_deleted_with_its_contacts(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, _contact = _outlet(centre)

    response = client.post(BASE + f"media/{outlet.pk}/delete/", follow=True)

    assert "«Курс онлайн» видалено." in response.content.decode()
    assert not MediaOutlet.objects.exists()
    assert not MediaContact.objects.exists()
    event = AuditEvent.objects.get(object_type="communications.mediaoutlet", action="delete")
    assert event.object_repr == "Курс онлайн"


def test_an_outlet_a_release_was_sent_to_is_archived_and_no_longer_offered(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, contact = _outlet(centre)
    row = _on_press_list(centre, contact)

    question = client.get(BASE + f"media/{outlet.pk}/delete/").content.decode()
    response = client.post(BASE + f"media/{outlet.pk}/delete/", follow=True)

    assert "перенесено до архіву: журнал розсилок збережеться" in question
    assert "«Курс онлайн» перенесено до архіву." in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.archived_at is not None
    assert PressDistribution.objects.filter(pk=row.pk).exists()
    another = PublicationFactory(centre=centre, kind=PublicationKind.PRESS_RELEASE)
    offered = client.get(BASE + f"press/{another.pk}/").content.decode()
    assert "Курс онлайн" not in offered
    csv_text = b"".join(client.get(BASE + "media/media.csv").streaming_content).decode()
    assert "Курс онлайн" not in csv_text


def test_a_contact_is_changed_then_archived_once_a_release_went_to_them(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    outlet, contact = _outlet(centre)
    _on_press_list(centre, contact)

    client.post(
        BASE + f"media/contacts/{contact.pk}/edit/",
        {"name": "Андрій Мельник", "email": "andrii@kurs.example.org", "role": "редактор"},
    )
    client.post(BASE + f"media/contacts/{contact.pk}/delete/")

    contact.refresh_from_db()
    assert (contact.email, contact.role) == ("andrii@kurs.example.org", "редактор")
    assert contact.archived_at is not None
    html = client.get(BASE + "media/").content.decode()
    assert "в архіві" in html
    assert f"media/contacts/{contact.pk}/delete/" not in html  # archived: nothing more to remove


def test_a_partner_is_changed_and_deleted(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    partner = Partner.objects.create(centre=centre, name="Міська лікарня", kind="hospital")

    client.post(
        BASE + f"media/partners/{partner.pk}/edit/",
        {"name": "Міська лікарня", "kind": "hospital", "materials": "Плакат А4 у холі"},
    )
    partner.refresh_from_db()
    materials = partner.materials
    client.post(BASE + f"media/partners/{partner.pk}/delete/")

    assert materials == "Плакат А4 у холі"
    assert not Partner.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_type="communications.partner")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["update", "delete"]


def test_a_topic_is_renamed_keeping_its_address(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    topic = Topic.objects.create(centre=centre, name="Соцпослуги", slug="sotsposluhy")

    client.post(BASE + f"topics/{topic.pk}/edit/", {"name": "Соціальні послуги", "name_en": ""})

    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Соціальні послуги", "sotsposluhy")


def test_a_topic_renamed_to_a_name_the_centre_has_is_refused(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    Topic.objects.create(centre=centre, name="Пенсії", slug="pensii")
    topic = Topic.objects.create(centre=centre, name="Соцпослуги", slug="sotsposluhy")

    response = client.post(BASE + f"topics/{topic.pk}/edit/", {"name": "пенсії", "name_en": ""})

    assert response.status_code == 400
    assert "Така тема вже є." in response.content.decode()
    topic.refresh_from_db()
    assert topic.name == "Соцпослуги"


def test_a_topic_with_subscribers_is_archived_and_no_longer_offered_to_residents(
    staff_client, centre, client
):
    staff, _membership = staff_client(Role.COMMUNICATIONS)
    topic = Topic.objects.create(centre=centre, name="Пенсії", slug="pensii")
    unused = Topic.objects.create(centre=centre, name="Транспорт", slug="transport")
    subscriber = Subscriber.objects.create(centre=centre, email="reader@example.com")
    Subscription.objects.create(subscriber=subscriber, topic=topic)

    staff.post(BASE + f"topics/{topic.pk}/delete/")
    staff.post(BASE + f"topics/{unused.pk}/delete/")

    topic.refresh_from_db()
    assert topic.archived_at is not None
    assert Subscription.objects.filter(topic=topic).count() == 1
    assert not Topic.objects.filter(pk=unused.pk).exists()
    assert "Пенсії" not in client.get("/verbivka/subscribe/").content.decode()
    staff_page = staff.get(BASE + "topics/").content.decode()
    assert "Пенсії" in staff_page
    assert "в архіві" in staff_page


@pytest.mark.parametrize(
    "path",
    ["media/{outlet}/edit/", "media/{outlet}/delete/", "media/contacts/{contact}/delete/",
     "media/partners/{partner}/delete/", "topics/{topic}/delete/"],
    ids=["outlet-edit", "outlet-delete", "contact-delete", "partner-delete", "topic-delete"],
)  # fmt: skip
def test_an_analyst_reads_but_cannot_change_or_remove(staff_client, centre, path):
    client, _membership = staff_client(Role.ANALYST)
    outlet, contact = _outlet(centre)
    partner = Partner.objects.create(centre=centre, name="Бібліотека", kind="library")
    topic = Topic.objects.create(centre=centre, name="Пенсії", slug="pensii")
    url = BASE + path.format(outlet=outlet.pk, contact=contact.pk, partner=partner.pk,
                             topic=topic.pk)  # fmt: skip

    response = client.post(url, _outlet_data(name="Інше"))

    assert response.status_code == 403
    assert (MediaOutlet.objects.get().name, MediaContact.objects.count()) == ("Курс онлайн", 1)
    assert (Partner.objects.count(), Topic.objects.count()) == (1, 1)
    assert not AuditEvent.objects.filter(action__in=["update", "delete"]).exists()
