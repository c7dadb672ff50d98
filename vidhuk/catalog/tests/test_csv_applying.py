"""CSV import of the catalogue, applying the plan: all or only the valid rows, once, refused
when the catalogue changed after the preview."""

from decimal import Decimal

import pytest

from vidhuk.catalog import csvio
from vidhuk.catalog.models import Category, LifeSituation, Service
from vidhuk.catalog.tests.factories import CategoryFactory, LifeSituationFactory, ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

from .csv_files import DATA, UTF8_BYTES

# --- Applying ---------------------------------------------------------------------------------


def preview(centre, data: bytes = UTF8_BYTES) -> tuple[str, csvio.ImportPlan]:
    table = csvio.read_bytes(data)
    return table.text, csvio.plan_import(centre=centre, table=table)


def test_import_apply_creates_services_with_relations_and_one_audit_event(
    centre, offices, staff_client
):
    # given a previewed file of two new services
    _client, membership = staff_client()
    text, plan = preview(centre)

    # when it is applied
    result = csvio.import_apply(
        centre=centre,
        text=text,
        expected_digest=plan.digest,
        only_valid=False,
        actor=membership.user,
        filename="services.csv",
    )

    # then both services exist with their relations and one import event is recorded
    assert result == csvio.ImportResult(created=2, updated=0, unchanged=0, skipped=0)
    residence = Service.objects.get(centre=centre, code="01211")
    assert residence.fee_amount == Decimal("345.00")
    assert residence.is_free is False
    assert residence.is_published is False
    assert residence.category.name == "Реєстрація місця проживання"
    assert sorted(s.name for s in residence.life_situations.all()) == [
        "Народження дитини",
        "Переїзд",
    ]
    assert sorted(o.slug for o in residence.offices.all()) == ["main", "starosta-luhove"]
    import_events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert import_events.count() == 1
    assert import_events.get().changes["created_codes"] == ["00018", "01211"]
    assert (import_events.get().changes["created"], import_events.get().object_repr) == (
        2,
        "services.csv",
    )
    assert (
        AuditEvent.objects.filter(object_type="catalog.service")
        .exclude(action=AuditAction.IMPORT)
        .count()
        == 0
    )


def test_import_apply_updates_only_the_changed_fields_of_an_existing_service(
    centre, offices, staff_client
):
    # given the residence service exists and the file changes its fee only
    _client, membership = staff_client()
    text, plan = preview(centre)
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )
    changed = UTF8_BYTES.replace(b"345,00", b"400")
    text, plan = preview(centre, changed)

    # when the new file is applied
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )

    # then one service is updated, the other is unchanged, and no service is added
    assert [(row.code, row.changed) for row in plan.rows if row.changed] == [
        ("01211", ["fee_amount"])
    ]
    assert result == csvio.ImportResult(created=0, updated=1, unchanged=1, skipped=0)
    assert Service.objects.get(code="01211").fee_amount == Decimal("400.00")
    assert Service.objects.count() == 2


def test_import_apply_with_errors_writes_nothing_unless_only_valid_rows_are_chosen(centre, offices):
    # given a previewed file with one valid row and four bad ones
    text, plan = preview(centre, (DATA / "bad_rows.csv").read_bytes())

    # when it is applied without choosing "only valid rows"
    with pytest.raises(ValueError, match="only valid rows"):
        csvio.import_apply(
            centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
        )

    # then nothing is written
    assert (Service.objects.count(), Category.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_apply_of_only_valid_rows_creates_them_and_skips_the_rest(centre, offices):
    # given a previewed file with one valid row and four bad ones
    text, plan = preview(centre, (DATA / "bad_rows.csv").read_bytes())

    # when only the valid rows are applied
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=True, actor=None
    )

    # then the valid row is created and the bad rows are counted as skipped
    assert result == csvio.ImportResult(created=1, updated=0, unchanged=0, skipped=4)
    assert list(Service.objects.values_list("code", "name")) == [
        ("00018", "Державна реєстрація народження дитини")
    ]


def test_import_apply_refuses_when_the_catalog_changed_after_the_preview(centre, offices):
    # given a preview of two creations, then someone adds one of the services by hand
    text, plan = preview(centre)
    ServiceFactory(centre=centre, code="00018")

    # when the preview is applied
    with pytest.raises(csvio.ImportPlanChanged) as raised:
        csvio.import_apply(
            centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
        )

    # then nothing is written and the new plan says what the file would do now
    assert Service.objects.count() == 1
    assert raised.value.plan.counts == {"create": 1, "update": 1, "unchanged": 0, "error": 0}


def test_import_apply_twice_creates_no_duplicates(centre, offices):
    # given a file applied once
    text, plan = preview(centre)
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )
    _text, second_plan = preview(centre)

    # when the same file is applied again
    result = csvio.import_apply(
        centre=centre, text=text, expected_digest=second_plan.digest, only_valid=False, actor=None
    )

    # then every row is unchanged and there are still two services and two categories
    assert result == csvio.ImportResult(created=0, updated=0, unchanged=2, skipped=0)
    assert (Service.objects.count(), Category.objects.count()) == (2, 2)


def test_import_reuses_existing_categories_and_situations_ignoring_case(centre, offices):
    # given the category and one life situation exist, spelt in another case
    CategoryFactory(centre=centre, name="реєстрація актів цивільного стану")
    LifeSituationFactory(centre=centre, name="НАРОДЖЕННЯ ДИТИНИ")
    text, plan = preview(centre)

    # when the file is applied
    csvio.import_apply(
        centre=centre, text=text, expected_digest=plan.digest, only_valid=False, actor=None
    )

    # then only the missing ones are created
    assert plan.new_categories == ["Реєстрація місця проживання"]
    assert plan.new_life_situations == ["Переїзд"]
    assert (Category.objects.count(), LifeSituation.objects.count()) == (2, 2)
