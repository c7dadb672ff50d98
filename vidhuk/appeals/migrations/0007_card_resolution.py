"""The back of the registration card (Instruction КМУ №348): the resolution on the case — its text,
who gave it and when. Empty for cards registered before; nothing else changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0006_classifier_telephone_and_result"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="resolution_text",
            field=models.TextField(blank=True, verbose_name="резолюція"),
        ),
        migrations.AddField(
            model_name="appeal",
            name="resolution_author",
            field=models.CharField(blank=True, max_length=255, verbose_name="автор резолюції"),
        ),
        migrations.AddField(
            model_name="appeal",
            name="resolution_date",
            field=models.DateField(blank=True, null=True, verbose_name="дата резолюції"),
        ),
    ]
