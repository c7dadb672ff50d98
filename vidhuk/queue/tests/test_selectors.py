"""The estimated wait and the figures, computed on hand-made tickets with known answers."""

import datetime as dt

import pytest

from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.selectors.figures import percentile, queue_figures
from vidhuk.queue.selectors.waits import (
    wait_estimate,
    wait_estimates_by_purpose,
    wait_times_for_centre,
)

from .factories import KYIV, NOW, TicketFactory, served, window

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 2, 23, 9, 0, tzinfo=KYIV)
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        pytest.param([2, 4, 6, 8], 5, 7.4, id="even"),
        pytest.param([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9.1, id="ten"),
        pytest.param([7], 7, 7, id="one"),
        pytest.param([30, 10, 20], 20, 28, id="unsorted"),
    ],
)
def test_percentiles_interpolate_between_neighbours(values, median, p90):
    assert percentile(values, 0.5) == pytest.approx(median)
    assert percentile(values, 0.9) == pytest.approx(p90)


def test_no_values_have_no_percentile():
    assert percentile([], 0.5) is None


@pytest.fixture
def history(office, passport, land):
    """Monday 09:xx: passport waits 4, 8, 12, 16 min and services 10, 12, 20, 30 min;
    Tuesday 14:xx: land waits 2 and 6, services 5 and 7; one no-show and one booked visit."""
    for minutes, wait, service in [(0, 4, 10), (10, 8, 12), (20, 12, 20), (30, 16, 30)]:
        served(
            office,
            issued=MONDAY + dt.timedelta(minutes=minutes),
            wait=wait,
            service_minutes=service,
            service=passport,
        )
    afternoon = TUESDAY.replace(hour=14)
    served(office, issued=afternoon, wait=2, service_minutes=5, service=land)
    # Came 30 min early for a 14:40 booking, called at 14:43: waited 3 min, not 33.
    served(
        office,
        issued=afternoon + dt.timedelta(minutes=10),
        wait=33,
        service_minutes=7,
        service=land,
        is_booked=True,
        letter="З",
        turn_at=afternoon + dt.timedelta(minutes=40),
    )
    TicketFactory(
        office=office,
        day=TUESDAY.date(),
        issued_at=afternoon,
        status=TicketStatus.NO_SHOW,
        called_at=afternoon + dt.timedelta(minutes=6),
        last_called_at=afternoon + dt.timedelta(minutes=6),
        finished_at=afternoon + dt.timedelta(minutes=8),
        service=land,
    )


def _figures(centre):
    return queue_figures(centre=centre, date_from=MONDAY.date(), date_to=TUESDAY.date())


def test_figures_by_service(centre, history, passport, land):
    by_service = {row.label: row for row in _figures(centre).by_service}

    passport_row, land_row = by_service[passport.name], by_service[land.name]
    assert (passport_row.tickets, passport_row.served, passport_row.no_shows) == (4, 4, 0)
    assert passport_row.wait_median == pytest.approx(10)
    assert passport_row.wait_p90 == pytest.approx(14.8)
    assert passport_row.service_median == pytest.approx(16)
    assert passport_row.service_p90 == pytest.approx(27)
    assert (land_row.tickets, land_row.served, land_row.no_shows) == (3, 2, 1)
    assert sorted(land_row.waits) == pytest.approx([2, 3, 6])
    assert land_row.service_median == pytest.approx(6)


def test_figures_by_hour_weekday_and_overall(centre, history):
    figures = _figures(centre)

    assert [(row.label, row.tickets) for row in figures.by_hour] == [
        ("09:00–10:00", 4),
        ("14:00–15:00", 3),
    ]
    assert [(row.label, row.tickets) for row in figures.by_weekday] == [
        ("Понеділок", 4),
        ("Вівторок", 3),
    ]
    # All waits: 4, 8, 12, 16, 2, 3, 6 → median 6, p90 13.6.
    assert figures.overall.wait_median == pytest.approx(6)
    assert figures.overall.wait_p90 == pytest.approx(13.6)
    assert figures.no_show_share == pytest.approx(100 / 7)


def test_booked_against_walk_in(centre, history):
    figures = _figures(centre)

    assert (figures.booked.tickets, figures.walk_in.tickets) == (1, 6)
    assert figures.booked.wait_median == pytest.approx(3)


def test_figures_of_one_office_only(centre, history):
    from .factories import open_office

    other = open_office(centre, slug="luhove")
    served(other, issued=MONDAY, wait=50, service_minutes=5)

    figures = queue_figures(
        centre=centre, date_from=MONDAY.date(), date_to=TUESDAY.date(), office=other
    )

    assert figures.overall.tickets == 1
    assert figures.overall.wait_median == pytest.approx(50)


def test_figures_never_include_another_centre(centre, other_centre, history):
    from .factories import open_office

    served(open_office(other_centre), issued=MONDAY, wait=99, service_minutes=5)

    assert _figures(centre).overall.tickets == 7


# --- the estimated wait ----------------------------------------------------------------------


def test_the_estimate_uses_the_recent_median_and_the_windows(office, passport, now):
    # Five recent visits of 6, 8, 10, 12, 14 minutes: median 10.
    for index, minutes in enumerate([6, 8, 10, 12, 14]):
        served(
            office,
            issued=NOW - dt.timedelta(days=1, minutes=60 - index),
            wait=1,
            service_minutes=minutes,
            service=passport,
        )
    for _n in range(3):
        TicketFactory(office=office, day=NOW.date(), issued_at=NOW, purpose=Purpose.SUBMIT)
    window(office, "1")
    window(office, "2")

    estimate = wait_estimate(office=office, purpose=Purpose.SUBMIT)

    # 3 people × 10 min ÷ 2 windows = 15 min.
    assert (estimate.waiting, estimate.minutes) == (3, 15)


def test_a_new_queue_assumes_ten_minutes_a_visit(office, now):
    window(office, "1")
    TicketFactory(office=office, day=NOW.date(), issued_at=NOW, purpose=Purpose.COLLECT)

    estimate = wait_estimate(office=office, purpose=Purpose.COLLECT)

    assert (estimate.waiting, estimate.minutes) == (1, 10)


def test_the_estimate_of_a_service_counts_only_windows_serving_it(office, passport, land, now):
    window(office, "1", services=[land])
    window(office, "2", services=[passport])
    window(office, "3")  # handles everything
    for _n in range(4):
        TicketFactory(office=office, day=NOW.date(), issued_at=NOW, service=passport)

    estimate = wait_estimate(office=office, service=passport)

    # 4 × 10 min ÷ 2 windows (2 and 3).
    assert (estimate.waiting, estimate.minutes) == (4, 20)


def test_the_kiosks_three_estimates_at_once_are_each_purposes_own(
    office, passport, now, django_assert_max_num_queries
):
    # Submissions: 60 recent visits (more than the sample of 50), the oldest ones long; results:
    # 6 visits; consultations: only 2, so their estimate falls back on the office's recent visits.
    for n in range(60):
        served(
            office,
            issued=NOW - dt.timedelta(hours=2 + n),
            wait=1,
            service_minutes=30 if n >= 50 else 4 + n % 5,
            purpose=Purpose.SUBMIT,
        )
    for n in range(6):
        served(
            office,
            issued=NOW - dt.timedelta(hours=3, minutes=7 * n),
            wait=2,
            service_minutes=20 + n,
            purpose=Purpose.COLLECT,
        )
    for n in range(2):
        served(
            office,
            issued=NOW - dt.timedelta(minutes=90 + 11 * n),
            wait=1,
            service_minutes=45,
            purpose=Purpose.CONSULTATION,
        )
    served(
        office,
        issued=NOW - dt.timedelta(days=20),
        wait=1,
        service_minutes=300,
        purpose=Purpose.COLLECT,
    )  # outside the 14 days
    for purpose, count in [(Purpose.SUBMIT, 7), (Purpose.COLLECT, 3), (Purpose.CONSULTATION, 2)]:
        for _n in range(count):
            TicketFactory(office=office, day=NOW.date(), issued_at=NOW, purpose=purpose)
    window(office, "1")
    window(office, "2")
    one_by_one = {p: wait_estimate(office=office, purpose=p) for p in Purpose.values}

    with django_assert_max_num_queries(3):
        at_once = wait_estimates_by_purpose(office=office)

    assert at_once == one_by_one
    # 7 × median 6 ÷ 2; 3 × 22.5 ÷ 2; 2 × the office's recent median (6) ÷ 2.
    assert [(e.waiting, e.minutes) for e in at_once.values()] == [(2, 6), (7, 21), (3, 34)]


def test_the_centres_wait_times_list_offices_with_a_queue(centre, office, now):
    from .factories import open_office

    open_office(centre, slug="no-windows")
    window(office, "1")

    waits = wait_times_for_centre(centre=centre)

    assert [item.office for item in waits] == [office]
    assert waits[0].is_open is True
    assert [e.label for e in waits[0].estimates] == [
        "Консультація",
        "Подати документи",
        "Отримати результат",
    ]
