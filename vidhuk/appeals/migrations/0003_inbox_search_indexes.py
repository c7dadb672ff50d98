"""Indexes for the inbox's text search on PostgreSQL (benchmarks/README.md: 200,000 cases).

Django's `icontains` is `UPPER(col) LIKE UPPER('%…%')` and `iexact` is `UPPER(col) = UPPER(…)`:
trigram GIN indexes on UPPER(text) and UPPER(full_name) and B-tree indexes on the UPPER of the
registration index and the e-mail serve them; all four are needed, or the OR falls back to a full
scan. SQLite (the embedded default for `make run`) has no such indexes and needs none.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS appeal_text_trgm ON appeals_appeal "
    "USING gin (UPPER(text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS appeal_full_name_trgm ON appeals_appeal "
    "USING gin (UPPER(full_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS appeal_index_upper ON appeals_appeal (UPPER(registration_index))",
    "CREATE INDEX IF NOT EXISTS appeal_email_upper ON appeals_appeal (UPPER(email))",
]
DROP = [
    "DROP INDEX IF EXISTS appeal_text_trgm",
    "DROP INDEX IF EXISTS appeal_full_name_trgm",
    "DROP INDEX IF EXISTS appeal_index_upper",
    "DROP INDEX IF EXISTS appeal_email_upper",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_tracker_salt")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
