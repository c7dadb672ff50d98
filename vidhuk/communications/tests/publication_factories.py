"""Topics and publications for tests, made directly (no service), so a test states exactly the
state it starts from."""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import factory

from vidhuk.core.tests.factories import CentreFactory

from ..firing import firing_actions, register_firing_action, unregister_firing_action
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


@contextmanager
def only_firing_actions(actions: dict[str, Callable]) -> Iterator[None]:
    """Publishing fires the feed and ``actions`` only (stand-ins in place of the other parts'
    mail, social and press actions, which their own tests cover); every registered action is
    back afterwards."""
    saved = firing_actions()
    for entry in saved:
        if entry.action != "feed":
            unregister_firing_action(entry.action)
    for order, (action, func) in enumerate(actions.items(), start=20):
        register_firing_action(action, func, order=order)
    try:
        yield
    finally:
        for entry in firing_actions():
            unregister_firing_action(entry.action)
        for entry in saved:
            register_firing_action(entry.action, entry.func, order=entry.order)
