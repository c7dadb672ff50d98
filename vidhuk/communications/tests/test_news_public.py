"""The news residents see: only what is published and past its embargo — in the list, an item's
page, its image, the Atom feed (read back with feedparser), the portal's home and a service's
card — filtered by kind and topic, in English where the English text is filled."""

import datetime as dt

import feedparser
import pytest

from vidhuk.catalog.tests.factories import ServiceFactory

from ..models import PublicationKind, PublicationState
from .publication_factories import NOW, PublicationFactory, TopicFactory, published

State = PublicationState


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def mixed(centre):
    """One of each state a resident must not see, and one they must."""
    return {
        "draft": PublicationFactory(centre=centre, title="Чернетка", state=State.DRAFT),
        "review": PublicationFactory(centre=centre, title="На перевірці", state=State.REVIEW),
        "scheduled": PublicationFactory(
            centre=centre,
            title="Заплановано",
            state=State.SCHEDULED,
            publish_at=NOW + dt.timedelta(hours=1),
        ),
        "unpublished": PublicationFactory(
            centre=centre, title="Знято", state=State.UNPUBLISHED, published_at=NOW
        ),
        "embargoed": published(
            centre=centre,
            title="Пресреліз під ембарго",
            kind=PublicationKind.PRESS_RELEASE,
            embargo_until=NOW + dt.timedelta(hours=2),
        ),
        "published": published(centre=centre, title="Опубліковано"),
    }


HIDDEN = ["draft", "review", "scheduled", "unpublished", "embargoed"]


def test_the_list_shows_only_what_is_published_and_past_its_embargo(client, mixed):
    page = client.get("/verbivka/news/").content.decode()

    assert "Опубліковано" in page
    assert "Знайдено 1 публікацію" in page
    for key in HIDDEN:
        assert mixed[key].title not in page


@pytest.mark.parametrize("key", HIDDEN)
def test_an_unpublished_item_its_image_and_feed_entry_are_not_found(client, mixed, key):
    slug = mixed[key].slug

    assert client.get(f"/verbivka/news/{slug}/").status_code == 404
    assert client.get(f"/verbivka/news/{slug}/image").status_code == 404
    feed = feedparser.parse(client.get("/verbivka/news/feed/").content)
    assert [entry.title for entry in feed.entries] == ["Опубліковано"]


def test_the_press_release_appears_when_the_embargo_ends(client, mixed, time_machine):
    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)

    page = client.get(f"/verbivka/news/{mixed['embargoed'].slug}/")
    feed = feedparser.parse(client.get("/verbivka/news/feed/").content)

    assert page.status_code == 200
    assert feed.entries[0].title == "Пресреліз під ембарго"
    appeared = dt.datetime.fromisoformat(feed.entries[0].published)
    assert appeared == NOW + dt.timedelta(hours=2)


def test_another_centres_news_is_not_found_under_my_centre(client, centre, other_centre):
    foreign = published(centre=other_centre, title="Новина Лугового")

    assert client.get(f"/verbivka/news/{foreign.slug}/").status_code == 404
    assert "Новина Лугового" not in client.get("/verbivka/news/").content.decode()


def test_the_list_filters_by_kind_and_topic(client, centre):
    social = TopicFactory(centre=centre, name="Соціальні послуги", slug="sotsialni")
    published(centre=centre, title="Допомога при народженні", topics=[social])
    published(centre=centre, title="Нове в реєстрації", kind=PublicationKind.LEGISLATION)
    published(centre=centre, title="Ремонт у залі")

    by_topic = client.get("/verbivka/news/", {"topic": "sotsialni"}).content.decode()
    by_kind = client.get("/verbivka/news/", {"kind": "legislation"}).content.decode()

    assert "Допомога при народженні" in by_topic
    assert "Ремонт у залі" not in by_topic
    assert "Нове в реєстрації" in by_kind
    assert "Допомога при народженні" not in by_kind


def test_an_item_page_shows_its_sanitised_text_and_the_services_it_affects(client, centre):
    service = ServiceFactory(centre=centre, name="Реєстрація місця проживання")
    item = published(
        centre=centre,
        title="Зміни в реєстрації",
        kind=PublicationKind.LEGISLATION,
        effective_on=dt.date(2027, 1, 1),
        body="<p>Нові <strong>правила</strong>.</p>",
        services=[service],
    )

    page = client.get(f"/verbivka/news/{item.slug}/").content.decode()

    assert "<p>Нові <strong>правила</strong>.</p>" in page
    assert "Набирає чинності 01.01.2027" in page
    assert f'href="/verbivka/services/{service.slug}/"' in page


def test_the_feed_is_atom_with_stable_ids_and_links(client, centre):
    item = published(centre=centre, title="Новий графік", lead="Працюємо до 18:00.")

    response = client.get("/verbivka/news/feed/")
    feed = feedparser.parse(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0
    assert feed.feed.title == "Новини: ЦНАП Вербівської міської ради"
    entry = feed.entries[0]
    assert entry.id == f"tag:vidhuk,2026:news:{centre.pk}:{item.pk}"
    assert entry.link == f"http://testserver/verbivka/news/{item.slug}/"
    assert entry.summary == "Працюємо до 18:00."


def test_english_pages_use_the_english_text_where_it_is_filled(client, centre):
    published(centre=centre, title="Новий графік", title_en="New opening hours")
    published(centre=centre, title="Лише українською")

    page = client.get("/en/verbivka/news/").content.decode()

    assert "New opening hours" in page
    assert '<a class="govuk-link" href="/en/verbivka/news/' in page
    assert 'lang="uk">Лише українською</a>' in page


def test_the_portal_home_shows_the_latest_news(client, centre):
    for n in range(4):
        published(centre=centre, title=f"Новина {n}", published_at=NOW - dt.timedelta(days=n))
    published(
        centre=centre,
        title="Під ембарго",
        kind=PublicationKind.PRESS_RELEASE,
        embargo_until=NOW + dt.timedelta(days=1),
    )

    page = client.get("/verbivka/").content.decode()

    assert "Новина 0" in page
    assert "Новина 2" in page
    assert "Новина 3" not in page  # three latest
    assert "Під ембарго" not in page
    assert 'href="/verbivka/news/"' in page


def test_a_change_in_legislation_shows_on_the_card_of_the_service_it_affects(client, centre):
    service = ServiceFactory(centre=centre, name="Реєстрація місця проживання")
    other = ServiceFactory(centre=centre, name="Паспорт громадянина")
    published(
        centre=centre,
        title="Нові правила реєстрації",
        kind=PublicationKind.LEGISLATION,
        effective_on=dt.date(2027, 1, 1),
        services=[service],
    )

    card = client.get(f"/verbivka/services/{service.slug}/").content.decode()
    other_card = client.get(f"/verbivka/services/{other.slug}/").content.decode()

    assert "Зміна законодавства" in card
    assert "Набирає чинності 01.01.2027" in card
    assert "Нові правила реєстрації" in card
    assert "Нові правила реєстрації" not in other_card


def test_the_list_runs_a_fixed_number_of_queries(client, centre, django_assert_max_num_queries):
    topic = TopicFactory(centre=centre)
    for _ in range(12):
        published(centre=centre, topics=[topic])

    with django_assert_max_num_queries(8):
        response = client.get("/verbivka/news/")

    assert response.status_code == 200
