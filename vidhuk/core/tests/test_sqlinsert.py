"""Rows written by `sqlinsert` read back as they were given: empty values written into the
statement as literals (`constants_inlined`) land as NULL, '' and booleans, and values that only
look like SQL stay values."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from vidhuk.core import sqlinsert
from vidhuk.core.models import AuditEvent
from vidhuk.core.sqlinsert import constants_inlined, insert_or_nothing

from .factories import CentreFactory


def test_empty_values_become_literals_and_the_rest_stay_parameters() -> None:
    sql = "INSERT INTO t (a, b, c, d, e, f) VALUES (%s, %s, %s, %s, %s, 'x%%') -- %s"
    inlined, params = constants_inlined(sql, [None, "", True, 0, "NULL", False])

    assert inlined == (
        "INSERT INTO t (a, b, c, d, e, f) VALUES (NULL, '', TRUE, %s, %s, 'x%%') -- FALSE"
    )
    assert params == [0, "NULL"]


def test_a_statement_whose_placeholders_do_not_match_its_parameters_is_left_alone() -> None:
    sql = "SELECT %s, %s"
    assert constants_inlined(sql, [None]) == (sql, [None])
    assert constants_inlined(sql, [1, 2]) == (sql, [1, 2])


@pytest.mark.django_db
def test_a_row_with_empty_and_sql_looking_values_reads_back_as_given() -> None:
    centre = CentreFactory()
    written = [
        AuditEvent(
            centre=centre,
            actor=None,
            actor_name="NULL",
            action="create",
            object_type="'; DROP TABLE core_auditevent; --",
            object_id="",
            object_repr="100 % %s",
            changes={},
        ),
        AuditEvent(
            centre=None,
            actor=None,
            actor_name="",
            action="update",
            object_type="TRUE",
            object_id="7",
            object_repr="",
            changes={"flag": False},
        ),
    ]
    for event in written:
        assert insert_or_nothing(event)

    read = AuditEvent.objects.filter(pk__in=[event.pk for event in written]).order_by("pk")
    assert [
        (
            e.centre_id,
            e.actor_id,
            e.actor_name,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.changes,
        )
        for e in read
    ] == [
        (centre.pk, None, "NULL", "'; DROP TABLE core_auditevent; --", "", "100 % %s", {}),
        (None, None, "", "TRUE", "7", "", {"flag": False}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("object_id", ["1", RawSQL("SELECT %s::text", ["7"])], ids=["plain", "raw"])
def test_the_statement_kept_for_a_shape_is_the_one_django_compiles(object_id) -> None:
    """The second row of a shape takes the statement compiled for the first (`_templates`):
    the same SQL and the same parameters Django's compiler gives for it, a `RawSQL` value's
    parameters in their place; any other expression is compiled again."""
    centre = CentreFactory()

    def event(name: str, object_id: object = object_id) -> AuditEvent:
        return AuditEvent(
            centre=centre, actor_name=name, action="create", object_type="x", object_id=object_id
        )

    sqlinsert.insert_sql(event("перша"), connection, returning=True)
    kept_sql, kept_params = sqlinsert.insert_sql(event("друга"), connection, returning=True)
    sqlinsert._templates.clear()
    compiled_sql, compiled_params = sqlinsert.insert_sql(event("друга"), connection, returning=True)
    expression_sql, _ = sqlinsert.insert_sql(
        event("третя", Lower(Value("СІМ"))), connection, returning=True
    )
    again_sql, _ = sqlinsert.insert_sql(
        event("четверта", Lower(Value("ВІСІМ"))), connection, returning=True
    )

    def plain(params: list) -> list:  # the times differ; JSON is compared by its value
        return [getattr(p, "obj", p) for p in params if not hasattr(p, "isoformat")]

    assert kept_sql == compiled_sql
    assert plain(kept_params) == plain(compiled_params)
    assert "друга" in kept_params
    assert ("7" in kept_params) == (object_id != "1")
    assert "LOWER(" in expression_sql
    assert "LOWER(" in again_sql


@pytest.mark.django_db
def test_a_numbered_row_written_from_the_kept_statement_reads_back() -> None:
    """Rows whose values are `RawSQL` (the registration's WITH statement does this) written by
    the kept statement hold their own parameters, not the first row's."""
    centre = CentreFactory()
    written = []
    for number in ("11", "12", "13"):
        event = AuditEvent(
            centre=centre,
            actor_name=f"№{number}",
            action="create",
            object_type="x",
            object_id=RawSQL("SELECT %s || '/' || %s", [number, "2026"]),
        )
        sql, params = sqlinsert.insert_sql(event, connection, returning=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written.append(cursor.fetchone()[0])

    read = AuditEvent.objects.filter(pk__in=written).order_by("pk")
    assert [(e.actor_name, e.object_id) for e in read] == [
        ("№11", "11/2026"),
        ("№12", "12/2026"),
        ("№13", "13/2026"),
    ]
