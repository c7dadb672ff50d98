"""Create the table of the database cache when the settings use one (production's default).

`manage.py createcachetable` does the same and does nothing when the table exists; running it
here means a deployment never serves a request before its cache table is there. A deployment
that switches to the database cache later runs `manage.py createcachetable` itself.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendarday")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
