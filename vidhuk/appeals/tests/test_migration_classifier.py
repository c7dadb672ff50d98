"""Upgrading to the amended classifier (decision 0008) loses nothing: appeals in every state keep
their card, hotline appeals move to the telephone form of receipt, the rest keep theirs, and every
card gains an empty result of consideration for staff to fill in."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("appeals", "0005_decision_updates_consent")]
AFTER = [("appeals", "0006_classifier_telephone_and_result")]
RECEIVED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
# (status, channel, receipt form) — one appeal in each state the card can be in.
CASES = [
    ("registered", "web", "post"),
    ("in_progress", "hotline", "personal_reception"),
    ("answered", "hotline", "personal_reception"),
    ("closed", "reception", "personal_reception"),
    ("returned_noncompliant", "post", "post"),
    ("forwarded", "book", "personal_reception"),
    ("not_considered", "social", "media"),
]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _cards_before_the_upgrade(apps) -> None:  # type: ignore[no-untyped-def]
    centre = apps.get_model("core", "Centre").objects.create(
        slug="verbivka",
        name="ЦНАП Вербівки",
        hromada="Вербівська",
        oblast="UA32",
        address="вул. Миру, 1",
    )
    Appeal = apps.get_model("appeals", "Appeal")
    for number, (status, channel, receipt_form) in enumerate(CASES, start=1):
        Appeal.objects.create(
            centre=centre,
            registration_year=2026,
            registration_number=number,
            registration_index=f"Ш-{number}/2026",
            kind="complaint",
            channel=channel,
            receipt_form=receipt_form,
            document_type="oral" if channel == "hotline" else "letter",
            received_at=RECEIVED,
            tracker_token_hash=f"hash-{number}",
            full_name="Шевченко Марія Петрівна",
            address="м. Вербівка, вул. Садова, 5",
            text=f"Звернення у стані {status}",
            status=status,
            answer_text="Пандус буде встановлено." if status in {"answered", "closed"} else "",
            answered_at=RECEIVED if status in {"answered", "closed"} else None,
            closed_at=RECEIVED if status == "closed" else None,
        )


@pytest.mark.django_db(transaction=True)
def test_cards_in_every_state_survive_the_classifier_upgrade_and_its_undoing():
    executor = _executor()
    executor.migrate(BEFORE)
    _cards_before_the_upgrade(executor.loader.project_state(BEFORE).apps)

    executor = _executor()
    executor.migrate(AFTER)
    Appeal = executor.loader.project_state(AFTER).apps.get_model("appeals", "Appeal")
    after = {
        row["registration_number"]: row
        for row in Appeal.objects.values(
            "registration_number", "status", "receipt_form", "result", "text", "answer_text"
        )
    }
    assert [after[n]["status"] for n in sorted(after)] == [case[0] for case in CASES]
    assert [after[n]["receipt_form"] for n in sorted(after)] == [
        "post",
        "telephone",
        "telephone",
        "personal_reception",
        "post",
        "personal_reception",
        "media",
    ]
    assert {row["result"] for row in after.values()} == {""}
    assert after[3]["answer_text"] == "Пандус буде встановлено."
    assert after[7]["text"] == "Звернення у стані not_considered"

    executor = _executor()
    executor.migrate(BEFORE)
    Appeal = executor.loader.project_state(BEFORE).apps.get_model("appeals", "Appeal")
    assert sorted(Appeal.objects.values_list("receipt_form", flat=True)) == sorted(
        case[2] for case in CASES
    )

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
