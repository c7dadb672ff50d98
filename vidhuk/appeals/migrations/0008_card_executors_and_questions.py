"""The card's co-executors and its questions with the classifier's codes (issue 17, decision 0008).

Every card registered before gets its main question's section of Classifier №858, part II, from
the centre's topic it already has (the mapping is frozen here as it was on the day); the topic
itself stays, so nothing is lost, and undoing it clears the codes. Cards with no topic keep no
code. No co-executors and no additional questions existed before: they start empty.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import vidhuk.core.modelfields

CHOICES = [
    ("1", "Промислова політика"),
    ("2", "Аграрна політика і земельні відносини"),
    ("3", "Транспорт і зв’язок"),
    (
        "4",
        "Економічна, цінова, інвестиційна, зовнішньоекономічна, регіональна політика та будівництво, підприємництво",
    ),
    ("5", "Фінансова, податкова, митна політика"),
    ("6", "Соціальний захист"),
    ("7", "Праця і заробітна плата"),
    ("8", "Охорона здоров’я"),
    ("9", "Комунальне господарство"),
    ("10", "Житлова політика"),
    ("11", "Екологія та природні ресурси"),
    (
        "12",
        "Забезпечення дотримання законності та охорони правопорядку, реалізація прав і свобод громадян",
    ),
    ("13", "Сім’я, діти, молодь, гендерна рівність, фізична культура і спорт"),
    ("14", "Культура та культурна спадщина, туризм"),
    ("15", "Освіта, наукова, науково-технічна, інноваційна діяльність та інтелектуальна власність"),
    ("16", "Інформаційна політика, діяльність засобів масової інформації"),
    ("17", "Діяльність об’єднань громадян, релігія та міжконфесійні відносини"),
    ("18", "Діяльність Верховної Ради України, Президента України та Кабінету Міністрів України"),
    ("19", "Діяльність центральних органів виконавчої влади"),
    ("20", "Діяльність місцевих органів виконавчої влади"),
    ("21", "Діяльність органів місцевого самоврядування"),
    ("22", "Обороноздатність, суверенітет, міждержавні і міжнаціональні відносини"),
    ("23", "Державне будівництво, адміністративно-територіальний устрій"),
    ("24", "Факти корупції"),
    ("25", "Інше"),
]

# The centre's topic → the classifier section's code, as choices.TOPIC_CLASSIFIER_CODE had it.
TOPIC_CODE = {
    "land": "2",
    "transport": "3",
    "social_protection": "6",
    "labour": "7",
    "health": "8",
    "utilities": "9",
    "housing": "10",
    "ecology": "11",
    "law_order": "12",
    "family_youth": "13",
    "culture": "14",
    "education": "15",
    "local_government": "21",
    "other": "25",
    "admin_services": "21",
    "service_quality": "21",
    "queue_booking": "21",
    "accessibility": "21",
    "working_hours": "21",
    "staff_conduct": "21",
}


def codes_from_topics(apps, schema_editor):  # type: ignore[no-untyped-def]
    Appeal = apps.get_model("appeals", "Appeal")
    for topic, code in TOPIC_CODE.items():
        Appeal.objects.filter(topic=topic, topic_code="").update(topic_code=code)


def clear_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Appeal = apps.get_model("appeals", "Appeal")
    Appeal.objects.exclude(topic_code="").update(topic_code="")


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0007_card_resolution"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="topic_code",
            field=models.CharField(
                blank=True,
                choices=CHOICES,
                max_length=4,
                verbose_name="основне питання за класифікатором",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="additional_topic_codes",
            field=vidhuk.core.modelfields.CodeListField(
                blank=True,
                default=list,
                max_length=200,
                verbose_name="додаткові питання за класифікатором",
            ),
        ),
        migrations.CreateModel(
            name="AppealCoExecutor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="порядок")),
                (
                    "appeal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="co_executor_links",
                        to="appeals.appeal",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="співвиконавець",
                    ),
                ),
            ],
            options={
                "verbose_name": "співвиконавець",
                "verbose_name_plural": "співвиконавці",
                "ordering": ["position", "id"],
                "indexes": [
                    models.Index(fields=["user", "appeal"], name="appeal_co_executor_user")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("appeal", "user"), name="appeal_co_executor_once_per_case"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="appeal",
            name="co_executors",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="appeals.AppealCoExecutor",
                to=settings.AUTH_USER_MODEL,
                verbose_name="співвиконавці",
            ),
        ),
        migrations.RunPython(codes_from_topics, clear_codes),
    ]
