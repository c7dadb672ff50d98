"""Topics and publications for tests, made directly (no service), so a test states exactly the
state it starts from."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from vidhuk.core.tests.factories import CentreFactory

from ..models import Publication, PublicationKind, PublicationState, Topic

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=KYIV)  # a Monday


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Тема {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    kind = PublicationKind.NEWS
    title = factory.Sequence(lambda n: f"Новий графік роботи віддаленого місця №{n}")
    lead = "З понеділка віддалене робоче місце в Луговому працює до 18:00."
    body = "<p>Графік змінено на прохання мешканців.</p>"
    slug = factory.Sequence(lambda n: f"novyna-{n}")
    state = PublicationState.DRAFT

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)


def published(**kwargs):
    """A publication residents see: published an hour before NOW."""
    kwargs.setdefault("published_at", NOW - dt.timedelta(hours=1))
    return PublicationFactory(state=PublicationState.PUBLISHED, **kwargs)
