"""Nobody can find a person in the open data (issue 14): after the demo centre is seeded (and
factories add their residents and staff), every resource of every dataset — each period's CSV
and JSON, the whole-dataset files and the passport — is scanned for every personal value stored
(names, phones, e-mails, addresses, free text), and every count column for a count of 1 to 4."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.datasets import datasets, is_count_column
from vidhuk.core.models import Centre
from vidhuk.opendata.build import build_dataset

KYIV = ZoneInfo("Europe/Kyiv")
SEEDED = dt.datetime(2026, 5, 20, 10, 0, tzinfo=KYIV)
RELEASED = dt.datetime(2026, 11, 3, 9, 0, tzinfo=KYIV)
# Where people are stored: these apps' models, these fields (institutions' contacts — centre,
# offices, service providers — are public by law and live in other apps).
PEOPLE_APPS = {"accounts", "appeals", "appointments", "surveys", "queue", "mystery", "analytics"}
PERSONAL_FIELDS = {"full_name", "first_name", "last_name", "patronymic", "email", "phone",
                   "address", "text", "comment", "name"}  # fmt: skip
TEXT_FIELDS = {"CharField", "TextField", "EmailField"}


def _personal_values() -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in PEOPLE_APPS:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.name in PERSONAL_FIELDS and f.get_internal_type() in TEXT_FIELDS
        ]
        for row in model.objects.values_list(*names) if names else []:
            values.update(str(value).strip() for value in row if value and len(str(value)) >= 6)
    return values


@pytest.fixture
def seeded(db):
    with time_machine.travel(SEEDED, tick=True):
        call_command("seed_demo", verbosity=0)
        centre = Centre.objects.get(slug="verbivka")
        AppealFactory.create_batch(7, centre=centre, kind=Kind.PROPOSAL)
        MembershipFactory.create_batch(2, centre=centre)
    return centre


@pytest.fixture
def resources(seeded, client):
    """Every published text of the demo centre, by where it comes from."""
    found: dict[str, str] = {}
    with time_machine.travel(RELEASED, tick=False):
        for dataset in datasets():
            build = build_dataset(centre=seeded, dataset=dataset)
            assert build.errors == [], dataset.key
            for part in build.parts:
                found[f"{dataset.key}-{part.period}.csv"] = part.csv.decode()
                found[f"{dataset.key}-{part.period}.json"] = part.json.decode()
            for suffix in (".csv", ".json", "/passport.json", "/datapackage.json"):
                response = client.get(f"/verbivka/open-data/{dataset.key}{suffix}")
                assert response.status_code == 200
                body = response.getvalue() if response.streaming else response.content
                found[f"{dataset.key}{suffix}"] = body.decode()
    return found


def _small_counts(resources: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    small = []
    for dataset in datasets():
        counts = [column.name for column in dataset.columns if is_count_column(column)]
        for name, text in resources.items():
            if not re.fullmatch(rf"{dataset.key}(-\d{{4}}-q\d|-current)?\.csv", name):
                continue
            for row in csv.DictReader(io.StringIO(text)):
                small += [(name, row) for column in counts if row[column] in {"1", "2", "3", "4"}]
    return small


# One test (the demo seed takes most of a minute): what it checks are three sides of one promise.
def test_no_person_and_no_count_under_five_is_in_any_resource(seeded, resources):
    personal = _personal_values()
    # Datasets with at least one period file (the whole-dataset files exist even when empty).
    published = {
        found.group(1)
        for name in resources
        if (found := re.fullmatch(r"(.+)-(\d{4}-q\d|current)\.csv", name))
    }

    leaks = {
        (name, value)
        for name, text in resources.items()
        for value in personal
        if value in text or (value.startswith("+380") and value[1:] in text)
    }

    # The scan is not empty-handed: the seeded residents and staff, the datasets' rows.
    assert {"Шевченко Марія Петрівна", "maria@example.com"} <= personal
    assert published == {dataset.key for dataset in datasets()}
    assert leaks == set()
    assert _small_counts(resources) == []
