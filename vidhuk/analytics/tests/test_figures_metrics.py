"""The metrics surveys, the queue and bookings register for analytics, read as analytics reads
them (figure_table): the national scale and loyalty index of КМУ №864, waiting minutes by hour,
bookings and no-shows — with labels, and split by what visitors stated."""

import datetime as dt

import pytest

from vidhuk.analytics.figures import figure_table
from vidhuk.analytics.periods import quarter_bounds
from vidhuk.surveys.tests.factories import standard  # noqa: F401 — a fixture

from .dashboard_seed import TODAY, seed_dashboard

pytestmark = pytest.mark.django_db
Q3 = quarter_bounds(2026, 3)


@pytest.fixture
def seeded(centre, standard, time_machine):  # noqa: F811
    time_machine.move_to(TODAY, tick=False)
    return seed_dashboard(centre, standard)


def _table(centre, key, by=(), public=False, period=Q3):
    return figure_table(
        centre=centre, key=key, start=period[0], end=period[1], by=by, public=public
    )


def _by_label(table, name):
    return {row.labels[name]: (row.value, row.n) for row in table.rows}


def test_the_loyalty_index_is_promoters_minus_detractors(centre, seeded):
    table = _table(centre, "survey_loyalty_index", by=("sex",))

    # 10 promoters, 5 detractors of 20: +25. The 3 men gave 10, 10, 10.
    assert (table.total, table.total_n) == (25.0, 20)
    assert _by_label(table, "sex") == {
        "жінки": (round(100 * 2 / 17, 1), 17),
        "чоловіки": (100.0, 3),
    }


def test_the_national_scale_counts_each_level_and_the_share_satisfied(centre, seeded):
    scale = _table(centre, "survey_rating_scale", by=("result",))
    satisfied = _table(centre, "survey_satisfaction")

    assert _by_label(scale, "result") == {
        "чудово": (12, None), "добре": (4, None), "прийнятно": (2, None), "жахливо": (2, None),
    }  # fmt: skip
    assert (satisfied.total, satisfied.total_n) == (80.0, 20)


def test_the_share_satisfied_per_indicator_counts_ratings_of_four_and_five(centre, seeded):
    table = _table(centre, "survey_indicators", by=("question",))

    assert _by_label(table, "question") == {"Ввічливість працівників (1–5)": (75.0, 20)}


def test_a_share_by_sex_hides_the_three_men_and_their_complement_publicly(centre, seeded):
    table = _table(centre, "survey_satisfaction", by=("sex",), public=True)

    assert _by_label(table, "sex") == {"жінки": (None, None), "чоловіки": (None, None)}
    assert table.total == 80.0


def test_waiting_minutes_by_hour_and_office(centre, seeded):
    main, remote = seeded
    by_hour = _table(centre, "queue_wait_minutes", by=("hour",))
    by_office = _table(centre, "queue_service_minutes", by=("office",))

    assert _by_label(by_hour, "hour") == {"09:00–10:00": (10.0, 30), "14:00–15:00": (20.0, 3)}
    assert _by_label(by_office, "office") == {main.name: (5.0, 30), remote.name: (5.0, 3)}
    assert _table(centre, "queue_tickets", by=("weekday",)).rows[0].labels == {
        "weekday": "вівторок"
    }


def test_bookings_and_no_shows(centre, seeded):
    assert _table(centre, "bookings").total == 6
    assert _table(centre, "booking_no_shows").total == 2
    assert _table(centre, "booking_no_shows", public=True).withheld


def test_a_quarter_without_answers_has_no_figure_rather_than_zero(centre, seeded):
    table = _table(centre, "survey_satisfaction", period=quarter_bounds(2026, 1))

    assert (table.total, table.total_n) == (None, 0)


def test_the_mystery_score_of_a_quarter_without_reports(centre, seeded):
    table = _table(
        centre, "mystery_score", by=("office",), period=(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    )

    assert table.rows == []
    assert table.total is None


def test_appeals_by_sex_read_undisclosed_and_blank_as_not_stated_with_the_classifiers_labels(
    centre, time_machine
):
    from vidhuk.appeals.tests.factories import AppealFactory

    time_machine.move_to(TODAY, tick=False)
    received = dt.datetime(2026, 8, 4, 10, 0, tzinfo=dt.UTC)
    for sex, count in [("female", 6), ("undisclosed", 2), ("", 3)]:
        AppealFactory.create_batch(count, centre=centre, sex=sex, received_at=received)

    by_sex = _table(centre, "appeals.received", by=("sex",))
    by_kind = _table(centre, "appeals.received", by=("kind",))

    assert _by_label(by_sex, "sex") == {"жінки": (6, None), "не зазначено": (5, None)}
    assert _by_label(by_kind, "kind") == {"Скарга": (11, None)}
