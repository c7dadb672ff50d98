"""Classifier №858 as amended (decision 0008): the telephone is a form of receipt of its own,
and the card holds the result of consideration (classifier, part I.9).

Appeals taken on the hotline were registered as received "на особистому прийомі"; they move to
"за допомогою засобів телефонного зв’язку". Undoing the migration moves them back.
"""

from django.db import migrations, models


def hotline_to_telephone(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Appeal.objects.filter(channel="hotline", receipt_form="personal_reception").update(
        receipt_form="telephone"
    )


def telephone_to_personal_reception(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Appeal.objects.filter(receipt_form="telephone").update(receipt_form="personal_reception")


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0005_decision_updates_consent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="receipt_form",
            field=models.CharField(
                choices=[
                    ("post", "Поштою (електронною поштою)"),
                    ("telephone", "За допомогою засобів телефонного зв’язку"),
                    ("personal_reception", "На особистому прийомі"),
                    ("authorised_person", "Через уповноважену особу"),
                    ("authorities", "Через органи влади"),
                    ("media", "Через засоби масової інформації"),
                    ("other_bodies", "Від інших органів, установ, організацій"),
                ],
                max_length=24,
                verbose_name="форма надходження",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="result",
            field=models.CharField(
                blank=True,
                choices=[
                    ("resolved", "Вирішено позитивно"),
                    ("refused", "Відмовлено у задоволенні"),
                    ("explained", "Дано роз’яснення"),
                    ("other", "Інше"),
                ],
                max_length=12,
                verbose_name="результат розгляду",
            ),
        ),
        migrations.RunPython(hotline_to_telephone, telephone_to_personal_reception),
    ]
