"""Anonymity by design, proven on what the database actually stores."""

import pytest
from django.conf import settings
from django.db import connection, models

from vidhuk.surveys.models import Answer, Response, VisitToken

FORBIDDEN_NAME_PARTS = ("ip", "user", "session", "cookie", "token", "agent", "email", "phone")


@pytest.mark.parametrize("model", [Response, Answer, VisitToken], ids=lambda m: m.__name__)
def test_no_time_of_day_or_identifier_field(model):
    fields = model._meta.get_fields()

    assert [f.name for f in fields if isinstance(f, models.DateTimeField | models.TimeField)] == []
    assert [f.name for f in fields if isinstance(f, models.GenericIPAddressField)] == []
    assert [
        f.name
        for f in fields
        if f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label == settings.AUTH_USER_MODEL
    ] == []


@pytest.mark.parametrize("model", [Response, Answer], ids=lambda m: m.__name__)
def test_no_column_could_identify_a_respondent(model):
    names = [f.column for f in model._meta.concrete_fields]

    assert [n for n in names if any(part in n.split("_") for part in FORBIDDEN_NAME_PARTS)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Response, Answer, VisitToken], ids=lambda m: m.__name__)
def test_stored_table_has_no_timestamp_or_address_column(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [model._meta.db_table],
        )
        columns = dict(cursor.fetchall())

    assert columns
    assert {
        name: kind
        for name, kind in columns.items()
        if kind.startswith(("timestamp", "time ", "inet", "cidr", "interval"))
    } == {}


def test_response_is_dated_by_day_and_never_points_to_its_token():
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)
    assert not isinstance(Response._meta.get_field("submitted_on"), models.DateTimeField)
    assert [f.name for f in Response._meta.get_fields() if f.related_model is VisitToken] == []
    assert [f.name for f in VisitToken._meta.get_fields() if f.related_model is Response] == []
