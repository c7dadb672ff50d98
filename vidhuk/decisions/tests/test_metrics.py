"""The loop's figures as analytics reads them from core's metrics registry (issue 12, point 7),
on the board of board_data: five findings opened in March and April, two decisions adopted on
20 March (one done on 20 April, one overdue since 29 May), one finding closed without action."""

from __future__ import annotations

import datetime as dt

import pytest

from vidhuk.core.metrics import metrics

from .board_data import board_fixture  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def figures(board, key: str, *by: str) -> list[dict]:
    (metric,) = [m for m in metrics() if m.key == key]
    return list(metric.query(board.centre, START, END, by))


def test_every_figure_of_the_loop_is_registered_for_analytics():
    keys = {m.key for m in metrics() if m.key.startswith("decisions.")}

    assert keys == {
        "decisions.findings",
        "decisions.findings_decided_in_term",
        "decisions.days_finding_to_decision",
        "decisions.days_decision_to_done",
        "decisions.days_finding_to_done",
        "decisions.overdue",
    }


def test_findings_by_source_count_each_finding_once_per_source(board):
    rows = figures(board, "decisions.findings", "source")

    assert rows == [
        {"source": None, "value": 3, "n": 3},
        {"source": "appeal", "value": 2, "n": 2},
    ]


def test_findings_by_state(board):
    rows = figures(board, "decisions.findings", "state")

    assert {row["state"]: row["value"] for row in rows} == {
        "decided": 2,
        "no_action": 1,
        "open": 2,
    }


def test_share_decided_within_the_term_per_office(board):
    total = figures(board, "decisions.findings_decided_in_term")
    by_office = figures(board, "decisions.findings_decided_in_term", "office")

    assert total == [{"value": 60.0, "n": 5}]
    assert {row["office"]: row["value"] for row in by_office} == {
        None: 50.0,
        "luhove": 100.0,
        "main": 50.0,
    }


@pytest.mark.parametrize(
    ("key", "median"),
    [
        pytest.param("decisions.days_finding_to_decision", 18, id="finding-to-decision"),
        pytest.param("decisions.days_decision_to_done", 31, id="decision-to-done"),
        pytest.param("decisions.days_finding_to_done", 49, id="finding-to-done"),
    ],
)
def test_median_days_along_the_loop(board, key, median):
    assert figures(board, key) == [{"value": median, "n": 1 if "done" in key else 3}]


def test_decisions_overdue_per_office(board):
    assert figures(board, "decisions.overdue", "office") == [{"office": "main", "value": 1, "n": 1}]
