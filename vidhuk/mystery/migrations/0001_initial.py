"""The mystery shopper's models, moved from surveys (``surveys/0006``) with their tables.

State only: the tables ``surveys_mysteryvisit`` and ``surveys_mysteryvisitphoto`` already exist
with every row, constraint and index, and the models name them in ``db_table``. The content
types move with the models, so Django's permissions and admin history stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import vidhuk.mystery.models

MODELS = ("mysteryvisit", "mysteryvisitphoto")


def content_types_to_mystery(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="mystery", model=model).exists():
            content_type.objects.filter(app_label="surveys", model=model).update(
                app_label="mystery"
            )


def content_types_to_surveys(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="surveys", model=model).exists():
            content_type.objects.filter(app_label="mystery", model=model).update(
                app_label="surveys"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_cache_table"),
        ("surveys", "0006_mystery_to_its_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="MysteryVisit",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="створено")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="змінено")),
                        ("visited_at", models.DateTimeField(verbose_name="дата й час візиту")),
                        ("minutes_waited", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="хвилин очікування")),
                        ("minutes_served", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="хвилин обслуговування")),
                        ("status", models.CharField(choices=[("draft", "Чернетка"), ("submitted", "Подано на перевірку"), ("returned", "Повернуто на доопрацювання"), ("accepted", "Прийнято")], default="draft", max_length=10, verbose_name="стан")),
                        ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="подано")),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="перевірено")),
                        ("review_comment", models.TextField(blank=True, verbose_name="коментар перевірки")),
                        ("centre", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="core.centre", verbose_name="центр")),
                        ("evaluator", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="mystery_visits", to=settings.AUTH_USER_MODEL, verbose_name="таємний відвідувач")),
                        ("office", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.office")),
                        ("response", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="mystery_visit", to="surveys.response")),
                        ("reviewed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="перевірив")),
                        ("service", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="catalog.service", verbose_name="послуга, яку намагалися отримати")),
                        ("version", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="mystery_visits", to="surveys.questionnaireversion")),
                    ],
                    options={
                        "verbose_name": "візит таємного відвідувача",
                        "verbose_name_plural": "візити таємних відвідувачів",
                        "db_table": "surveys_mysteryvisit",
                        "ordering": ["-visited_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="MysteryVisitPhoto",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="створено")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="змінено")),
                        ("file", models.FileField(max_length=255, upload_to=vidhuk.mystery.models.mystery_photo_path, verbose_name="фото")),
                        ("original_name", models.CharField(max_length=255, verbose_name="назва файлу")),
                        ("caption", models.CharField(blank=True, max_length=255, verbose_name="підпис")),
                        ("content_type", models.CharField(max_length=64, verbose_name="тип")),
                        ("size", models.PositiveIntegerField(verbose_name="розмір, байт")),
                        ("visit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="mystery.mysteryvisit")),
                    ],
                    options={
                        "verbose_name": "фото таємного відвідувача",
                        "verbose_name_plural": "фото таємних відвідувачів",
                        "db_table": "surveys_mysteryvisitphoto",
                        "ordering": ["id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="mysteryvisit",
                    constraint=models.CheckConstraint(condition=models.Q(("minutes_waited__isnull", True), ("minutes_waited__lte", 1440), _connector="OR"), name="mystery_minutes_waited_in_day"),
                ),
                migrations.AddConstraint(
                    model_name="mysteryvisit",
                    constraint=models.CheckConstraint(condition=models.Q(("minutes_served__isnull", True), ("minutes_served__lte", 1440), _connector="OR"), name="mystery_minutes_served_in_day"),
                ),
                migrations.AddConstraint(
                    model_name="mysteryvisit",
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(("status", "returned"), _negated=True), models.Q(("review_comment", ""), _negated=True), _connector="OR"), name="mystery_returned_has_comment", violation_error_message="Повертаючи звіт, напишіть коментар."),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_mystery, content_types_to_surveys),
    ]
