"""The appeals back office through its views: personal data (the applicant's data exported,
retention, anonymisation refused for a case under consideration)."""

import json

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import (
    Status,
)
from vidhuk.appeals.models import AppealsSettings
from vidhuk.appeals.tests import factories, staff_pages
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.staff_pages import BASE, _act, _appeal, _page
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

frozen = factories.frozen
main_office = staff_pages.main_office
operator = staff_pages.operator
inbox = staff_pages.inbox


def test_head_exports_everything_held_about_one_applicant_and_it_is_audited(
    staff_client, frozen, centre, other_centre
):
    mine = _appeal(centre)
    _appeal(centre, email="someone@example.com", phone="")
    AppealFactory(centre=other_centre)
    client, membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"phone": "067 123 45 67"})

    export = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applicant-verbivka-')
    assert [item["registration_index"] for item in export["items"]] == [mine.registration_index]
    assert (
        AuditEvent.objects.filter(
            centre=centre, action=AuditAction.EXPORT, actor=membership.user
        ).count()
        == 1
    )


def test_applicant_export_needs_an_email_or_a_phone(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"email": "", "phone": ""})

    assert "Вкажіть електронну пошту або телефон заявника." in _page(response)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_impossible_phone_is_explained(staff_client, frozen):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}personal-data/", {"phone": "12"})

    assert "Вкажіть номер телефону, наприклад 067 123 45 67." in _page(response)


@pytest.mark.parametrize("url", ["personal-data/", "settings/"])
def test_administrator_may_not_reach_personal_data_pages(staff_client, frozen, url):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    assert client.post(f"{BASE}{url}", {"phone": "0671234567"}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_head_changes_retention_and_digest(staff_client, frozen, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}settings/", {"retention_days": "1100"})

    saved = AppealsSettings.objects.get(centre=centre)
    assert response.status_code == 302
    assert (saved.retention_days, saved.digest_enabled) == (1100, False)


def test_retention_shorter_than_30_days_is_refused(staff_client, frozen, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}settings/", {"retention_days": "7", "digest_enabled": "on"})

    assert "Не менше 30 днів." in _page(response)
    assert not AppealsSettings.objects.filter(centre=centre).exists()


def test_a_crafted_request_cannot_anonymise_a_case_under_consideration(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.HEAD)

    response = _act(client, appeal, "anonymise", {})

    appeal.refresh_from_db()
    assert "лише після завершення розгляду" in _page(response)
    assert (appeal.anonymised_at, appeal.full_name) == (None, "Шевченко Марія Петрівна")
