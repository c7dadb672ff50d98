"""The yearly gender audit: the checklist as data, staff score it with evidence, the head
completes it, its recommendations become findings in the decisions register — once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.analytics.choices import AuditState
from vidhuk.analytics.gender_audit import checklist, checklist_items
from vidhuk.analytics.models import GenderAudit
from vidhuk.decisions.models import Finding

pytestmark = pytest.mark.django_db
AUDITS = "/staff/verbivka/analytics/gender/audit/"
NOW = dt.datetime(2026, 11, 3, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW)


def test_the_checklist_covers_the_four_areas_in_both_languages():
    data = checklist()

    assert [s["code"] for s in data["sections"]] == [
        "premises",
        "staff",
        "services",
        "communication",
    ]
    assert [step["score"] for step in data["scale"]] == [0, 1, 2]
    texts = [
        item[part][language]
        for item in checklist_items().values()
        for part in ("text", "guidance")
        for language in ("uk", "en")
    ]
    assert len(texts) == 4 * 18
    assert all(texts)


def _answers(**overrides):
    form = {}
    for code in checklist_items():
        form[f"{code}-score"] = "2"
        form[f"{code}-evidence"] = f"Огляд {code}"
    form.update(overrides)
    return form


def _started(client):
    client.post(AUDITS, {"year": "2026"})
    return GenderAudit.objects.get()


def test_staff_fill_the_audit_and_the_head_completes_it(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _started(client)
    answers = _answers(**{"P1-score": "0", "P1-recommendation": "Облаштувати дитячий куточок."})

    saved = client.post(f"{AUDITS}2026/", answers, follow=True)
    completed = client.post(f"{AUDITS}2026/complete/", follow=True)

    assert "Оцінки аудиту збережено." in saved.content.decode()
    page = completed.content.decode()
    assert "Звіт гендерного аудиту 2026 року" in page
    assert "Облаштувати дитячий куточок." in page
    assert "80 % від найвищої оцінки" in page  # premises: 0 + 2 × 4 of 10
    assert GenderAudit.objects.get().state == AuditState.COMPLETED
    pdf = client.get(f"{AUDITS}2026/report.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_an_audit_with_an_unscored_item_is_not_completed(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _started(client)
    client.post(f"{AUDITS}2026/", _answers(**{"C4-score": ""}))

    response = client.post(f"{AUDITS}2026/complete/", follow=True)

    assert "Оцініть усі пункти переліку. Без оцінки: C4." in response.content.decode()
    assert GenderAudit.objects.get().state == AuditState.DRAFT


def test_a_score_off_the_scale_is_refused_and_nothing_is_lost(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _started(client)

    response = client.post(
        f"{AUDITS}2026/", _answers(**{"S1-score": "7", "S2-evidence": "Наказ № 5"})
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Виберіть оцінку зі шкали." in page
    assert "Наказ № 5" in page
    assert not GenderAudit.objects.get().answers.exists()


def test_an_administrator_cannot_complete(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    _started(client)
    client.post(f"{AUDITS}2026/", _answers())

    response = client.post(f"{AUDITS}2026/complete/")

    assert response.status_code == 403
    assert GenderAudit.objects.get().state == AuditState.DRAFT


def test_a_recommendation_becomes_one_finding(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _started(client)
    client.post(
        f"{AUDITS}2026/",
        _answers(**{"P1-score": "0", "P1-recommendation": "Облаштувати дитячий куточок."}),
    )
    client.post(f"{AUDITS}2026/complete/")

    first = client.post(f"{AUDITS}2026/findings/P1/", follow=True)
    client.post(f"{AUDITS}2026/findings/P1/")

    finding = Finding.objects.get()
    assert finding.centre == centre
    assert finding.summary == "Облаштувати дитячий куточок."
    assert finding.title.startswith("Гендерний аудит 2026, пункт P1:")
    assert f"Висновок № {finding.number} у реєстрі висновків." in first.content.decode()


def test_an_item_without_a_recommendation_makes_no_finding(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _started(client)
    client.post(f"{AUDITS}2026/", _answers())
    client.post(f"{AUDITS}2026/complete/")

    response = client.post(f"{AUDITS}2026/findings/P2/", follow=True)

    assert "У цього пункту немає рекомендації." in response.content.decode()
    assert not Finding.objects.exists()
