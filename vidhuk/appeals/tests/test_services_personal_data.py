"""Services of appeals: personal data (anonymisation when kept long enough, and what it
clears)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AgeGroup,
    Channel,
    EventStage,
    Kind,
    Sex,
    Status,
)
from vidhuk.appeals.models import (
    Appeal,
    AppealAttachment,
)
from vidhuk.appeals.services import Applicant
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.submitting import CONSENT, KYIV, MARIA, PDF, register, submit
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head
outsider = factories.outsider


# --- personal data -------------------------------------------------------------------------


def test_viewing_personal_data_is_audited(centre, head):
    appeal = AppealFactory(centre=centre)

    services.appeal_personal_data_viewed(actor=head, appeal=appeal)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (AuditAction.VIEW, head, str(appeal.pk))


def closed(centre, *, closed_at, **extra):
    return AppealFactory(
        centre=centre,
        status=Status.CLOSED,
        closed_at=closed_at,
        answered_at=closed_at,
        answer_text="Відповідь",
        sex=Sex.FEMALE,
        age_group=AgeGroup.FROM_36_TO_59,
        topic="accessibility",
        **extra,
    )


def test_retention_anonymises_only_cases_closed_longer_ago_than_the_period(centre, frozen):
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
    expired = closed(centre, closed_at=now - dt.timedelta(days=5 * 365 + 2))
    recent = closed(centre, closed_at=now - dt.timedelta(days=5 * 365 - 1))
    still_open = AppealFactory(centre=centre)

    count = services.appeals_anonymise_expired(now=now)

    assert count == 1
    expired.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert (expired.full_name, expired.email, expired.phone, expired.address) == ("", "", "", "")
    assert expired.answer_text == ""
    assert expired.anonymised_at == now
    assert (expired.kind, expired.channel, expired.sex, expired.age_group, expired.topic) == (
        Kind.COMPLAINT,
        Channel.WEB,
        Sex.FEMALE,
        AgeGroup.FROM_36_TO_59,
        "accessibility",
    )
    assert recent.full_name == still_open.full_name == "Шевченко Марія Петрівна"


def test_retention_also_takes_cases_answered_and_never_closed(centre, frozen):
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
    answered = AppealFactory(
        centre=centre,
        status=Status.ANSWERED,
        answer_text="Відповідь надано.",
        answered_at=now - dt.timedelta(days=5 * 365 + 2),
        closed_at=None,
    )

    assert services.appeals_anonymise_expired(now=now) == 1
    answered.refresh_from_db()
    assert (answered.full_name, answered.anonymised_at) == ("", now)


def test_retention_follows_the_centres_own_period(centre, head, frozen):
    services.appeals_settings_update(
        centre=centre, actor=head, retention_days=365, digest_enabled=True
    )
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
    appeal = closed(centre, closed_at=now - dt.timedelta(days=400))

    assert services.appeals_anonymise_expired(now=now) == 1
    assert services.appeals_anonymise_expired(now=now) == 0
    appeal.refresh_from_db()
    assert appeal.full_name == ""


def test_anonymise_clears_event_texts_attachments_and_the_hotline_question(centre, head):
    appeal = submit(centre, attachments=[SimpleUploadedFile("a.pdf", PDF)]).appeal
    services.appeal_add_note(appeal=appeal, actor=head, note="Заявниця — сусідка Петренка")
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)

    services.appeal_anonymise(appeal=appeal, actor=head)

    assert AppealAttachment.objects.count() == 0
    texts = set(appeal.events.values_list("public_text", "internal_note"))
    assert texts == {("", "")}
    assert appeal.events.filter(stage=EventStage.ANONYMISED).count() == 1


def test_a_case_still_under_consideration_is_not_anonymised(centre, head):
    appeal = submit(centre).appeal

    with pytest.raises(ValidationError) as error:
        services.appeal_anonymise(appeal=appeal, actor=head)

    appeal.refresh_from_db()
    assert error.value.code == "invalid_transition"
    assert (appeal.full_name, appeal.anonymised_at) == ("Шевченко Марія Петрівна", None)


def test_export_of_an_applicants_data_by_email_or_phone(centre, other_centre, head, frozen):
    first = submit(centre).appeal
    second = register(
        centre, head, channel=Channel.POST, applicant=Applicant(**{**vars(MARIA), "email": ""})
    ).appeal
    submit(other_centre)
    AppealFactory(centre=centre, email="someone@example.com", phone="+380501112233")

    export = services.applicant_data_export(
        centre=centre, actor=head, email="MARIA@example.com", phone="0671234567"
    )

    assert [item["registration_index"] for item in export["items"]] == [
        first.registration_index,
        second.registration_index,
    ]
    item = export["items"][0]
    assert item["full_name"] == "Шевченко Марія Петрівна"
    assert item["consent_text"] == CONSENT
    assert item["events"] == [
        {
            "stage": "Зареєстровано",
            "at": item["received_at"],
            "text": "Зареєстровано за номером Ш-1/2026.",
        }
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes == {"items": ["Ш-1/2026", "Ш-2/2026"]}


def test_export_is_json_serialisable(centre, head):
    import json

    submit(centre)

    export = services.applicant_data_export(centre=centre, actor=head, email="maria@example.com")

    assert json.loads(json.dumps(export))["items"][0]["email"] == "maria@example.com"


def test_the_database_holds_no_working_tracker_link(centre, settings):
    # given a case registered from the web
    registered = submit(centre)
    appeal = Appeal.objects.get(pk=registered.appeal.pk)

    # then no column holds the token, and another secret key derives another token
    assert registered.tracker_token not in str(
        list(Appeal.objects.values().get(pk=appeal.pk).values())
    )
    settings.SECRET_KEY = "another-deployment-key-" + "x" * 40
    assert tracker_token_for(salt=appeal.tracker_salt) != registered.tracker_token
