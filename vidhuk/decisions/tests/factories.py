"""Findings and decisions for tests. The rows are made directly (no service), so a test states
exactly the state it starts from."""

import datetime as dt

import factory

from vidhuk.core.tests.factories import CentreFactory

from ..choices import DecisionKind, DecisionState, FindingState
from ..models import Decision, Evidence, Finding, Milestone


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    centre = factory.SubFactory(CentreFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Мало місць для очікування №{n}")
    summary = "Мешканці пишуть, що в залі очікування бракує місць: 14 звернень за березень."
    topic = "Місця очікування"
    state = FindingState.OPEN
    opened_on = dt.date(2026, 3, 2)
    due_on = dt.date(2026, 4, 13)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    finding = factory.SubFactory(FindingFactory)
    centre = factory.SelfAttribute("finding.centre")
    source = "appeal"
    object_id = factory.Sequence(lambda n: str(n + 1))
    label = factory.Sequence(lambda n: f"Звернення № 2026-{n + 1:04d}")
    channel = "online"
    occurred_on = dt.date(2026, 3, 1)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    centre = factory.SubFactory(CentreFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = DecisionKind.HEAD_ORDER
    title = factory.Sequence(lambda n: f"Додати лави в зал очікування №{n}")
    order_number = "45-р"
    order_date = dt.date(2026, 3, 10)
    signed_by = "Керівник ЦНАП"
    owner_unit = "Відділ «ЦНАП»"
    due_on = dt.date(2026, 5, 29)
    state = DecisionState.DRAFT


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    decision = factory.SubFactory(DecisionFactory)
    title = factory.Sequence(lambda n: f"Етап №{n}")
    planned_on = dt.date(2026, 4, 15)
    weight = 1
    position = factory.Sequence(lambda n: n)
