"""`first_where`: one row by equal columns, the same instance the ORM gives, in one statement."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vidhuk.core.models import Office
from vidhuk.core.sqlselect import first_where
from vidhuk.core.tests.factories import OfficeFactory


def _fields(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_a_row_is_the_instance_the_orm_reads(centre):
    office = OfficeFactory(centre=centre, name="Головний офіс", slug="main")

    with CaptureQueriesContext(connection) as captured:
        found = first_where(Office, centre_id=centre.pk, slug="main")

    assert len(captured.captured_queries) == 1
    assert isinstance(found, Office)
    assert found.pk == office.pk
    assert _fields(found) == _fields(Office.objects.get(pk=office.pk))
    assert not found._state.adding
    assert found._state.db == "default"
    assert isinstance(found.created_at, dt.datetime)
    assert timezone.is_aware(found.created_at)


def test_no_row_is_none_and_none_compares_as_is_null(centre):
    office = OfficeFactory(centre=centre, slug="main")

    assert first_where(Office, centre_id=centre.pk, slug="elsewhere") is None
    assert first_where(Office, slug="main", centre_id=None) is None
    assert first_where(Office, slug="main", centre=centre.pk).pk == office.pk


def test_the_first_by_primary_key_when_several_match(centre):
    first = OfficeFactory(centre=centre, name="Перший", slug="first")
    OfficeFactory(centre=centre, name="Другий", slug="second")

    assert first_where(Office, centre_id=centre.pk).pk == first.pk


def test_only_own_columns_can_be_compared():
    with pytest.raises(ValueError, match="at least one"):
        first_where(Office)
    with pytest.raises(ValueError, match="own columns"):
        first_where(Office, services=1)
