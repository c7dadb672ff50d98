# The office's place on the map (for the portal's link to OpenStreetMap) and how to get there.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_queue_device"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="directions",
            field=models.TextField(
                blank=True,
                help_text="Зупинки транспорту, орієнтири, вхід, поверх — для тих, хто йде вперше.",
                verbose_name="як дістатися",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="latitude",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=8, null=True, verbose_name="широта"
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="longitude",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="довгота"
            ),
        ),
    ]
