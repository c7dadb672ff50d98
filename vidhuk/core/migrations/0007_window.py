"""Windows (desks) move from appointments to core, where both booking and the queue stand on
them. The table stays as it is (``appointments_window``): this migration only tells Django's
state that core owns it, and renames the window's content type so its id is kept."""

import django.db.models.deletion
from django.db import migrations, models


def content_type_to_core(apps, schema_editor):  # type: ignore[no-untyped-def]
    _content_type_move(apps, source="appointments", target="core")


def content_type_to_appointments(apps, schema_editor):  # type: ignore[no-untyped-def]
    _content_type_move(apps, source="core", target="appointments")


def _content_type_move(apps, *, source, target):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model="window").exists():
        return
    content_type.objects.filter(app_label=source, model="window").update(app_label=target)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_office_map_and_directions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Window",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="створено"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="змінено")),
                        ("number", models.CharField(max_length=10, verbose_name="номер")),
                        (
                            "label",
                            models.CharField(blank=True, max_length=120, verbose_name="назва"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="працює")),
                        (
                            "centre",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="core.centre",
                                verbose_name="центр",
                            ),
                        ),
                        (
                            "office",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="windows",
                                to="core.office",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "вікно",
                        "verbose_name_plural": "вікна",
                        "db_table": "appointments_window",
                        "ordering": ["office", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("office", "number"),
                                name="window_number_unique_in_office",
                                violation_error_message="Вікно з таким номером уже є в цьому офісі.",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_appointments),
    ]
