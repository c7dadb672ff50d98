"""On PostgreSQL the audit log refuses UPDATE and DELETE at the database level.

The one change allowed is forgetting the link to a deleted staff account.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    -- Deleting a staff account only forgets the link; the recorded name stays.
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND
       (NEW.id, NEW.centre_id, NEW.actor_name, NEW.action, NEW.object_type, NEW.object_id,
        NEW.object_repr, NEW.changes::text, NEW.at)
       IS NOT DISTINCT FROM
       (OLD.id, OLD.centre_id, OLD.actor_name, OLD.action, OLD.object_type, OLD.object_id,
        OLD.object_repr, OLD.changes::text, OLD.at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'core_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
