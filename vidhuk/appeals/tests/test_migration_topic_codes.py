"""The card gains its questions' codes of Classifier №858, part II, and co-executors (decision
0008): cards in every state keep everything they had, each topic maps to its section's code, a
card without a topic stays unclassified, and undoing it clears the codes and nothing else."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vidhuk.appeals.choices import CLASSIFIER_TOPICS, TOPIC_CLASSIFIER_CODE

BEFORE = [("appeals", "0007_card_resolution")]
AFTER = [("appeals", "0008_card_executors_and_questions")]
RECEIVED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
# (status, topic, the code expected) — one card in each state, a topic of each group, none.
CASES = [
    ("registered", "land", "2"),
    ("in_progress", "social_protection", "6"),
    ("answered", "utilities", "9"),
    ("closed", "queue_booking", "21"),
    ("returned_noncompliant", "other", "25"),
    ("forwarded", "", ""),
    ("not_considered", "education", "15"),
]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _cards_before(apps) -> None:  # type: ignore[no-untyped-def]
    centre = apps.get_model("core", "Centre").objects.create(
        slug="verbivka",
        name="ЦНАП Вербівки",
        hromada="Вербівська",
        oblast="UA32",
        address="вул. Миру, 1",
    )
    Appeal = apps.get_model("appeals", "Appeal")
    for number, (status, topic, _code) in enumerate(CASES, start=1):
        Appeal.objects.create(
            centre=centre,
            registration_year=2026,
            registration_number=number,
            registration_index=f"Ш-{number}/2026",
            kind="complaint",
            channel="web",
            receipt_form="post",
            document_type="electronic",
            received_at=RECEIVED,
            tracker_token_hash=f"hash-{number}",
            full_name="Шевченко Марія Петрівна",
            address="м. Вербівка, вул. Садова, 5",
            text=f"Звернення у стані {status}",
            topic=topic,
            status=status,
            answer_text="Відповідь надано." if status in {"answered", "closed"} else "",
            answered_at=RECEIVED if status in {"answered", "closed"} else None,
            closed_at=RECEIVED if status == "closed" else None,
            resolution_text="Розглянути" if status == "in_progress" else "",
        )


def test_every_topic_of_the_centre_maps_to_a_section_of_the_classifier():
    assert set(TOPIC_CLASSIFIER_CODE.values()) <= set(CLASSIFIER_TOPICS)
    assert len(CLASSIFIER_TOPICS) == 25
    assert CLASSIFIER_TOPICS["2"] == "Аграрна політика і земельні відносини"


@pytest.mark.django_db(transaction=True)
def test_cards_in_every_state_gain_their_main_question_code_and_lose_nothing():
    executor = _executor()
    executor.migrate(BEFORE)
    _cards_before(executor.loader.project_state(BEFORE).apps)

    executor = _executor()
    executor.migrate(AFTER)
    Appeal = executor.loader.project_state(AFTER).apps.get_model("appeals", "Appeal")
    after = list(
        Appeal.objects.order_by("registration_number").values(
            "status", "topic", "topic_code", "additional_topic_codes", "answer_text",
            "resolution_text", "closed_at",
        )
    )  # fmt: skip
    assert [row["status"] for row in after] == [case[0] for case in CASES]
    assert [row["topic"] for row in after] == [case[1] for case in CASES]
    assert [row["topic_code"] for row in after] == [case[2] for case in CASES]
    assert {tuple(row["additional_topic_codes"]) for row in after} == {()}
    assert after[2]["answer_text"] == "Відповідь надано."
    assert after[1]["resolution_text"] == "Розглянути"
    assert after[3]["closed_at"] == RECEIVED
    CoExecutor = executor.loader.project_state(AFTER).apps.get_model("appeals", "AppealCoExecutor")
    assert CoExecutor.objects.count() == 0

    executor = _executor()
    executor.migrate(BEFORE)
    Appeal = executor.loader.project_state(BEFORE).apps.get_model("appeals", "Appeal")
    assert list(Appeal.objects.order_by("registration_number").values_list("topic", flat=True)) == [
        case[1] for case in CASES
    ]

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
