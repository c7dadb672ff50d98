"""Windows leave appointments for core (``core/0007_window``). Their table and the table of
their services stay where they are, under the same names: only Django's state changes. The
services a window handles are now declared by the catalog (``catalog/0002_service_windows``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0004_sentmail_to_core_ledger"),
        ("core", "0007_window"),
        ("queue", "0004_ticket_window_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="workinginterval",
                    name="window",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="intervals",
                        to="core.window",
                    ),
                ),
                migrations.AlterField(
                    model_name="appointment",
                    name="window",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appointments",
                        to="core.window",
                    ),
                ),
                migrations.DeleteModel(name="Window"),
            ],
            database_operations=[],
        ),
    ]
