"""The services a window handles, declared from the catalog's side now that windows are core's
(``core/0007_window``). The table is the one appointments made for them
(``appointments_window_services``, columns ``window_id`` and ``service_id``): only Django's
state changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_window_to_core"),
        ("catalog", "0001_initial"),
        ("core", "0007_window"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="service",
                    name="windows",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="appointments_window_services",
                        related_name="services",
                        to="core.window",
                        verbose_name="вікна",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
