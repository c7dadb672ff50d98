"""Visit tokens are deleted when answered (a ``SpentVisitCode`` says «already used»), so that no
row written with the answer shares a transaction id with the token or the queue ticket.

A token already used cannot get its spent row here (only the code gives the digest, and the code
is not stored): it is deleted, so that it does not become usable again once ``used_on`` is gone.
Within the week a code stays valid, such a code is then «unknown» rather than «already used».
"""

import django.db.models.deletion
from django.db import migrations, models


def delete_used_tokens(apps, schema_editor):
    VisitToken = apps.get_model("surveys", "VisitToken")
    VisitToken.objects.filter(used_on__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_cache_table"),
        ("surveys", "0004_results_answer_covering_index"),
    ]

    operations = [
        migrations.RunPython(delete_used_tokens, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="visittoken",
            name="used_on",
        ),
        migrations.CreateModel(
            name="SpentVisitCode",
            fields=[
                (
                    "digest",
                    models.CharField(
                        max_length=64,
                        primary_key=True,
                        serialize=False,
                        verbose_name="відбиток коду",
                    ),
                ),
                ("spent_on", models.DateField(verbose_name="день відповіді")),
                (
                    "centre",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="core.centre",
                        verbose_name="центр",
                    ),
                ),
            ],
            options={
                "verbose_name": "використаний код візиту",
                "verbose_name_plural": "використані коди візитів",
                "indexes": [models.Index(fields=["spent_on"], name="spent_visit_code_day")],
            },
        ),
    ]
