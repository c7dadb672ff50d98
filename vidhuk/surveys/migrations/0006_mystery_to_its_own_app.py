"""The mystery shopper's models leave surveys for vidhuk.mystery: removed from surveys' state only.

Their tables stay as they are (``surveys_mysteryvisit``, ``surveys_mysteryvisitphoto``, rows,
constraints and indexes); ``mystery/0001`` takes them over in its state under the same names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_spent_visit_codes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="mysteryvisitphoto", name="visit"),
                migrations.DeleteModel(name="MysteryVisit"),
                migrations.DeleteModel(name="MysteryVisitPhoto"),
            ],
            database_operations=[],
        ),
    ]
