"""Upgrading moves the mystery shopper's models from surveys to their own app: every report and
photo filed before the upgrade is read afterwards through vidhuk.mystery, nothing copied, and
the audit log's entries about them still read in words."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.core.auditwords import ChangeRow, readable_changes
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit
from vidhuk.surveys.choices import Channel, QuestionnaireKind
from vidhuk.surveys.tests.factories import QuestionnaireFactory, ResponseFactory, VersionFactory

BEFORE = [("surveys", "0005_spent_visit_codes")]
AFTER = [("mystery", "0001_initial")]
VISITED_AT = dt.datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.mark.django_db(transaction=True)
def test_reports_and_photos_filed_in_surveys_are_read_through_the_mystery_app():
    office = OfficeFactory()
    version = VersionFactory(
        questionnaire=QuestionnaireFactory(
            centre=office.centre, kind=QuestionnaireKind.MYSTERY_SHOPPER
        )
    )
    response = ResponseFactory(version=version, channel=Channel.MYSTERY_SHOPPER)
    evaluator = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_visit = old.get_model("surveys", "MysteryVisit").objects.create(
        centre_id=office.centre_id,
        version_id=version.pk,
        evaluator_id=evaluator.pk,
        office_id=office.pk,
        response_id=response.pk,
        visited_at=VISITED_AT,
        minutes_waited=38,
        status="returned",
        review_comment="Додайте фото вказівника біля входу.",
    )
    old.get_model("surveys", "MysteryVisitPhoto").objects.create(
        visit=old_visit,
        file="mystery/1/1/5f0c",
        original_name="вхід.jpg",
        content_type="image/jpeg",
        size=2048,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    visit = MysteryVisit.objects.get(pk=old_visit.pk)
    assert (visit.evaluator, visit.office, visit.version, visit.response) == (
        evaluator, office, version, response,
    )  # fmt: skip
    assert (visit.visited_at, visit.minutes_waited, visit.status, visit.review_comment) == (
        VISITED_AT, 38, MysteryVisitStatus.RETURNED, "Додайте фото вказівника біля входу.",
    )  # fmt: skip
    assert list(visit.photos.values_list("file", "original_name", "content_type", "size")) == [
        ("mystery/1/1/5f0c", "вхід.jpg", "image/jpeg", 2048)
    ]
    assert ContentType.objects.get_for_model(MysteryVisit).app_label == "mystery"
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_an_audit_entry_recorded_before_the_move_still_reads_in_words():
    event = AuditEvent(
        object_type="surveys.mysteryvisit", changes={"status": ["submitted", "accepted"]}
    )

    assert readable_changes(event) == [
        ChangeRow("стан", "Подано на перевірку", "Прийнято", is_change=True)
    ]
