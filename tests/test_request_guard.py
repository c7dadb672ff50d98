"""Requests refused before a view sees them: bodies over the limit, NUL characters."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from vidhuk.accounts.choices import Role
from vidhuk.appeals.models import Appeal
from vidhuk.core.models import AuditEvent

DOCS = Path(settings.BASE_DIR) / "docs" / "operations.md"


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(client, centre):
    response = client.generic(
        "POST",
        f"/{centre.slug}/appeals/",
        b"x" * 10,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.VIDHUK_REQUEST_MAX_BYTES + 1),
    )

    assert response.status_code == 413
    assert "Файли завеликі" in response.content.decode()
    assert "101 МБ" in response.content.decode()


def test_a_body_within_the_limit_reaches_the_form(client, centre):
    response = client.post(f"/{centre.slug}/appeals/", {"group": ""})

    assert response.status_code == 200


def test_the_documented_proxy_limit_is_the_applications_limit():
    limit = re.search(r"client_max_body_size (\d+)m;", DOCS.read_text(encoding="utf-8"))

    assert limit is not None
    assert int(limit.group(1)) * 1024 * 1024 == settings.VIDHUK_REQUEST_MAX_BYTES


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"q": "паспорт\x00"}, id="value"),
        pytest.param({"status\x00": "new"}, id="key"),
        pytest.param({"date_from": "\x00"}, id="date"),
    ],
)
def test_a_nul_in_the_staff_export_query_is_a_plain_400(staff_client, query):
    client, membership = staff_client(Role.HEAD)
    audited = AuditEvent.objects.count()

    response = client.get(f"/staff/{membership.centre.slug}/appeals/export.csv", query)

    assert response.status_code == 400
    assert "Запит не прийнято" in response.content.decode()
    assert AuditEvent.objects.count() == audited


def test_a_nul_in_a_public_form_field_is_a_plain_400_and_saves_nothing(client, centre):
    response = client.post(
        f"/{centre.slug}/appeals/feedback/", {"text": "Дякую\x00", "kind": "thanks"}
    )

    assert response.status_code == 400
    assert Appeal.objects.count() == 0


def test_a_nul_page_is_in_english_on_english_pages(client, centre):
    response = client.get(f"/en/{centre.slug}/services/", {"q": "\x00"})

    assert response.status_code == 400
    assert 'lang="en"' in response.content.decode()
