"""Several reads in one statement give what each query alone would have given."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from vidhuk.core.models import AuditEvent, Office, OfficeClosure, OpeningHours
from vidhuk.core.readtogether import Count, Rows, read_together
from vidhuk.core.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(centre):
    made = [OfficeFactory(centre=centre, position=i) for i in range(3)]
    OpeningHours.objects.create(office=made[0], weekday=0, opens=dt.time(8, 30), closes=dt.time(17))
    OfficeClosure.objects.create(
        office=made[1], date=dt.date(2026, 3, 9), opens=dt.time(9), closes=dt.time(13), note="Сан."
    )
    return made


def test_counts_rows_and_values_in_one_statement_as_the_queries_alone(centre, offices):
    ordered = Office.objects.filter(centre=centre).order_by("-position")
    reads = {
        "offices": Count(Office.objects.filter(centre=centre)),
        "last_two": Rows(ordered.annotate(twice=F("position") * 2)[:2]),
        "hours": Rows(
            OpeningHours.objects.filter(office__centre=centre).values(
                "weekday", "opens", "office__centre__slug"
            )
        ),
        "closures": Rows(OfficeClosure.objects.filter(office__centre=centre)),
        "none": Rows(Office.objects.filter(pk__in=[])),
        "no_count": Count(Office.objects.filter(pk__in=[])),
    }
    with CaptureQueriesContext(connection) as captured:
        found = read_together(reads)

    assert len(captured) == 1
    assert found["offices"] == 3
    assert [(o.pk, o.name, o.twice) for o in found["last_two"]] == [
        (o.pk, o.name, o.position * 2) for o in ordered[:2]
    ]
    assert found["last_two"][0].centre == centre  # a real instance: its relations load
    assert found["hours"] == [
        {"weekday": 0, "opens": dt.time(8, 30), "office__centre__slug": "verbivka"}
    ]
    (closure,) = found["closures"]
    assert (closure.date, closure.opens, closure.closes, closure.note) == (
        dt.date(2026, 3, 9), dt.time(9), dt.time(13), "Сан.",
    )  # fmt: skip
    assert found["none"] == []
    assert found["no_count"] == 0


def test_moments_come_back_as_the_same_aware_moments(centre, offices):
    event = AuditEvent.objects.create(
        centre=centre, action="update", object_type="core.office", object_id="1",
        object_repr="Офіс", changes={"name": ["Старий", "Новий"]},
    )  # fmt: skip
    (read,) = read_together({"events": Rows(AuditEvent.objects.filter(pk=event.pk))})["events"]

    stored = AuditEvent.objects.get(pk=event.pk)
    assert read.at == stored.at
    assert read.at.tzinfo is not None
    assert read.changes == {"name": ["Старий", "Новий"]}


def test_nothing_to_read_asks_nothing():
    with CaptureQueriesContext(connection) as captured:
        assert read_together({}) == {}
    assert len(captured) == 0
