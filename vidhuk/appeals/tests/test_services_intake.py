"""Services of appeals, intake: an appeal submitted on the web (registration, deadlines,
double submit, tracker) and its attachments."""

import datetime as dt
import hashlib
import io
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from PIL import Image

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AgeGroup,
    Channel,
    EventStage,
    Kind,
    Sex,
    Status,
    YesNoUndisclosed,
)
from vidhuk.appeals.deadlines import info_request_deadline
from vidhuk.appeals.models import (
    Appeal,
    AppealAttachment,
    RegistrationCounter,
)
from vidhuk.appeals.services import Applicant, Demographics
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.submitting import (
    ANONYMOUS,
    CONSENT,
    KYIV,
    MARIA,
    PDF,
    end_of,
    submit,
)
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
from vidhuk.testing.images import jpeg_with_gps, png_bytes

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head
outsider = factories.outsider


# --- web submission ------------------------------------------------------------------------


def test_web_complaint_is_registered_with_index_deadline_and_hashed_token(centre, frozen):
    result = submit(centre)

    appeal = Appeal.objects.get()
    assert result.created is True
    assert appeal.registration_index == "Ш-1/2026"
    assert appeal.full_name == "Шевченко Марія Петрівна"
    assert appeal.phone == "+380671234567"
    assert appeal.channel == Channel.WEB
    assert appeal.status == Status.REGISTERED
    assert appeal.due_at == end_of(dt.date(2026, 3, 17))  # Art. 20: 15 calendar days
    assert appeal.tracker_token_hash != result.tracker_token
    assert len(result.tracker_token) >= 43
    assert appeal.consent_text == CONSENT
    assert [e.stage for e in appeal.events.all()] == [EventStage.REGISTERED]
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(appeal.pk)).count() == 1
    )


@pytest.mark.parametrize(
    "kind", [Kind.PROPOSAL, Kind.STATEMENT, Kind.COMPLAINT, Kind.INFO_REQUEST], ids=str
)
def test_anonymous_item_cannot_be_a_formal_appeal_or_request(centre, kind):
    with pytest.raises(ValidationError) as error:
        submit(centre, kind=kind, applicant=ANONYMOUS)

    assert "kind" in error.value.message_dict
    assert Appeal.objects.count() == 0
    assert not RegistrationCounter.objects.filter(last_number__gt=0).exists()


@pytest.mark.parametrize("kind", [Kind.THANKS, Kind.QUALITY_REMARK, Kind.QUESTION], ids=str)
def test_anonymous_feedback_is_registered_without_personal_data(centre, frozen, kind):
    submit(centre, kind=kind, applicant=ANONYMOUS, staff_remark="Адміністратор був неввічливий")

    appeal = Appeal.objects.get()
    assert appeal.registration_index == "Ан-1/2026"
    assert (appeal.full_name, appeal.email, appeal.phone, appeal.address) == ("", "", "", "")
    assert appeal.due_at is None
    assert appeal.subject == "anonymous"


def test_database_refuses_an_anonymous_complaint_written_around_the_services(centre):
    appeal = AppealFactory(centre=centre, kind=Kind.COMPLAINT)

    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(is_anonymous=True)


def test_double_submit_with_the_same_key_makes_one_case(centre):
    key = uuid.uuid4()

    first = submit(centre, key=key)
    second = submit(centre, key=key)

    assert Appeal.objects.count() == 1
    assert second.appeal.pk == first.appeal.pk
    assert (second.created, second.tracker_token) == (False, first.tracker_token)


def test_same_key_in_another_centre_is_another_case(centre, other_centre):
    key = uuid.uuid4()

    submit(centre, key=key)
    submit(other_centre, key=key)

    assert Appeal.objects.count() == 2


def test_numbers_are_sequential_per_centre_and_restart_each_year(centre, other_centre, frozen):
    submit(centre)
    submit(centre, applicant=Applicant(**{**vars(MARIA), "full_name": "Іваненко Петро"}))
    submit(other_centre)
    frozen.move_to(dt.datetime(2027, 1, 1, 9, 0, tzinfo=KYIV), tick=False)
    submit(centre)

    indexes = list(Appeal.objects.order_by("pk").values_list("centre__slug", "registration_index"))
    assert indexes == [
        ("verbivka", "Ш-1/2026"),
        ("verbivka", "І-2/2026"),
        ("luhove", "Ш-1/2026"),
        ("verbivka", "Ш-1/2027"),
    ]


@pytest.mark.parametrize(
    ("kind", "applicant", "expected"),
    [
        (Kind.INFO_REQUEST, MARIA, "ЗІ-1/2026"),
        (Kind.STATEMENT, Applicant(**{**vars(MARIA), "signatories_count": 12}), "Кол-1/2026"),
        (Kind.THANKS, ANONYMOUS, "Ан-1/2026"),
    ],
    ids=["info-request", "collective", "anonymous"],
)
def test_index_prefix_follows_instruction_348(centre, frozen, kind, applicant, expected):
    result = submit(centre, kind=kind, applicant=applicant)

    assert result.appeal.registration_index == expected


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_sequential_numbers(time_machine):
    centre = CentreFactory()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            submit(centre)
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Appeal.objects.values_list("registration_number", flat=True))
    assert numbers == list(range(1, 9))


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_case():
    centre = CentreFactory()
    key = uuid.uuid4()
    results = []

    def worker() -> None:
        try:
            results.append(submit(centre, key=key).created)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Appeal.objects.count() == 1
    assert sorted(results) == [False, False, False, True]


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        (Applicant(**{**vars(MARIA), "address": ""}), "address"),
        (Applicant(**{**vars(MARIA), "full_name": ""}), "full_name"),
        (Applicant(**{**vars(MARIA), "email": "", "phone": ""}), "email"),
    ],
    ids=["no-residence", "no-name", "no-contact"],
)
def test_formal_appeal_needs_the_article_5_details(centre, applicant, field):
    with pytest.raises(ValidationError) as error:
        submit(centre, applicant=applicant)

    assert field in error.value.message_dict
    assert Appeal.objects.count() == 0


def test_information_request_needs_only_a_name_and_an_address_or_email(centre):
    applicant = Applicant(
        full_name="Петренко Ольга", email="olha@example.com", consent_text=CONSENT
    )

    result = submit(centre, kind=Kind.INFO_REQUEST, applicant=applicant)

    assert result.appeal.address == ""


def test_named_web_submission_needs_consent(centre):
    with pytest.raises(ValidationError):
        submit(centre, applicant=Applicant(**{**vars(MARIA), "consent_text": ""}))

    assert Appeal.objects.count() == 0


def test_invalid_phone_is_refused(centre):
    with pytest.raises(ValidationError) as error:
        submit(centre, applicant=Applicant(**{**vars(MARIA), "phone": "12"}))

    assert "phone" in error.value.message_dict


def test_demographics_are_stored_as_given_with_their_consent_moment(centre, frozen):
    demographics = Demographics(
        sex=Sex.FEMALE,
        age_group=AgeGroup.SIXTY_PLUS,
        is_idp=YesNoUndisclosed.YES,
        has_disability=YesNoUndisclosed.UNDISCLOSED,
        is_pensioner=YesNoUndisclosed.YES,
        is_veteran=YesNoUndisclosed.NO,
    )

    appeal = submit(centre, demographics=demographics).appeal

    assert (appeal.sex, appeal.age_group, appeal.is_idp, appeal.has_disability) == (
        "female",
        "60_plus",
        "yes",
        "undisclosed",
    )
    assert appeal.demographics_consent_at == dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


def test_urgent_information_request_is_due_in_48_hours(centre, frozen):
    applicant = Applicant(
        full_name="Петренко Ольга", email="olha@example.com", consent_text=CONSENT
    )

    appeal = submit(
        centre,
        kind=Kind.INFO_REQUEST,
        applicant=applicant,
        is_urgent=True,
        urgency_reason="Загроза підтоплення",
    ).appeal

    assert appeal.due_at == dt.datetime(2026, 3, 4, 12, 0, tzinfo=KYIV)


def test_information_request_is_due_in_5_working_days(centre, frozen):
    applicant = Applicant(
        full_name="Петренко Ольга", email="olha@example.com", consent_text=CONSENT
    )

    appeal = submit(centre, kind=Kind.INFO_REQUEST, applicant=applicant).appeal

    assert appeal.due_at == info_request_deadline(
        received_at=appeal.received_at, is_urgent=False, centre=centre
    )


def test_urgency_is_only_for_information_requests(centre):
    with pytest.raises(ValidationError) as error:
        submit(centre, is_urgent=True)

    assert "is_urgent" in error.value.message_dict


def test_office_of_another_centre_is_refused(centre, other_centre):
    with pytest.raises(ValidationError) as error:
        submit(centre, office=OfficeFactory(centre=other_centre))

    assert "office" in error.value.message_dict


# --- attachments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("скарга.pdf", PDF, "application/pdf"),
        ("note.txt", "Текст звернення".encode(), "text/plain"),
    ],
    ids=["pdf", "text"],
)
def test_documents_are_kept_byte_for_byte_with_their_hash(centre, name, content, content_type):
    upload = SimpleUploadedFile(name, content)

    appeal = submit(centre, attachments=[upload]).appeal

    attachment = AppealAttachment.objects.get(appeal=appeal)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(content),
    )
    assert attachment.file.read() == content
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "shown"),
    [
        ("photo.PNG", png_bytes(), "image/png", ("PNG", (20, 20), {})),
        ("photo.jpg", jpeg_with_gps(), "image/jpeg", ("JPEG", (64, 48), {})),
    ],
    ids=["png", "jpeg"],
)
def test_photos_are_kept_re_encoded_without_exif(centre, name, content, content_type, shown):
    appeal = submit(centre, attachments=[SimpleUploadedFile(name, content)]).appeal

    attachment = AppealAttachment.objects.get(appeal=appeal)
    stored = attachment.file.read()
    with Image.open(io.BytesIO(stored)) as image:
        stored_image = (image.format, image.size, dict(image.getexif()))
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(stored),
    )
    assert stored_image == shown
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


def test_a_signature_without_a_picture_is_refused(centre):
    with pytest.raises(ValidationError) as error:
        submit(
            centre, attachments=[SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32)]
        )

    assert error.value.messages == [
        "Файл «photo.jpg» не підходить: додавайте PDF, JPEG, PNG або текст (.txt)."
    ]
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03 executable"),
        ("photo.png", PDF),
        ("macro.docm", b"PK\x03\x04zip"),
        ("binary.txt", b"abc\x00def"),
    ],
    ids=["exe-as-pdf", "pdf-as-png", "office", "binary-text"],
)
def test_unsafe_attachments_are_refused_and_nothing_is_saved(centre, name, content):
    with pytest.raises(ValidationError):
        submit(centre, attachments=[SimpleUploadedFile(name, content)])

    assert Appeal.objects.count() == 0


def test_attachment_over_the_size_limit_is_refused(centre, settings):
    settings.VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES = 20

    with pytest.raises(ValidationError) as error:
        services.attachment_check(file=SimpleUploadedFile("big.pdf", PDF))

    assert error.value.code == "too_large"
