"""Upgrading moves the keys of mail already sent into the one ledger: nothing is sent twice."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("appeals", "0003_inbox_search_indexes"), ("core", "0005_queue_device")]
AFTER = [("appeals", "0004_sentmail_to_core_ledger")]


@pytest.mark.django_db(transaction=True)
def test_mail_sent_before_the_upgrade_is_in_the_ledger_as_sent():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("appeals", "SentMail").objects.create(key="answer:17")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    [mail] = new.get_model("core", "OutgoingMail").objects.values("key", "status")
    assert mail == {"key": "answer:17", "status": "sent"}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
