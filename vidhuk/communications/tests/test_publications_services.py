"""Publications' services: a draft made from the staff's input (rich text sanitised, an image
only with its description), the workflow, and publishing that fires each action exactly once —
on time for a scheduled one, at the end of the embargo for a press release."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import AuditEvent
from vidhuk.testing.images import jpeg_with_gps

from ..firing import register_firing_action, unregister_firing_action
from ..models import Publication, PublicationFiring, PublicationKind, PublicationState
from ..services.publications import (
    PublicationIntake,
    publication_create,
    publication_publish,
    publication_return,
    publication_schedule,
    publication_submit,
    publication_unpublish,
    publication_update,
    publications_publish_due,
)
from .publication_factories import NOW, PublicationFactory, TopicFactory, only_firing_actions

State = PublicationState


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def mailed():
    """A stand-in for the subscribers' mail action (comms-mail registers the real one): it
    records each publication it was run for."""
    calls: list[int] = []
    with only_firing_actions({"mail": lambda publication: calls.append(publication.pk)}):
        yield calls


def _create(centre, author, **fields):
    intake = PublicationIntake(**{"kind": PublicationKind.NEWS, "title": "Нові години", **fields})
    return publication_create(centre=centre, actor=author, intake=intake)


def test_a_new_publication_is_a_draft_with_a_latin_address_and_sanitised_text(centre, author):
    publication = _create(
        centre,
        author,
        title="Новий графік у Луговому",
        body='<p onclick="steal()">Текст<script>alert(1)</script> <a href="javascript:x()">'
        'посилання</a> <a href="https://diia.gov.ua">Дія</a></p><iframe src="x"></iframe>',
    )

    assert publication.state == State.DRAFT
    assert publication.slug == "novyi-hrafik-u-luhovomu"
    assert publication.body == (
        '<p>Текст <a rel="noopener noreferrer">посилання</a> '
        '<a href="https://diia.gov.ua" rel="noopener noreferrer">Дія</a></p>'
    )
    assert AuditEvent.objects.filter(object_id=str(publication.pk), action="create").count() == 1


def test_two_publications_with_one_title_get_two_addresses(centre, author):
    first = _create(centre, author, title="Оголошення")
    second = _create(centre, author, title="Оголошення")

    assert (first.slug, second.slug) == ("oholoshennia", "oholoshennia-2")


def test_the_same_form_sent_twice_makes_one_publication(centre, author):
    key = uuid.uuid4()
    intake = PublicationIntake(kind=PublicationKind.NEWS, title="Нові години")

    first = publication_create(centre=centre, actor=author, intake=intake, submission_key=key)
    second = publication_create(centre=centre, actor=author, intake=intake, submission_key=key)

    assert second.pk == first.pk
    assert second.is_new is False
    assert Publication.objects.count() == 1


def test_an_image_needs_its_description_and_nothing_is_saved_without_it(centre, author):
    image = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")

    with pytest.raises(ValidationError) as error:
        _create(centre, author, image=image)

    assert "Опишіть, що на зображенні" in error.value.message_dict["image_alt"][0]
    assert Publication.objects.count() == 0


def test_an_image_is_stored_without_its_gps_position(centre, author):
    image = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")

    publication = _create(centre, author, image=image, image_alt="Черга біля вікна №3")

    stored = publication.image.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"GPS" not in stored
    assert b"Exif" not in stored


def test_a_file_that_is_not_an_image_is_refused_with_its_name(centre, author):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    with pytest.raises(ValidationError) as error:
        _create(centre, author, image=fake, image_alt="Фото")

    assert "photo.jpg" in error.value.message_dict["image"][0]


def test_a_change_in_legislation_needs_its_effective_date(centre, author):
    with pytest.raises(ValidationError) as error:
        _create(centre, author, kind=PublicationKind.LEGISLATION)

    assert error.value.message_dict["effective_on"] == [
        "Вкажіть, з якої дати зміна набирає чинності."
    ]


def test_only_a_press_release_can_be_under_embargo(centre, author):
    with pytest.raises(ValidationError) as error:
        _create(centre, author, embargo_until=NOW + dt.timedelta(days=1))

    assert error.value.message_dict["embargo_until"] == [
        "Ембарго можна встановити лише для пресрелізу."
    ]


def test_another_centres_service_cannot_be_tagged(centre, other_centre, author):
    foreign = ServiceFactory(centre=other_centre)

    with pytest.raises(ValidationError):
        _create(centre, author, services=[foreign])

    assert Publication.objects.count() == 0


def test_an_edit_keeps_the_address_and_the_audit_names_the_fields(centre, author):
    publication = _create(centre, author, title="Перший заголовок")
    topic = TopicFactory(centre=centre)

    publication_update(
        publication=publication,
        actor=author,
        intake=PublicationIntake(kind=PublicationKind.NEWS, title="Другий", topics=[topic]),
    )

    publication.refresh_from_db()
    assert (publication.title, publication.slug) == ("Другий", "pershyi-zaholovok")
    assert list(publication.topics.all()) == [topic]
    assert AuditEvent.objects.filter(action="update").get().changes == {"fields": ["title"]}


def test_publishing_passes_through_review(centre, author):
    publication = PublicationFactory(centre=centre)

    with pytest.raises(ValidationError) as error:
        publication_publish(publication=publication, actor=author, now=NOW)

    assert "«Чернетка»" in error.value.messages[0]
    publication.refresh_from_db()
    assert publication.state == State.DRAFT
    assert PublicationFiring.objects.count() == 0


def test_the_workflow_from_draft_to_unpublished(centre, author, mailed):
    publication = PublicationFactory(centre=centre)

    publication_submit(publication=publication, actor=author, now=NOW)
    publication_return(publication=publication, actor=author, now=NOW)
    publication_submit(publication=publication, actor=author, now=NOW)
    publication_publish(publication=publication, actor=author, now=NOW)
    publication_unpublish(publication=publication, actor=author, now=NOW)

    publication.refresh_from_db()
    assert publication.state == State.UNPUBLISHED
    assert publication.published_at == NOW
    assert mailed == [publication.pk]
    states = [e.changes["state"] for e in AuditEvent.objects.order_by("pk")]
    assert states == [
        ["draft", "review"], ["review", "draft"], ["draft", "review"],
        ["review", "published"], ["published", "unpublished"],
    ]  # fmt: skip


def test_publishing_again_after_taking_it_off_sends_nothing_twice(centre, author, mailed):
    publication = PublicationFactory(centre=centre, state=State.REVIEW)
    publication_publish(publication=publication, actor=author, now=NOW)
    publication_unpublish(publication=publication, actor=author, now=NOW)

    publication_publish(publication=publication, actor=author, now=NOW + dt.timedelta(hours=1))

    publication.refresh_from_db()
    assert publication.published_at == NOW  # the first publishing stays the date
    assert mailed == [publication.pk]
    actions = set(PublicationFiring.objects.values_list("action", flat=True))
    assert actions == {"feed", "mail"}


def test_scheduling_needs_a_time_ahead(centre, author):
    publication = PublicationFactory(centre=centre, state=State.REVIEW)

    with pytest.raises(ValidationError) as error:
        publication_schedule(publication=publication, actor=author, publish_at=NOW, now=NOW)

    assert error.value.message_dict["publish_at"] == [
        "Вкажіть час у майбутньому або опублікуйте зараз."
    ]


def test_a_scheduled_publication_goes_out_on_time_once(centre, author, mailed):
    publication = PublicationFactory(centre=centre, state=State.REVIEW)
    at = NOW + dt.timedelta(hours=2)
    publication_schedule(publication=publication, actor=author, publish_at=at, now=NOW)

    early = publications_publish_due(now=at - dt.timedelta(minutes=1))
    on_time = publications_publish_due(now=at)
    again = publications_publish_due(now=at + dt.timedelta(minutes=1))

    publication.refresh_from_db()
    assert (early.published, early.fired) == (0, 0)
    assert (on_time.published, on_time.fired) == (1, 2)
    assert (again.published, again.fired) == (0, 0)
    assert (publication.state, publication.published_at) == (State.PUBLISHED, at)
    assert mailed == [publication.pk]


def test_a_press_release_under_embargo_fires_nothing_until_the_embargo_ends(centre, author, mailed):
    embargo = NOW + dt.timedelta(hours=3)
    release = PublicationFactory(
        centre=centre,
        kind=PublicationKind.PRESS_RELEASE,
        state=State.REVIEW,
        embargo_until=embargo,
    )

    publication_publish(publication=release, actor=author, now=NOW)
    before = publications_publish_due(now=embargo - dt.timedelta(seconds=1))
    after = publications_publish_due(now=embargo)

    assert before.fired == 0
    assert after.fired == 2
    assert mailed == [release.pk]


def test_a_failing_action_is_tried_again_by_the_next_run_and_the_others_stay_once(
    centre, author, mailed
):
    attempts: list[int] = []

    def social(publication):
        attempts.append(publication.pk)
        if len(attempts) == 1:
            raise ConnectionError("Telegram недоступний")

    register_firing_action("social", social, order=30)
    try:
        publication = PublicationFactory(centre=centre, state=State.REVIEW)
        publication_publish(publication=publication, actor=author, now=NOW)
        retry = publications_publish_due(now=NOW + dt.timedelta(minutes=1))
    finally:
        unregister_firing_action("social")

    assert attempts == [publication.pk, publication.pk]
    assert retry.fired == 1
    assert mailed == [publication.pk]
    assert PublicationFiring.objects.filter(publication=publication).count() == 3


def test_an_action_registered_later_does_not_fire_for_old_news(centre, author):
    old = PublicationFactory(
        centre=centre, state=State.PUBLISHED, published_at=NOW - dt.timedelta(days=30)
    )
    calls: list[int] = []
    with only_firing_actions({"press": lambda p: calls.append(p.pk)}):
        report = publications_publish_due(now=NOW)

    assert report.fired == 0
    assert calls == []
    assert not PublicationFiring.objects.filter(publication=old).exists()
