"""A ticket's windows are core's now (``core/0007_window``): the same table, so only Django's
state changes; the foreign keys in the database stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_window"),
        ("queue", "0003_queue_device"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="assigned_window",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.window",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="window",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.window",
                        verbose_name="вікно",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
