"""The mail ledger moved to core (vidhuk/core/mail.py): the keys of mail already sent are copied
there as sent, so nothing recorded here is ever sent again, then this app's table goes."""

from django.db import migrations


def copy_to_core_ledger(apps, schema_editor):
    sent_mail = apps.get_model("appointments", "SentMail")
    outgoing = apps.get_model("core", "OutgoingMail")
    rows = [
        outgoing(
            key=mail.key,
            to="",
            template="",
            subject="",
            status="sent",
            attempts=1,
            created_at=mail.sent_at,
            sent_at=mail.sent_at,
            give_up_at=mail.sent_at,
        )
        for mail in sent_mail.objects.iterator()
    ]
    outgoing.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_visit_ics_sequence_link_sms"),
        ("core", "0005_queue_device"),
    ]

    operations = [
        migrations.RunPython(copy_to_core_ledger, migrations.RunPython.noop),
        migrations.DeleteModel(name="SentMail"),
    ]
