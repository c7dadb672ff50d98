"""Two schedulers at once (two servers' timers, or a timer and the daily job) publish a
scheduled publication once and fire each action once — on PostgreSQL, each in its own thread
and connection, released together by a barrier."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from ..models import PublicationFiring, PublicationState
from ..services.publications import publications_publish_due
from .publication_factories import NOW, PublicationFactory, only_firing_actions

SCHEDULERS = 4
PUBLICATIONS = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_fire_each_action_exactly_once(centre):
    assert connection.vendor == "postgresql"
    publications = [
        PublicationFactory(
            centre=centre,
            state=PublicationState.SCHEDULED,
            publish_at=NOW - dt.timedelta(minutes=1),
        )
        for _ in range(PUBLICATIONS)
    ]
    calls: list[int] = []
    lock = threading.Lock()

    def mail(publication):
        with lock:
            calls.append(publication.pk)

    barrier = threading.Barrier(SCHEDULERS)
    reports = []

    def run() -> None:
        try:
            barrier.wait()
            report = publications_publish_due(now=NOW)
            with lock:
                reports.append(report)
        finally:
            connections.close_all()

    with only_firing_actions({"mail": mail}):
        threads = [threading.Thread(target=run) for _ in range(SCHEDULERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(calls) == sorted(p.pk for p in publications)
    assert sum(r.published for r in reports) == PUBLICATIONS
    assert sum(r.fired for r in reports) == 2 * PUBLICATIONS
    assert PublicationFiring.objects.count() == 2 * PUBLICATIONS
