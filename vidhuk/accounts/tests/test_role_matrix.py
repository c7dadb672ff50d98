"""The role matrix, pinned: which capabilities each role holds by default.

Each app registers its capabilities and their default roles in its own `extensions.py`; this test
pins the matrix those registrations add up to, so moving a registration never changes who may do
what without this file changing too.
"""

import pytest

from vidhuk.accounts.permissions import role_capabilities

MATRIX = {
    "head": {
        "analytics.provisions", "analytics.publish", "analytics.view", "opendata.publish",
        "appeals.assign", "appeals.manage", "appeals.read", "appeals.register", "appeals.work",
        "appointments.book", "audit.read", "catalog.edit", "centre.edit",
        "communications.checkin", "communications.mail", "communications.publish",
        "communications.read", "decisions.adopt",
        "decisions.edit", "decisions.read", "mystery.review",
        "offices.edit", "queue.figures", "queue.operate", "staff.manage", "surveys.edit",
        "surveys.enter", "surveys.moderate", "surveys.results",
    },
    "administrator": {
        "analytics.provisions", "analytics.view", "opendata.publish",
        "appeals.read", "appeals.register", "appeals.work", "appointments.book", "catalog.edit",
        "communications.checkin", "communications.read", "decisions.read", "offices.edit",
        "queue.figures", "queue.operate", "surveys.enter", "surveys.results",
    },
    "hotline_operator": {
        "appeals.read", "appeals.register", "appointments.book", "queue.operate", "surveys.enter",
    },
    "communications": {
        "analytics.view",
        "appeals.assign", "appeals.read", "appeals.register", "appeals.work", "catalog.edit",
        "communications.checkin", "communications.mail", "communications.publish",
        "communications.read", "decisions.edit", "decisions.read", "mystery.review",
        "surveys.edit", "surveys.enter", "surveys.moderate", "surveys.results",
    },
    "analyst": {
        "analytics.view", "communications.read", "decisions.read", "queue.figures",
        "surveys.results",
    },
    "evaluator": {"mystery.file"},
}  # fmt: skip


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_holds_exactly_its_capabilities(role):
    assert set(role_capabilities()[role]) == MATRIX[role]


def test_no_other_role_holds_anything():
    assert set(role_capabilities()) == set(MATRIX)
