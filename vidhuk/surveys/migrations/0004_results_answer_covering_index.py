"""A covering index for the results pages (issue 4, point 9): every aggregate of the results
reads answers by question — the distribution groups them, the loyalty index and the share
satisfied join them to their responses, the disaggregation joins two questions' answers on the
response. With (question, response) as the key and the typed value columns included, all of these
are index-only scans instead of reading the whole answers table (benchmarks/surveys_results.py).

PostgreSQL only (INCLUDE), created with SQL and so outside the model state: SQLite, used by
`make run`, has no INCLUDE and its demo data is small.
"""

from django.db import migrations

INDEX = "answer_results_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON surveys_answer "
            "(question_id, response_id) INCLUDE (row, choice, number)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_batches_moderation_mystery")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
