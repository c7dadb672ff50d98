"""The register's staff pages: the list with its filters in few queries, recording (a double
submit records once), correcting, deleting, the CSV export, and who may open them."""

import csv
import datetime as dt
import io

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.analytics.models import ServiceProvision
from vidhuk.core.models import AuditEvent

from .provision_fixtures import *  # noqa: F403 — the register's fixtures
from .provision_fixtures import TODAY, provision

pytestmark = pytest.mark.django_db
URL = "/staff/verbivka/analytics/provisions/"


@pytest.fixture
def admin(staff_client, now):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    return client


def _form(service, **fields):
    data = {
        "provided_on": "02.03.2026",
        "service": str(service.pk),
        "office": "",
        "channel": "in_person",
        "result": "provided",
        "sex": "",
        "age_group": "",
        "idp": "",
        "disability": "",
        "pensioner": "",
        "veteran": "",
        "submission_key": "2f1e5a54-8d6c-4a0e-9a55-0b1f7f1b7d11",
    }
    data.update(fields)
    return data


def test_the_list_shows_the_centres_provisions_in_few_queries(
    admin, centre, other_centre, office, passport, land, django_assert_max_num_queries
):
    for day in range(60):
        provision(
            centre, passport if day % 2 else land, office=office, day=TODAY - dt.timedelta(days=day)
        )
    foreign = provision(other_centre, passport)
    foreign.service_title = "Чужа послуга"
    foreign.save()

    with django_assert_max_num_queries(14):
        response = admin.get(URL)

    page = response.content.decode()
    assert "Знайдено 60 послуг" in page
    assert "Чужа послуга" not in page
    assert page.count("/analytics/provisions/") > 50


def test_the_filters_narrow_the_list(admin, centre, office, passport, land):
    provision(centre, passport, office=office, result="refused")
    provision(centre, land, office=office)
    provision(centre, land, day=TODAY - dt.timedelta(days=40))

    refused = admin.get(URL, {"result": "refused"}).content.decode()
    recent_land = admin.get(
        URL, {"service": land.pk, "date_from": "01.03.2026", "date_to": "02.03.2026"}
    ).content.decode()

    assert "Знайдено 1 послугу" in refused
    assert passport.name in refused
    assert "Знайдено 1 послугу" in recent_land


def test_a_recorded_provision_is_listed_and_a_double_submit_records_one(admin, office, passport):
    form = _form(passport, office=str(office.pk), sex="female", veteran="yes")

    first = admin.post(f"{URL}new/", form)
    second = admin.post(f"{URL}new/", form)

    assert (first.status_code, second.status_code) == (302, 302)
    stored = ServiceProvision.objects.get()
    assert (stored.office, stored.sex, stored.veteran, stored.source) == (
        office,
        "female",
        True,
        "manual",
    )
    assert passport.name in admin.get(URL).content.decode()


def test_a_future_day_is_refused_in_words_and_nothing_recorded(admin, passport):
    response = admin.post(f"{URL}new/", _form(passport, provided_on="03.03.2026"))

    assert response.status_code == 400
    assert "Дата надання послуги не може бути в майбутньому." in response.content.decode()
    assert ServiceProvision.objects.count() == 0


def test_a_correction_and_a_deletion(admin, centre, passport, land):
    stored = provision(centre, passport)

    edited = admin.post(f"{URL}{stored.pk}/", _form(land, result="consultation"))
    stored.refresh_from_db()
    deleted = admin.post(f"{URL}{stored.pk}/delete/")

    assert edited.status_code == 302
    assert (stored.service, stored.result) == (land, "consultation")
    assert deleted.status_code == 302
    assert ServiceProvision.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "update",
        "delete",
    ]


def test_the_export_is_the_filtered_register_as_csv(admin, centre, office, passport, land):
    provision(centre, passport, office=office, sex="male", idp=False)
    provision(centre, land, result="refused")

    response = admin.get(f"{URL}export.csv", {"result": "refused"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:6] == [
        "Дата",
        "Офіс",
        "Код послуги",
        "Послуга",
        "Спосіб звернення",
        "Результат",
    ]
    assert rows[1:] == [
        ["2026-03-02", "", "L-002", land.name, "Особисто", "Відмовлено", "Внесено вручну"]
        + ["", "", "", "", "", ""]
    ]
    assert AuditEvent.objects.filter(action="export").count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS])
def test_who_does_not_keep_the_register_is_refused(staff_client, centre, passport, now, role):
    client, _membership = staff_client(role)
    stored = provision(centre, passport)

    listed = client.get(URL)
    changed = client.post(f"{URL}{stored.pk}/", _form(passport, result="refused"))

    assert (listed.status_code, changed.status_code) == (403, 403)
    stored.refresh_from_db()
    assert stored.result == "provided"


def test_the_hub_links_to_the_register(admin):
    page = admin.get("/staff/verbivka/analytics/").content.decode()

    assert f'href="{URL}"' in page
