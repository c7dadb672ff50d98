"""The open data pages: residents find the datasets, each passport (КМУ №835) and its files;
the head checks what would change and records the release; nobody else can."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.opendata.models import OpenDataSettings, Release

KYIV = ZoneInfo("Europe/Kyiv")
IN_Q2 = dt.datetime(2026, 5, 12, 11, 0, tzinfo=KYIV)
AFTER = dt.datetime(2026, 10, 6, 9, 0, tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _after_the_third_quarter():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def appeals(centre):
    AppealFactory.create_batch(6, centre=centre, received_at=IN_Q2, kind=Kind.PROPOSAL)
    AppealFactory.create_batch(2, centre=centre, received_at=IN_Q2, kind=Kind.COMPLAINT)
    return centre


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_list_names_every_dataset_with_its_files(client, centre):
    response = client.get("/verbivka/open-data/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Перелік адміністративних послуг, що надаються через центр" in html
    assert 'href="/verbivka/open-data/appeals-statistics.csv"' in html
    assert 'href="/verbivka/open-data/queue-load/"' in html


def test_the_csv_is_comma_separated_utf8_without_bom_and_hides_small_counts(client, appeals):
    response = client.get("/verbivka/open-data/appeals-statistics.csv")

    text = _body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("year,quarter,kind,channel,topic,count\r\n")
    # 6 proposals and 2 complaints: the 2 withheld, and the 6 with them (6 = total − 2).
    assert [row["count"] for row in csv.DictReader(io.StringIO(text))] == ["", ""]


def test_the_passport_page_and_file_carry_the_fields_of_resolution_835(client, appeals):
    centre = appeals
    centre.edrpou = "04050607"
    centre.save()
    OpenDataSettings.objects.create(
        centre=centre,
        responsible_person="Адміністратор відкритих даних",
        responsible_email="od@cnap.example",
    )
    Release.objects.create(
        centre=centre, dataset_key="appeals-statistics", period="2026-q2", csv_sha256="a",
        json_sha256="b", first_released_at=AFTER, changed_at=AFTER,
    )  # fmt: skip

    page = client.get("/verbivka/open-data/appeals-statistics/").content.decode()
    passport = json.loads(
        client.get("/verbivka/open-data/appeals-statistics/passport.json").content
    )

    assert "Код ЄДРПОУ розпорядника" in page
    assert "Структура набору даних" in page
    assert passport["identifier"] == "verbivka-appeals-statistics"
    assert passport["publisher_edrpou"] == "04050607"
    assert passport["responsible_person"] == "Адміністратор відкритих даних"
    assert passport["update_frequency"] == "щокварталу"
    assert passport["current_as_of"] == "2026-06-30"
    assert passport["formats"] == ["CSV", "JSON"]
    assert [f["name"] for f in passport["structure"]][-1] == "count"
    assert passport["periods"] == ["2026-q2"]


def test_the_data_package_points_at_its_period_files(client, appeals):
    package = json.loads(
        client.get("/verbivka/open-data/appeals-statistics/datapackage.json").content
    )
    paths = [resource["path"] for resource in package["resources"]]
    period = client.get("/verbivka/open-data/appeals-statistics/appeals-statistics-2026-q2.csv")
    missing = client.get("/verbivka/open-data/appeals-statistics/appeals-statistics-2025-q1.csv")

    assert paths == ["appeals-statistics-2026-q2.csv", "appeals-statistics-2026-q2.json"]
    assert period.status_code == 200
    assert _body(period).startswith("year,quarter")
    assert missing.status_code == 404
    assert client.get("/verbivka/open-data/no-such-dataset/").status_code == 404


def test_the_head_sees_the_dry_run_diff_then_publishes_the_release(staff_client, appeals):
    client, _membership = staff_client(Role.HEAD)

    dry = client.post("/staff/verbivka/open-data/dry-run/")
    assert "2026-q2: новий файл" in dry.content.decode()
    assert not Release.objects.exists()
    published = client.post("/staff/verbivka/open-data/publish/", follow=True)

    assert "Випуск записано" in published.content.decode()
    assert list(Release.objects.values_list("dataset_key", "period")) == [
        ("appeals-statistics", "2026-q2")
    ]


def test_an_analyst_cannot_publish_and_nothing_is_recorded(staff_client, appeals):
    client, _membership = staff_client(Role.ANALYST)

    response = client.post("/staff/verbivka/open-data/publish/")

    assert response.status_code == 403
    assert not Release.objects.exists()


def test_the_passport_settings_refuse_a_bad_email_in_plain_ukrainian(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        "/staff/verbivka/open-data/settings/",
        {"responsible_person": "Відділ", "responsible_email": "не адреса", "legal_basis": "Закон"},
    )

    assert "Вкажіть адресу електронної пошти" in response.content.decode()
    assert not OpenDataSettings.objects.exists()


def test_the_list_runs_a_bounded_number_of_queries(client, centre, django_assert_max_num_queries):
    # Three per dataset (release dates, periods, settings) and the centre: not per row.
    with django_assert_max_num_queries(25):
        response = client.get("/verbivka/open-data/")

    assert response.status_code == 200
