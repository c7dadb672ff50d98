"""The demo queue: realistic past days, loaded once."""

import datetime as dt

import pytest

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import Window
from vidhuk.demo.queue import seed_queue
from vidhuk.queue.models import Ticket
from vidhuk.queue.selectors.figures import queue_figures
from vidhuk.queue.tests.factories import open_office

pytestmark = pytest.mark.django_db


def test_the_demo_queue_is_loaded_once_and_gives_figures(centre):
    office = open_office(centre, slug="main")
    service = ServiceFactory(centre=centre)
    service.offices.add(office)
    Window.objects.create(centre=centre, office=office, number="1").services.set([service])

    added = seed_queue(centre, today=dt.date(2026, 3, 5))
    again = seed_queue(centre, today=dt.date(2026, 3, 5))

    assert added > 60
    assert again == 0
    assert Ticket.objects.count() == added
    days = sorted(set(Ticket.objects.values_list("day", flat=True)))
    assert days == [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)]
    figures = queue_figures(centre=centre, date_from=days[0], date_to=days[-1])
    assert 0 < figures.overall.wait_median < figures.overall.wait_p90
    assert 1 < figures.overall.service_median < 20
    assert figures.booked.tickets > 0
    assert figures.overall.no_shows > 0


def test_an_office_without_windows_gets_one(centre):
    office = open_office(centre, slug="main")

    seed_queue(centre, today=dt.date(2026, 3, 5))

    assert list(Window.objects.filter(office=office).values_list("number", flat=True)) == ["1"]
    assert Ticket.objects.filter(office=office).exists()
