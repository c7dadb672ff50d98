"""Scores over accepted mystery-shopper reports, checked against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from vidhuk.mystery.selectors import mystery_scores
from vidhuk.mystery.services import mystery_visit_accept
from vidhuk.mystery.tests import fixtures as fx

checklist = fx.checklist
evaluator = fx.evaluator
frozen_now = fx.frozen_now
main_office = fx.main_office
remote_office = fx.remote_office
media_root = fx.media_root
reviewer = fx.reviewer

pytestmark = pytest.mark.usefixtures("frozen_now", "media_root")

JANUARY = dt.datetime(2026, 1, 10, 11, 0, tzinfo=fx.KYIV)


@pytest.fixture
def reports(centre, evaluator, reviewer, checklist, main_office, remote_office):
    """Main office: 3 accepted; remote: 2 accepted in March and 1 in January; one more report
    only submitted (not counted).

    | report | office | yes/no answers        | ratings | ticket  | waited | served |
    | 1      | main   | 18 × так              | 5       | under_5 | 10     | 5      |
    | 2      | main   | 18 × так              | 4       | under_5 | 20     | 5      |
    | 3      | main   | 17 × так, greeting ні | 3       | under_5 | 60     | 15     |
    | 4      | remote | greeting так, 17 × ні | 2       | 5_15    | 4      | —      |
    | 5      | remote | 18 × ні               | 2       | 5_15    | 8      | 30     |
    | 6 Jan  | remote | 18 × ні               | 1       | over_60 | 100    | 40     |
    | 7 sub. | main   | 18 × так              | 5       | under_5 | 500    | 500    |
    """

    def accepted(office, answers, waited, served, visited_at=fx.VISIT_AT):
        visit = fx.file_report(
            centre=centre,
            evaluator=evaluator,
            version=checklist,
            office=office,
            answers=answers,
            minutes_waited=waited,
            minutes_served=served,
            visited_at=visited_at,
        )
        mystery_visit_accept(visit=visit, actor=reviewer)
        return visit

    accepted(main_office, fx.full_answers(rating="5"), 10, 5)
    accepted(main_office, fx.full_answers(rating="4"), 20, 5)
    accepted(main_office, fx.full_answers(rating="3", greeting="no"), 60, 15)
    accepted(
        remote_office,
        fx.full_answers(yes=False, rating="2", greeting="yes", minutes_to_ticket="5_15"),
        4,
        None,
    )
    accepted(remote_office, fx.full_answers(yes=False, rating="2", minutes_to_ticket="5_15"), 8, 30)
    accepted(
        remote_office,
        fx.full_answers(yes=False, rating="1", minutes_to_ticket="over_60"),
        100,
        40,
        visited_at=JANUARY,
    )
    fx.file_report(
        centre=centre,
        evaluator=evaluator,
        version=checklist,
        office=main_office,
        minutes_waited=500,
        minutes_served=500,
    )


def _criterion(scores, code):
    return next(c for c in scores.criteria if c.code == code)


def test_scores_per_office_in_the_period(centre, reports, main_office, remote_office):
    scores = mystery_scores(centre=centre, date_from=dt.date(2026, 3, 1))

    rows = [
        (o.office, o.reports, o.yes_share, o.mean_rating, o.median_waited, o.median_served)
        for o in scores.offices
    ]
    assert rows == [
        # 53 of 54 «так»; ratings 5, 4, 3; waited 10, 20, 60; served 5, 5, 15
        (main_office.name, 3, 98.1, 4.0, 20.0, 5.0),
        # 1 of 36 «так»; ratings 2, 2; waited 4, 8; served 30 (one not given)
        (remote_office.name, 2, 2.8, 2.0, 6.0, 30.0),
    ]
    total = scores.total
    assert (total.reports, total.yes_share, total.mean_rating) == (5, 60.0, 3.2)
    assert (total.median_waited, total.median_served) == (10.0, 10.0)


def test_scores_per_criterion_in_the_period(centre, reports):
    scores = mystery_scores(centre=centre, date_from=dt.date(2026, 3, 1))

    greeting = _criterion(scores, "greeting")
    overall = _criterion(scores, "overall")
    ticket = _criterion(scores, "minutes_to_ticket")
    assert (greeting.answered, greeting.yes_share) == (5, 60.0)
    assert (overall.answered, overall.mean) == (5, 3.2)
    assert [(s.label, s.count, s.percent) for s in ticket.distribution] == [
        ("Менше 5 хвилин", 3, 60.0),
        ("5–15 хвилин", 2, 40.0),
        ("15–30 хвилин", 0, 0.0),
        ("30–60 хвилин", 0, 0.0),
        ("Понад годину", 0, 0.0),
    ]
    assert "comments" not in {c.code for c in scores.criteria}


def test_without_a_period_every_accepted_report_counts(centre, reports, remote_office):
    scores = mystery_scores(centre=centre)

    remote = next(o for o in scores.offices if o.office == remote_office.name)
    assert (scores.reports, remote.reports, remote.median_waited) == (6, 3, 8.0)
    assert _criterion(scores, "overall").mean == 2.83  # (5+4+3+2+2+1) / 6


def test_the_period_ends_at_midnight_in_kyiv(centre, evaluator, reviewer, checklist, main_office):
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=fx.KYIV)  # 21:30 UTC, still 1 March here
    visit = fx.file_report(
        centre=centre, evaluator=evaluator, version=checklist, office=main_office, visited_at=late
    )
    mystery_visit_accept(visit=visit, actor=reviewer)

    on_the_day = mystery_scores(centre=centre, date_to=dt.date(2026, 3, 1))
    next_day = mystery_scores(centre=centre, date_from=dt.date(2026, 3, 2))

    assert (on_the_day.reports, next_day.reports) == (1, 0)


def test_scores_of_another_centre_are_not_mixed_in(centre, other_centre, reports):
    assert mystery_scores(centre=other_centre).reports == 0


def test_scores_take_a_fixed_number_of_queries(centre, reports, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        mystery_scores(centre=centre)
