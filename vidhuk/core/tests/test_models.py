import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from vidhuk.core.choices import AuditAction, OfficeKind
from vidhuk.core.models import AuditEvent
from vidhuk.core.services import audit_record
from vidhuk.core.tests.factories import OfficeFactory


def test_tests_run_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_a_centre_has_at_most_one_main_office(centre):
    OfficeFactory(centre=centre, kind=OfficeKind.MAIN)

    with pytest.raises(IntegrityError):
        OfficeFactory(centre=centre, kind=OfficeKind.MAIN)


def test_audit_log_refuses_updates_and_deletes_in_the_database(centre):
    event = audit_record(actor=None, centre=centre, action=AuditAction.VIEW, obj=centre)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == str(centre)
