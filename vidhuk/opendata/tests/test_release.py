"""A release: every registered dataset built as CSV and JSON per period, its data package valid
for Frictionless, small counts withheld, and recorded once per dataset and period."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vidhuk.appeals.choices import Channel, Kind
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.datasets import dataset_get
from vidhuk.opendata.build import build_dataset
from vidhuk.opendata.models import Release
from vidhuk.opendata.services import ReleaseRefused, release_record

KYIV = ZoneInfo("Europe/Kyiv")
IN_Q2 = dt.datetime(2026, 5, 12, 11, 0, tzinfo=KYIV)
IN_Q3 = dt.datetime(2026, 8, 3, 11, 0, tzinfo=KYIV)
AFTER = dt.datetime(2026, 10, 6, 9, 0, tzinfo=KYIV)


def _appeals(centre, *, at, kind, count, channel=Channel.WEB):
    AppealFactory.create_batch(count, centre=centre, received_at=at, kind=kind, channel=channel)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def appeals(centre):
    _appeals(centre, at=IN_Q2, kind=Kind.COMPLAINT, count=3)
    _appeals(centre, at=IN_Q2, kind=Kind.PROPOSAL, count=6)
    _appeals(centre, at=IN_Q2, kind=Kind.STATEMENT, count=11)
    _appeals(centre, at=IN_Q3, kind=Kind.STATEMENT, count=7)
    return centre


@time_machine.travel(AFTER, tick=False)
def test_appeals_statistics_are_one_file_per_quarter_with_small_counts_withheld(appeals):
    build = build_dataset(centre=appeals, dataset=dataset_get("appeals-statistics"))

    assert build.errors == []
    assert [part.period for part in build.parts] == ["2026-q2", "2026-q3"]
    q2 = _csv_rows(build.parts[0].csv)
    # 3 complaints withheld, and the 6 proposals with them (else 3 follows from the total).
    assert sorted(row["count"] for row in q2) == ["", "", "11"]
    assert build.parts[0].csv.startswith(b"year,quarter,kind,channel,topic,count\r\n")
    assert json.loads(build.parts[1].json)[0]["count"] == 7


@time_machine.travel(AFTER, tick=False)
def test_a_release_is_recorded_once_and_a_changed_quarter_changes_only_its_record(appeals):
    dataset = dataset_get("appeals-statistics")
    first = release_record(build=build_dataset(centre=appeals, dataset=dataset), now=AFTER)
    again = release_record(build=build_dataset(centre=appeals, dataset=dataset), now=AFTER)
    _appeals(appeals, at=IN_Q3, kind=Kind.STATEMENT, count=2)
    changed = release_record(build=build_dataset(centre=appeals, dataset=dataset), now=AFTER)

    assert (first, again, changed) == (["2026-q2", "2026-q3"], [], ["2026-q3"])
    assert Release.objects.filter(centre=appeals, dataset_key="appeals-statistics").count() == 2


@time_machine.travel(AFTER, tick=False)
def test_a_count_under_five_fails_validation_and_the_release_is_refused(centre):
    leaky = dataset_get("appeals-statistics")
    from dataclasses import replace

    broken = replace(leaky, rows=lambda _centre: iter([(2026, 2, "Скарга", "Вебсайт", "—", 3)]))
    build = build_dataset(centre=centre, dataset=broken)

    assert len(build.errors) == 1
    assert "constraint-error" in build.errors[0]
    with pytest.raises(ReleaseRefused):
        release_record(build=build, now=AFTER)
    assert not Release.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_every_dataset_builds_a_valid_package_for_an_empty_centre(centre):
    from vidhuk.core.datasets import datasets

    builds = [build_dataset(centre=centre, dataset=dataset) for dataset in datasets()]

    assert [(b.dataset.key, b.errors) for b in builds if b.errors] == []


@time_machine.travel(AFTER, tick=False)
def test_a_json_file_that_differs_from_its_csv_is_an_error(appeals):
    from dataclasses import replace

    from vidhuk.opendata.build import validate

    build = build_dataset(centre=appeals, dataset=dataset_get("appeals-statistics"))
    first = build.parts[0]
    tampered = replace(build, parts=[replace(first, json=first.json.replace(b"11", b"12"))])

    assert validate(tampered) == ["appeals-statistics-2026-q2.json: не збігається з CSV"]
