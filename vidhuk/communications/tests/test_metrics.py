"""Channel analysis (issue 13, point 9): the plan's reach per channel and subscribers per topic,
registered as metrics for analytics."""

import datetime as dt

import pytest

from vidhuk.communications.models import PlanMeasure, Subscriber, Subscription
from vidhuk.core.metrics import metrics

from .publication_factories import TopicFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _metric(key):
    return next(metric for metric in metrics() if metric.key == key)


def test_the_plans_reach_is_summed_per_channel(centre):
    for channel, reach, due in [("Сайт", 900, dt.date(2026, 6, 30)), ("Сайт", 100, None),
                                ("Радіо", 5000, dt.date(2026, 9, 30)),
                                ("Радіо", 7000, dt.date(2025, 9, 30))]:  # fmt: skip
        PlanMeasure.objects.create(
            centre=centre, block="Б", description="З", channel=channel, actual_reach=reach,
            due_on=due,
        )  # fmt: skip

    rows = _metric("communications.plan_reach").query(centre, START, END, ("channel",))

    assert list(rows) == [{"channel": "Радіо", "value": 5000}, {"channel": "Сайт", "value": 1000}]


def test_subscribers_are_counted_per_topic_only_when_confirmed(centre):
    topic = TopicFactory(centre=centre, name="Зміни в законодавстві")
    confirmed = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for email, confirmed_at in [("a@example.org", confirmed), ("b@example.org", confirmed),
                                ("c@example.org", None)]:  # fmt: skip
        subscriber = Subscriber.objects.create(
            centre=centre, email=email, confirmed_at=confirmed_at
        )
        Subscription.objects.create(subscriber=subscriber, topic=topic)

    rows = _metric("communications.subscribers").query(centre, START, END, ("topic",))

    assert list(rows) == [{"topic": "Зміни в законодавстві", "value": 2}]
