"""The demo's year of findings and decisions: every state of a decision, open findings in and
past their term, one closed with a reason — loaded once."""

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.decisions.choices import DecisionState, FindingState
from vidhuk.decisions.models import Decision, DecisionEvent, Evidence, Finding
from vidhuk.decisions.seed import seed_decisions


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False)


def test_the_demo_has_a_decision_in_every_state_and_loads_once(centre):
    MembershipFactory(centre=centre, role=Role.HEAD)
    for _ in range(4):
        AppealFactory(centre=centre)

    first = seed_decisions(centre=centre, offices={})
    second = seed_decisions(centre=centre, offices={})

    assert (first, second) == (12, 0)
    assert set(Decision.objects.values_list("state", flat=True)) == set(DecisionState.values)
    assert DecisionEvent.objects.filter(
        from_state=DecisionState.DONE, to_state=DecisionState.IN_PROGRESS
    ).exists()
    states = list(Finding.objects.values_list("state", flat=True))
    assert set(states) == set(FindingState.values)
    today = dt.date(2026, 12, 1)
    open_findings = Finding.objects.filter(state=FindingState.OPEN)
    assert {f.is_overdue_on(today) for f in open_findings} == {True, False}
    assert Evidence.objects.filter(source="appeal").count() > 0
    assert min(Finding.objects.values_list("opened_on", flat=True)) < today - dt.timedelta(300)
