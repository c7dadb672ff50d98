"""Staff entry of paper forms in batches: start a batch (paper lags behind a new version), the
batch list and detail, removal by the one who entered; tenancy and capabilities."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import BatchKind, QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import Answer, Response, ResponseBatch
from vidhuk.surveys.services import (
    version_new_draft,
    version_publish,
)
from vidhuk.surveys.services.batches import (
    paper_batch_start,
    paper_entry_remove,
    paper_entry_submit,
)
from vidhuk.surveys.tests import factories, paper_batches
from vidhuk.surveys.tests.paper_batches import BASE, entry, stored

every_type = factories.every_type
frozen = factories.frozen
standard = factories.standard
office = paper_batches.office
operator = paper_batches.operator
batch = paper_batches.batch


# --- starting a batch ---------------------------------------------------------------------------


def test_starting_a_batch_opens_the_entry_page(operator, every_type, office, frozen):
    client, membership = operator

    response = client.post(
        BASE + "new/",
        {
            "version": every_type.pk,
            "received_on": "2026-02-27",
            "office": office.pk,
            "label": "Пошта за день",
        },
    )

    batch = ResponseBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{batch.pk}/enter/"
    assert (batch.kind, batch.version, batch.office, batch.label) == (
        BatchKind.PAPER,
        every_type,
        office,
        "Пошта за день",
    )
    assert (batch.received_on, batch.created_by) == (dt.date(2026, 2, 27), membership.user)
    assert AuditEvent.objects.filter(object_type="surveys.responsebatch", action="create").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_on": "2026-03-03"}, "Дата надходження не може бути в майбутньому."),
        ({"received_on": "02.13.2026"}, "Вкажіть дату, наприклад 02.03.2026."),
        ({"received_on": "2024-01-01"}, "Дата надходження — не раніше ніж рік тому."),
        ({"version": ""}, "Виберіть анкету."),
        ({"label": "x" * 256}, "Опис задовгий: не більше 255 символів."),
    ],
    ids=["future", "not-a-date", "too-old", "no-version", "long-label"],
)
def test_a_wrong_batch_is_not_started(operator, every_type, frozen, data, message):
    client, _membership = operator
    form = {"version": every_type.pk, "received_on": "2026-03-02", "office": "", "label": ""}

    response = client.post(BASE + "new/", {**form, **data})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert ResponseBatch.objects.count() == 0


def test_a_draft_or_a_checklist_takes_no_paper(operator, centre, frozen):
    draft = factories.VersionFactory(
        questionnaire__centre=centre, status=VersionStatus.DRAFT, published_at=None
    )
    checklist = factories.VersionFactory(
        questionnaire__centre=centre, questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER
    )
    client, _membership = operator

    page = client.get(BASE + "new/").content.decode()
    refused = client.post(BASE + "new/", {"version": draft.pk, "received_on": "2026-03-02"})

    assert f'value="{draft.pk}"' not in page
    assert f'value="{checklist.pk}"' not in page
    assert "Виберіть анкету зі списку." in refused.content.decode()
    for version in (draft, checklist):
        with pytest.raises(ValidationError) as refusal:
            paper_batch_start(
                centre=centre,
                version=version,
                received_on=dt.date(2026, 3, 2),
                office=None,
                label="",
                actor=None,
            )
        assert "але не чернетку" in str(refusal.value)
    assert ResponseBatch.objects.count() == 0


# --- paper lags behind a new version --------------------------------------------------------------


def publish_next_version(version, actor):
    """A typo fixed: the next version is published through the builder, retiring ``version``."""
    draft = version_new_draft(questionnaire=version.questionnaire, actor=actor)
    return version_publish(version=draft, actor=actor)


def test_forms_printed_from_a_retired_version_are_entered_under_that_version(
    operator, every_type, office, frozen
):
    client, membership = operator
    newer = publish_next_version(every_type, membership.user)
    every_type.refresh_from_db()

    page = client.get(BASE + "new/").content.decode()
    started = client.post(
        BASE + "new/",
        {"version": every_type.pk, "received_on": "2026-02-27", "office": office.pk},
    )
    entering = client.get(started["Location"]).content.decode()
    saved = client.post(started["Location"], entry(q_purpose="1", q_speed="4"))

    assert every_type.status == VersionStatus.RETIRED
    # Both versions are offered; the published one is chosen unless staff pick the old one.
    assert f'<option value="{newer.pk}" selected>' in page
    assert (
        f'<option value="{every_type.pk}">{every_type.questionnaire.title_uk} — версія 1 — '
        "знята з використання, для паперових анкет, заповнених раніше</option>"
    ) in page
    assert "Версія 1 знята з використання" in entering
    assert saved.status_code == 302
    response = Response.objects.get()
    assert (response.version, response.batch.version) == (every_type, every_type)
    assert stored(response) == {"purpose": "a", "speed": 4}


def test_an_open_batch_keeps_taking_forms_after_a_new_version_is_published(
    operator, batch, every_type
):
    client, membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="5"))
    publish_next_version(every_type, membership.user)

    saved = client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="2"))
    detail = client.get(f"{BASE}{batch.pk}/").content.decode()

    assert saved.status_code == 302, saved.content.decode()[-2000:]
    assert saved["Location"] == f"{BASE}{batch.pk}/enter/?saved=1"
    assert sorted(Response.objects.values_list("version", flat=True)) == [every_type.pk] * 2
    assert 'id="batch-count">2<' in detail
    assert "Знята з використання" in detail


# --- batch list and detail ----------------------------------------------------------------------


def test_finishing_a_batch_shows_the_count(operator, batch):
    client, _membership = operator
    for speed in ("1", "2"):
        client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed=speed))

    response = client.post(f"{BASE}{batch.pk}/finish/", follow=True)

    html = response.content.decode()
    assert "Пакет завершено: внесено 2 анкети." in html
    assert 'id="batch-count">2<' in html
    assert AuditEvent.objects.filter(
        object_type="surveys.responsebatch", action="update", changes__entries=2
    ).exists()


def test_the_detail_lists_forms_as_typed(operator, batch):
    client, _membership = operator
    client.post(
        f"{BASE}{batch.pk}/enter/",
        entry(q_purpose="2", q_sources="1 3", q_speed="4", q_rooms__hall="1"),
    )

    html = client.get(f"{BASE}{batch.pk}/").content.decode()

    assert "1) 2 · 2) 1 3 · 3) 4 · 7) 1:1" in html
    assert "Скринька, виїмка 27.02" in html
    assert "Вилучити" in html


def test_the_batch_list_counts_forms_and_names_who_entered(
    operator, batch, django_assert_max_num_queries
):
    client, membership = operator
    membership.user.first_name, membership.user.last_name = "Олена", "Коваль"
    membership.user.save()
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    for index in range(60):
        ResponseBatch.objects.create(
            centre=batch.centre,
            kind=BatchKind.PAPER,
            version=batch.version,
            received_on=dt.date(2026, 2, 1),
            label=f"Пакет {index}",
        )

    with django_assert_max_num_queries(12):
        response = client.get(BASE)

    html = response.content.decode()
    assert "Скринька, виїмка 27.02" in html
    assert "Коваль Олена" in html
    assert "?page=2" in html


def test_the_detail_is_paginated_with_a_bounded_number_of_queries(
    operator, batch, django_assert_max_num_queries
):
    client, membership = operator
    for _index in range(55):
        paper_entry_submit(
            batch=batch,
            answers={"speed": "3", "sources": ["x", "y"]},
            submission_key=uuid.uuid4().hex,
            actor=membership.user,
        )

    with django_assert_max_num_queries(16):
        response = client.get(f"{BASE}{batch.pk}/")

    html = response.content.decode()
    assert "?page=2" in html
    assert html.count("3) 3") == 50


# --- removing a mistaken entry ------------------------------------------------------------------


def test_the_one_who_entered_removes_a_mistaken_form(operator, batch):
    client, _membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    mistaken = Response.objects.get()

    confirm = client.get(f"{BASE}{batch.pk}/entries/{mistaken.pk}/remove/")
    removed = client.post(f"{BASE}{batch.pk}/entries/{mistaken.pk}/remove/")

    assert "Вилучити анкету з пакета?" in confirm.content.decode()
    assert removed.status_code == 302
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    event = AuditEvent.objects.get(object_type="surveys.response", action="delete")
    assert event.changes == {"batch": batch.pk, "channel": "paper"}


def test_a_colleague_can_neither_enter_nor_remove(staff_client, operator, batch):
    client, _membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    form = Response.objects.get()
    colleague, _colleague_membership = staff_client(Role.HEAD)

    assert colleague.get(f"{BASE}{batch.pk}/").status_code == 200
    assert colleague.get(f"{BASE}{batch.pk}/enter/").status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="1")).status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/entries/{form.pk}/remove/").status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/finish/").status_code == 403
    assert Response.objects.count() == 1
    assert "Вилучити" not in colleague.get(f"{BASE}{batch.pk}/").content.decode()


def test_a_form_is_removed_only_from_its_own_batch(operator, batch, every_type, frozen):
    client, membership = operator
    other = paper_batch_start(
        centre=batch.centre,
        version=every_type,
        received_on=dt.date(2026, 3, 1),
        office=None,
        label="Інший",
        actor=membership.user,
    )
    client.post(f"{BASE}{other.pk}/enter/", entry(q_speed="4"))
    form = Response.objects.get()

    response = client.post(f"{BASE}{batch.pk}/entries/{form.pk}/remove/")

    assert response.status_code == 404
    assert Response.objects.count() == 1
    with pytest.raises(ValidationError):
        paper_entry_remove(batch=batch, response=form, actor=membership.user)


def test_the_service_refuses_entry_by_someone_else(batch, staff_client):
    _client, stranger = staff_client(Role.HEAD)

    with pytest.raises(PermissionDenied):
        paper_entry_submit(
            batch=batch, answers={"speed": "4"}, submission_key="k", actor=stranger.user
        )
    assert Response.objects.count() == 0


# --- tenancy and capability ---------------------------------------------------------------------


def test_another_centres_batch_is_not_found(staff_client, other_centre, frozen):
    version = factories.VersionFactory(questionnaire__centre=other_centre)
    foreign = ResponseBatch.objects.create(
        centre=other_centre, kind=BatchKind.PAPER, version=version, received_on=dt.date(2026, 3, 1)
    )
    client, _membership = staff_client(Role.HEAD)

    for suffix in ("", "enter/", "finish/"):
        assert client.get(f"{BASE}{foreign.pk}/{suffix}").status_code == 404
        assert client.post(f"{BASE}{foreign.pk}/{suffix}").status_code == 404


def test_an_import_batch_is_not_a_paper_batch(operator, every_type, frozen):
    client, _membership = operator
    imported = ResponseBatch.objects.create(
        centre=every_type.questionnaire.centre,
        kind=BatchKind.IMPORT,
        version=every_type,
        received_on=dt.date(2026, 3, 1),
    )

    assert client.get(f"{BASE}{imported.pk}/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "new/"])
def test_a_member_without_entry_rights_is_refused(staff_client, batch, suffix):
    client, _membership = staff_client(Role.ANALYST)

    assert client.get(BASE + suffix).status_code == 403
    assert client.post(BASE + "new/", {"version": batch.version_id}).status_code == 403
    assert ResponseBatch.objects.count() == 1
