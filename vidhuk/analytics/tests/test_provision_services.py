"""The register's services: record, correct, delete — audited, scoped to the centre, once per
source key; the metric and the open dataset read it without exposing small groups."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from vidhuk.analytics.choices import ProvisionChannel, ProvisionResult, ProvisionSource
from vidhuk.analytics.datasets import provision_rows
from vidhuk.analytics.figures import figure_table
from vidhuk.analytics.metrics import services_provided
from vidhuk.analytics.models import ServiceProvision
from vidhuk.analytics.services.provisions import (
    ProvisionIntake,
    provision_delete,
    provision_record,
    provision_set_result,
    provision_update,
)
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.metrics import dimension_labels, get_metric
from vidhuk.core.models import AuditEvent

from .provision_fixtures import *  # noqa: F403 — the register's fixtures
from .provision_fixtures import TODAY, provision

pytestmark = pytest.mark.django_db


def _intake(service, **fields):
    return ProvisionIntake(
        provided_on=fields.pop("provided_on", TODAY),
        service=service,
        office=fields.pop("office", None),
        **fields,
    )


def test_a_recorded_provision_is_stored_and_audited(centre, office, passport, now):
    recorded = provision_record(
        centre=centre,
        intake=_intake(passport, office=office, result=ProvisionResult.REFUSED, sex="female"),
        actor=None,
    )

    stored = ServiceProvision.objects.get()
    assert stored == recorded
    assert (stored.service_title, stored.office, stored.result, stored.sex, stored.source) == (
        "Оформлення паспорта громадянина",
        office,
        "refused",
        "female",
        "manual",
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(stored.pk)).count() == 1


def test_the_same_source_key_records_one_provision(centre, passport, now):
    for _attempt in range(2):
        provision_record(centre=centre, intake=_intake(passport), actor=None, source_key="form:abc")

    assert ServiceProvision.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"provided_on": TODAY + dt.timedelta(days=1)}, "provided_on", id="future"),
        pytest.param({"provided_on": dt.date(1999, 12, 31)}, "provided_on", id="before-2000"),
    ],
)
def test_a_day_out_of_range_is_refused_and_nothing_stored(centre, passport, now, fields, field):
    with pytest.raises(ValidationError) as refused:
        provision_record(centre=centre, intake=_intake(passport, **fields), actor=None)

    assert field in refused.value.message_dict
    assert ServiceProvision.objects.count() == 0


def test_another_centres_service_is_refused(centre, other_centre, now):
    foreign = ServiceFactory(centre=other_centre)

    with pytest.raises(ValidationError) as refused:
        provision_record(centre=centre, intake=_intake(foreign), actor=None)

    assert refused.value.message_dict["service"] == [
        "Оберіть послугу з переліку послуг цього центру."
    ]
    assert ServiceProvision.objects.count() == 0


def test_a_correction_is_audited_with_what_it_said_before(centre, passport, land, now):
    stored = provision(centre, passport)

    changes = provision_update(
        provision=stored, intake=_intake(land, channel=ProvisionChannel.POST), actor=None
    )

    stored.refresh_from_db()
    assert (stored.service, stored.service_title, stored.channel) == (land, land.name, "post")
    assert changes["channel"] == ["in_person", "post"]
    event = AuditEvent.objects.get(action="update")
    assert event.changes["service_title"] == [passport.name, land.name]


def test_the_operator_sets_the_result(centre, passport, now):
    stored = provision(centre, passport, source=ProvisionSource.QUEUE, source_key="t")

    provision_set_result(provision=stored, result=ProvisionResult.CONSULTATION, actor=None)

    stored.refresh_from_db()
    assert stored.result == "consultation"


def test_a_deleted_provision_leaves_its_trace_in_the_audit_log(centre, passport, now):
    stored = provision(centre, passport)
    pk = stored.pk

    provision_delete(provision=stored, actor=None)

    assert ServiceProvision.objects.count() == 0
    event = AuditEvent.objects.get(action="delete")
    assert (event.object_id, event.changes["service_title"]) == (str(pk), passport.name)


# --- the metric ------------------------------------------------------------------------------


def test_the_metric_counts_by_sex_with_not_stated(centre, passport, now):
    for sex in ("female", "female", "male", ""):
        provision(centre, passport, sex=sex)
    provision(centre, passport, sex="female", day=TODAY - dt.timedelta(days=400))

    rows = list(services_provided(centre, TODAY - dt.timedelta(days=30), TODAY, ("sex",)))

    assert sorted((r["sex"], r["value"]) for r in rows) == [
        ("female", 2),
        ("male", 1),
        ("not_stated", 1),
    ]


def test_the_metric_without_dimensions_is_the_total(centre, passport, land, now):
    provision(centre, passport)
    provision(centre, land)

    assert list(services_provided(centre, TODAY, TODAY, ())) == [{"value": 2}]


def test_the_metric_splits_by_office_service_and_yes_no_answers(
    centre, office, passport, land, now
):
    provision(centre, passport, office=office, idp=True)
    provision(centre, land, office=office, idp=False)
    provision(centre, land, idp=None)

    rows = services_provided(centre, TODAY, TODAY, ("office", "service", "idp"))

    assert sorted((r["office"], r["service"], r["idp"], r["value"]) for r in rows) == sorted(
        [
            (str(office.pk), str(passport.pk), "yes", 1),
            (str(office.pk), str(land.pk), "no", 1),
            ("", str(land.pk), "not_stated", 1),
        ]
    )


def test_the_metric_is_registered_with_its_labels(centre, passport):
    metric = get_metric("services_provided")

    assert metric.unit == "count"
    assert set(metric.dimensions) >= {"office", "service", "channel", "result", "sex", "veteran"}
    assert dimension_labels("result", ["refused"], centre=centre, metric="services_provided") == {
        "refused": "Відмовлено"
    }
    assert dimension_labels(
        "service", [str(passport.pk)], centre=centre, metric="services_provided"
    ) == {str(passport.pk): passport.name}


# --- the open dataset ------------------------------------------------------------------------


def test_the_dataset_counts_complete_quarters_and_hides_small_groups(
    centre, office, passport, land, now
):
    last_quarter = dt.date(2025, 11, 3)
    for _n in range(12):
        provision(centre, passport, office=office, day=last_quarter)
    for _n in range(3):
        provision(centre, land, office=office, day=last_quarter)
    for _n in range(7):
        provision(centre, land, office=office, day=last_quarter, channel="post")
    provision(centre, passport, office=office, day=TODAY)  # the current quarter: not yet

    rows = list(provision_rows(centre))

    assert rows == [
        (2025, 4, "Головний офіс", "L-002", land.name, "Особисто", "Надано", None),
        (2025, 4, "Головний офіс", "L-002", land.name, "Поштою", "Надано", None),
        (2025, 4, "Головний офіс", "P-001", passport.name, "Особисто", "Надано", 12),
    ]


def test_the_public_figures_by_sex_hide_small_groups_and_staff_see_them(centre, passport, now):
    for sex in ["female"] * 3 + ["male"] * 9 + [""] * 6:
        provision(centre, passport, sex=sex)

    public = figure_table(
        centre=centre, key="services_provided", start=TODAY, end=TODAY, by=("sex",), public=True
    )
    staff = figure_table(
        centre=centre, key="services_provided", start=TODAY, end=TODAY, by=("sex",), public=False
    )

    assert {row.labels["sex"]: row.value for row in public.rows} == {
        "жінки": None,
        "чоловіки": 9,
        "не зазначено": None,
    }
    assert public.total == 18
    assert {row.keys["sex"]: row.value for row in staff.rows} == {
        "female": 3,
        "male": 9,
        "not_stated": 6,
    }
