"""The staff's publication pages: who may read and who may publish, the form's plain messages,
a double submit making one draft, the workflow's buttons, and the list's query count."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.choices import Role
from vidhuk.testing.images import jpeg_with_gps

from ..models import Publication, PublicationFiring, PublicationState
from .publication_factories import NOW, PublicationFactory, TopicFactory

BASE = "/staff/verbivka/communications/"
State = PublicationState


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HEAD, 200),
        (Role.COMMUNICATIONS, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.ANALYST, 200),
        (Role.HOTLINE_OPERATOR, 403),
    ],
)
def test_who_may_read_the_publications(staff_client, role, status):
    client, _membership = staff_client(role)

    assert client.get(BASE).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.HEAD, 200), (Role.COMMUNICATIONS, 200), (Role.ADMINISTRATOR, 403), (Role.ANALYST, 403)],
)
def test_who_may_write_a_publication(staff_client, role, status):
    client, _membership = staff_client(role)

    assert client.get(BASE + "publications/new/").status_code == status


def test_an_analyst_cannot_publish_and_nothing_changes(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    publication = PublicationFactory(centre=centre, state=State.REVIEW)

    response = client.post(f"{BASE}publications/{publication.pk}/move/", {"move": "publish"})

    assert response.status_code == 403
    publication.refresh_from_db()
    assert publication.state == State.REVIEW
    assert not PublicationFiring.objects.exists()


def test_an_empty_form_says_what_to_fill_at_the_top(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(BASE + "publications/new/", {"kind": "news", "title": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Помилка:" in page
    assert "govuk-error-summary" in page
    assert '<a href="#id_title">Заповніть це поле.</a>' in page
    assert Publication.objects.count() == 0


def test_an_image_without_its_description_is_refused_on_the_form(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    image = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = client.post(
        BASE + "publications/new/", {"kind": "news", "title": "Фото з відкриття", "image": image}
    )

    assert response.status_code == 400
    assert "Опишіть, що на зображенні" in response.content.decode()
    assert Publication.objects.count() == 0


def test_a_draft_sent_twice_is_saved_once(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    topic = TopicFactory(centre=centre, name="Соціальні послуги")
    data = {
        "kind": "news",
        "title": "Нові години роботи",
        "body": "<p>Працюємо <strong>до 18:00</strong>.</p><script>x</script>",
        "topics": [topic.pk],
        "submission_key": str(uuid.uuid4()),
    }

    first = client.post(BASE + "publications/new/", data)
    second = client.post(BASE + "publications/new/", data)

    publication = Publication.objects.get()
    assert first.url == second.url == f"{BASE}publications/{publication.pk}/"
    assert publication.body == "<p>Працюємо <strong>до 18:00</strong>.</p>"
    assert list(publication.topics.all()) == [topic]
    page = client.get(first.url).content.decode()
    assert "Чернетку збережено." in page
    assert "Передати на перевірку" in page


def test_the_editor_reviews_schedules_and_the_page_says_when(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    publication = PublicationFactory(centre=centre, state=State.REVIEW)
    url = f"{BASE}publications/{publication.pk}/move/"

    response = client.post(url, {"move": "schedule", "publish_at": "2026-12-08T09:00"})

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert publication.publish_at == dt.datetime.fromisoformat("2026-12-08T09:00+02:00")
    page = client.get(response.url).content.decode()
    assert "Публікацію заплановано." in page
    assert "08.12.2026 09:00" in page
    assert "Зняти з розкладу" in page


def test_a_time_in_the_past_is_refused_with_a_message(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    publication = PublicationFactory(centre=centre, state=State.REVIEW)

    response = client.post(
        f"{BASE}publications/{publication.pk}/move/",
        {"move": "schedule", "publish_at": "2026-12-01T09:00"},
    )

    assert response.status_code == 400
    assert "Вкажіть час у майбутньому або опублікуйте зараз." in response.content.decode()
    publication.refresh_from_db()
    assert publication.state == State.REVIEW


def test_publishing_now_puts_it_on_the_site(staff_client, centre, client):
    staff, _membership = staff_client(Role.HEAD)
    publication = PublicationFactory(centre=centre, state=State.REVIEW, title="Відкрили ЦНАП")

    staff.post(f"{BASE}publications/{publication.pk}/move/", {"move": "publish"})

    assert "Відкрили ЦНАП" in client.get("/verbivka/news/").content.decode()
    page = staff.get(f"{BASE}publications/{publication.pk}/").content.decode()
    assert "Стрічка новин — 07.12.2026 10:00" in page


def test_an_edit_changes_the_text_and_keeps_the_address(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    publication = PublicationFactory(centre=centre, slug="hrafik")

    form = client.get(f"{BASE}publications/{publication.pk}/edit/")
    response = client.post(
        f"{BASE}publications/{publication.pk}/edit/",
        {"kind": "announcement", "title": "Новий графік", "lead": "Коротко"},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    publication.refresh_from_db()
    assert (publication.kind, publication.title, publication.slug) == (
        "announcement",
        "Новий графік",
        "hrafik",
    )


def test_an_edit_keeps_a_topic_archived_since_it_was_tagged(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    archived = TopicFactory(centre=centre, name="Пенсії")
    publication = PublicationFactory(centre=centre, topics=[archived])
    archived.archived_at = NOW
    archived.save(update_fields=["archived_at"])

    form = client.get(f"{BASE}publications/{publication.pk}/edit/").content.decode()
    response = client.post(
        f"{BASE}publications/{publication.pk}/edit/",
        {"kind": "news", "title": "Новий графік", "lead": "Коротко", "topics": [archived.pk]},
    )

    assert "Пенсії" in form
    assert response.status_code == 302
    assert list(publication.topics.all()) == [archived]


def test_the_list_filters_by_state(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    PublicationFactory(centre=centre, title="Чернетка про графік")
    PublicationFactory(centre=centre, title="На перевірці: пам’ятка", state=State.REVIEW)

    page = client.get(BASE, {"state": "review"}).content.decode()

    assert "На перевірці: пам’ятка" in page
    assert "Чернетка про графік" not in page


def test_the_list_runs_a_fixed_number_of_queries(
    staff_client, centre, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    for _ in range(25):
        PublicationFactory(centre=centre, topics=[TopicFactory(centre=centre)])

    with django_assert_max_num_queries(16):
        response = client.get(BASE)

    assert response.status_code == 200


def test_an_editor_adds_a_topic_and_a_second_with_the_same_name_is_refused(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    client.post(BASE + "topics/", {"name": "Соціальні послуги"})
    again = client.post(BASE + "topics/", {"name": "соціальні послуги"})

    assert again.status_code == 400
    assert "Така тема вже є." in again.content.decode()
    topic = centre.topic_set.get()
    assert (topic.name, topic.slug) == ("Соціальні послуги", "sotsialni-posluhy")


def test_an_analyst_sees_the_topics_but_cannot_add_one(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)

    page = client.get(BASE + "topics/")
    response = client.post(BASE + "topics/", {"name": "Соціальні послуги"})

    assert page.status_code == 200
    assert "Додати тему" not in page.content.decode()
    assert response.status_code == 403
    assert not centre.topic_set.exists()
