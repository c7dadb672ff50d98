"""Factories of events and registrations (the events part's tests)."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from vidhuk.communications.models import Event, EventRegistration, RegistrationState
from vidhuk.core.tests.factories import CentreFactory
from vidhuk.core.tokens import token_new

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=KYIV)  # Monday morning, tests are frozen here
STARTS = dt.datetime(2027, 3, 10, 18, 0, tzinfo=KYIV)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    centre = factory.SubFactory(CentreFactory)
    title = "Громадські слухання щодо графіка роботи ЦНАП"
    starts_at = STARTS
    ends_at = STARTS + dt.timedelta(hours=2)
    place = "Зала засідань, вул. Соборна, 1"
    capacity = 50


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    centre = factory.SelfAttribute("event.centre")
    name = factory.Sequence(lambda n: f"Мешканка {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    state = RegistrationState.CONFIRMED
    token = factory.LazyFunction(token_new)
