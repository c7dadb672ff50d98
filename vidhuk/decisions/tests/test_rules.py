"""Rules propose findings once a day — complaints piling up about one office in a month, a
survey rating under the threshold two months running, a mystery criterion failing twice — each
with its evidence attached, and never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.dailyjobs import DailyRun
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.decisions.models import DecisionsSettings, Finding
from vidhuk.decisions.rules import rules_run
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit
from vidhuk.surveys.choices import Channel, QuestionnaireKind, QuestionType
from vidhuk.surveys.models import Answer
from vidhuk.surveys.tests.factories import QuestionFactory, ResponseFactory

TODAY = dt.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 3, 8, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre, name="Старостат у Луговому")


def _run(centre) -> str:
    return rules_run(DailyRun(today=TODAY, centre=centre))


def _received(day: int) -> dt.datetime:
    return dt.datetime(2026, 2, day, 10, tzinfo=timezone.get_current_timezone())


def test_five_complaints_about_one_office_in_a_month_propose_one_finding_once(centre, office):
    complaints = [
        AppealFactory(centre=centre, office=office, received_at=_received(day))
        for day in (2, 5, 9, 16, 23)
    ]
    AppealFactory(centre=centre, office=office, kind=Kind.THANKS, received_at=_received(4))

    first, second = _run(centre), _run(centre)

    finding = Finding.objects.get()
    assert (first, second) == ("findings proposed: 1", "findings proposed: 0")
    assert finding.proposed_by_rule == f"complaints:office:{office.pk}:2026-02"
    assert finding.title == "Скарги за 02.2026 (5): Старостат у Луговому"
    assert list(finding.offices.all()) == [office]
    assert sorted(int(e.object_id) for e in finding.evidence.all()) == sorted(
        c.pk for c in complaints
    )
    assert finding.summary.startswith("Мешканці говорили про це 5 раз(и)")


def test_four_complaints_propose_nothing(centre, office):
    for day in (2, 5, 9, 16):
        AppealFactory(centre=centre, office=office, received_at=_received(day))

    assert _run(centre) == "findings proposed: 0"
    assert Finding.objects.count() == 0


def test_rules_switched_off_propose_nothing(centre, office):
    DecisionsSettings.objects.create(centre=centre, rules_enabled=False)
    for day in (2, 5, 9, 16, 23):
        AppealFactory(centre=centre, office=office, received_at=_received(day))

    assert _run(centre) == "rules off"
    assert Finding.objects.count() == 0


def _ratings(centre, office, by_month: dict[dt.date, list[int]]):
    question = QuestionFactory(
        code="seats", text_uk="Місця очікування", section__version__questionnaire__centre=centre
    )
    for day, values in by_month.items():
        for value in values:
            response = ResponseFactory(version=question.version, office=office, submitted_on=day)
            Answer.objects.create(response=response, question=question, number=value)
    return question


def test_a_rating_under_the_threshold_two_months_running_is_proposed_once(centre, office):
    DecisionsSettings.objects.create(centre=centre, rule_indicator_threshold=Decimal("3.5"))
    _ratings(
        centre,
        office,
        {dt.date(2026, 1, 14): [3, 3, 2, 3, 3], dt.date(2026, 2, 11): [3, 2, 3, 3, 4]},
    )

    first, second = _run(centre), _run(centre)

    finding = Finding.objects.get()
    assert (first, second) == ("findings proposed: 1", "findings proposed: 0")
    assert finding.title == "Оцінка «Місця очікування» нижче 3,5 два місяці поспіль"
    figures = [e.figure for e in finding.evidence.order_by("occurred_on")]
    assert [(f["period_from"], f["value"], f["n"]) for f in figures] == [
        ("2026-01-01", 2.8, 5),
        ("2026-02-01", 3.0, 5),
    ]


@pytest.mark.parametrize(
    "by_month",
    [
        pytest.param(
            {dt.date(2026, 1, 14): [3, 3, 2, 3, 3], dt.date(2026, 2, 11): [4, 4, 5, 4, 4]},
            id="recovered-in-the-second-month",
        ),
        pytest.param(
            {dt.date(2026, 1, 14): [3, 3, 2, 3, 3], dt.date(2026, 2, 11): [1, 2, 1, 2]},
            id="second-month-from-fewer-than-five",
        ),
    ],
)
def test_a_rating_not_low_two_full_months_is_not_proposed(centre, office, by_month):
    DecisionsSettings.objects.create(centre=centre, rule_indicator_threshold=Decimal("3.5"))
    _ratings(centre, office, by_month)

    assert _run(centre) == "findings proposed: 0"


def _mystery_report(centre, office, question, *, day: int, answer: str) -> MysteryVisit:
    response = ResponseFactory(
        version=question.version, office=office, channel=Channel.MYSTERY_SHOPPER
    )
    Answer.objects.create(response=response, question=question, choice=answer)
    return MysteryVisit.objects.create(
        centre=centre,
        version=question.version,
        evaluator=UserFactory(),
        office=office,
        visited_at=_received(day),
        status=MysteryVisitStatus.ACCEPTED,
        response=response,
    )


def test_a_mystery_criterion_failing_twice_at_one_office_is_proposed_once(centre, office):
    ramp = QuestionFactory(
        code="ramp",
        type=QuestionType.YES_NO,
        text_uk="Чи є пандус біля входу?",
        section__version__questionnaire__centre=centre,
        section__version__questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER,
    )
    failed = [
        _mystery_report(centre, office, ramp, day=3, answer="no"),
        _mystery_report(centre, office, ramp, day=20, answer="no"),
    ]
    _mystery_report(centre, office, ramp, day=10, answer="yes")

    first, second = _run(centre), _run(centre)

    finding = Finding.objects.get()
    assert (first, second) == ("findings proposed: 1", "findings proposed: 0")
    assert finding.title == (
        "Критерій «Чи є пандус біля входу?» не виконано (звітів: 2): Старостат у Луговому"
    )
    assert sorted(e.object_id for e in finding.evidence.all()) == sorted(
        f"{visit.pk}:ramp" for visit in failed
    )
