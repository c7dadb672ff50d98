"""Services of appeals: registration from every channel, case work, personal data."""

import datetime as dt
import hashlib
import io
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from PIL import Image

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AgeGroup,
    AnswerDelivery,
    Channel,
    EventStage,
    Kind,
    NotConsideredReason,
    Sex,
    Status,
    YesNoUndisclosed,
)
from vidhuk.appeals.deadlines import info_request_deadline, info_request_extended_deadline
from vidhuk.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    HotlineCall,
    RegistrationCounter,
    SuggestionBoxOpening,
)
from vidhuk.appeals.services import Applicant, BoxEntry, ChannelDetails, Demographics
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
from vidhuk.testing.images import jpeg_with_gps, png_bytes

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head
outsider = factories.outsider

KYIV = ZoneInfo("Europe/Kyiv")
CONSENT = "Згода на обробку персональних даних, версія 1 (2026-01-01)."
MARIA = Applicant(
    full_name="Шевченко  Марія Петрівна",
    address="м. Вербівка, вул. Садова, 5",
    email="maria@example.com",
    phone="067 123 45 67",
    consent_text=CONSENT,
)
ANONYMOUS = Applicant(is_anonymous=True)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=KYIV)


def submit(centre, *, kind=Kind.COMPLAINT, applicant=MARIA, key=None, **extra):
    return services.appeal_submit(
        centre=centre,
        kind=kind,
        text="Біля входу немає пандуса.",
        submission_key=key or uuid.uuid4(),
        applicant=applicant,
        base_url="https://vidhuk.example",
        **extra,
    )


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

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


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


# --- offline channels ----------------------------------------------------------------------


def register(centre, actor, *, channel, kind=Kind.STATEMENT, applicant=MARIA, **extra):
    return services.appeal_register(
        centre=centre,
        actor=actor,
        channel=channel,
        kind=kind,
        text="Прошу подовжити графік роботи у суботу.",
        applicant=applicant,
        **extra,
    )


@pytest.mark.parametrize(
    ("channel", "details", "document_type"),
    [
        (Channel.RECEPTION, ChannelDetails(), "oral"),
        (Channel.POST, ChannelDetails(), "letter"),
        (Channel.EMAIL, ChannelDetails(), "electronic"),
        (Channel.HOTLINE, ChannelDetails(), "oral"),
        (Channel.BOOK, ChannelDetails(book_number="2", book_page=14), "letter"),
        (
            Channel.SOCIAL,
            ChannelDetails(social_post_url="https://facebook.com/verbivka/posts/1"),
            "electronic",
        ),
    ],
    ids=str,
)
def test_staff_register_an_item_from_each_offline_channel(
    centre, head, channel, details, document_type
):
    result = register(centre, head, channel=channel, details=details)

    appeal = result.appeal
    assert (appeal.channel, appeal.document_type) == (channel, document_type)
    assert (appeal.book_number, appeal.social_post_url) == (
        details.book_number,
        details.social_post_url,
    )
    assert AuditEvent.objects.get(action=AuditAction.CREATE).actor == head


@pytest.mark.parametrize(
    ("channel", "field"), [(Channel.BOOK, "book_number"), (Channel.SOCIAL, "social_post_url")]
)
def test_channel_details_are_required(centre, head, channel, field):
    with pytest.raises(ValidationError) as error:
        register(centre, head, channel=channel)

    assert field in error.value.message_dict


def test_box_items_go_through_a_box_opening(centre, head):
    with pytest.raises(ValidationError):
        register(centre, head, channel=Channel.BOX)


def test_staff_registration_with_further_study_gets_one_month(centre, head, frozen):
    appeal = register(centre, head, channel=Channel.POST, needs_study=True).appeal

    assert appeal.due_at == end_of(dt.date(2026, 4, 2))


def test_executor_from_another_centre_is_refused_at_registration(centre, head, outsider):
    with pytest.raises(ValidationError) as error:
        register(centre, head, channel=Channel.POST, executor=outsider)

    assert "executor" in error.value.message_dict
    assert Appeal.objects.count() == 0


# --- hotline -------------------------------------------------------------------------------


def log_call(centre, actor, **extra):
    return services.hotline_call_log(
        centre=centre,
        actor=actor,
        started_at=dt.datetime(2026, 3, 2, 10, 15, tzinfo=KYIV),
        duration_seconds=240,
        question="Коли працює віддалене робоче місце у Луговому?",
        consultation="У вівторок і четвер з 9 до 16.",
        **extra,
    )


def test_hotline_consultation_is_logged_without_a_case(centre, head):
    call = log_call(centre, head, staff_remark="Довго не відповідали")

    assert (call.operator, call.appeal) == (head, None)
    assert HotlineCall.objects.count() == 1
    assert Appeal.objects.count() == 0


def test_hotline_call_is_made_a_case_once(centre, head, frozen):
    call = log_call(centre, head)

    result = services.hotline_call_make_case(
        call=call, actor=head, kind=Kind.STATEMENT, applicant=MARIA
    )

    call.refresh_from_db()
    assert call.appeal == result.appeal
    assert result.appeal.channel == Channel.HOTLINE
    assert result.appeal.received_at == call.started_at
    assert result.appeal.text == call.question
    with pytest.raises(ValidationError):
        services.hotline_call_make_case(call=call, actor=head, kind=Kind.STATEMENT, applicant=MARIA)
    assert Appeal.objects.count() == 1


# --- suggestion box ------------------------------------------------------------------------


def box_entries(*, second_kind=Kind.QUALITY_REMARK):
    return [
        BoxEntry(kind=Kind.THANKS, text="Дякую Олені за допомогу!", applicant=ANONYMOUS),
        BoxEntry(kind=second_kind, text="Мало місць для очікування.", applicant=ANONYMOUS),
        BoxEntry(kind=Kind.STATEMENT, text="Прошу встановити лавку.", applicant=MARIA),
    ]


def test_box_opening_records_all_entries(centre, head, frozen):
    office = OfficeFactory(centre=centre)

    opening = services.box_opening_create(
        centre=centre,
        actor=head,
        office=office,
        opened_on=dt.date(2026, 3, 2),
        opened_by="Коваленко О., Петренко І.",
        entries=box_entries(),
    )

    entries = list(opening.entries.order_by("pk"))
    assert [e.registration_index for e in entries] == ["Ан-1/2026", "Ан-2/2026", "Ш-3/2026"]
    assert {(e.channel, e.office_id) for e in entries} == {(Channel.BOX, office.pk)}


def test_box_opening_failing_mid_batch_writes_nothing(centre, head):
    office = OfficeFactory(centre=centre)

    with pytest.raises(ValidationError) as error:
        services.box_opening_create(
            centre=centre,
            actor=head,
            office=office,
            opened_on=dt.date(2026, 3, 2),
            opened_by="Коваленко О.",
            entries=box_entries(second_kind=Kind.COMPLAINT),  # anonymous complaint
        )

    assert "Запис №2" in error.value.messages[0]
    assert [problem.params["number"] for problem in error.value.error_list] == [2]
    assert SuggestionBoxOpening.objects.count() == 0
    assert Appeal.objects.count() == 0
    assert not RegistrationCounter.objects.filter(last_number__gt=0).exists()


# --- assignment ----------------------------------------------------------------------------


def test_assign_to_a_member_of_the_centre(centre, head, executor):
    appeal = AppealFactory(centre=centre)

    services.appeal_assign(appeal=appeal, executor=executor, actor=head)

    appeal.refresh_from_db()
    assert appeal.executor == executor
    assert appeal.events.get().stage == EventStage.ASSIGNED
    assert appeal.events.get().is_public is False


def test_assign_to_a_member_of_another_centre_is_refused(centre, head, outsider):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_assign(appeal=appeal, executor=outsider, actor=head)

    appeal.refresh_from_db()
    assert appeal.executor is None


def test_bulk_assign_gives_every_case(centre, head, executor):
    appeals = AppealFactory.create_batch(3, centre=centre)

    services.appeal_bulk_assign(
        centre=centre, appeal_ids=[a.pk for a in appeals], executor=executor, actor=head
    )

    assert set(Appeal.objects.values_list("executor", flat=True)) == {executor.pk}


def test_bulk_assign_across_centres_is_refused_and_changes_nothing(
    centre, other_centre, head, executor
):
    mine = AppealFactory(centre=centre)
    theirs = AppealFactory(centre=other_centre)

    with pytest.raises(ValidationError):
        services.appeal_bulk_assign(
            centre=centre, appeal_ids=[mine.pk, theirs.pk], executor=executor, actor=head
        )

    assert list(Appeal.objects.values_list("executor", flat=True)) == [None, None]
    assert AppealEvent.objects.count() == 0


# --- status transitions --------------------------------------------------------------------


def do_take(appeal, actor):
    return services.appeal_take_into_work(appeal=appeal, actor=actor)


def do_answer(appeal, actor):
    return services.appeal_answer(
        appeal=appeal, actor=actor, answer_text="Пандус встановимо до 1 травня.", delivery="email"
    )


def do_close(appeal, actor):
    return services.appeal_close(appeal=appeal, actor=actor)


def do_return(appeal, actor):
    return services.appeal_return_noncompliant(appeal=appeal, actor=actor, reason="Без підпису")


def do_forward(appeal, actor):
    return services.appeal_forward(
        appeal=appeal, actor=actor, forwarded_to="Головне управління ПФУ", reason="Пенсії"
    )


def do_not_considered(appeal, actor):
    return services.appeal_mark_not_considered(
        appeal=appeal, actor=actor, reason=NotConsideredReason.REPEATED_SAME_BODY
    )


ACTIONS = {
    "take": (do_take, Status.IN_PROGRESS),
    "answer": (do_answer, Status.ANSWERED),
    "close": (do_close, Status.CLOSED),
    "return": (do_return, Status.RETURNED),
    "forward": (do_forward, Status.FORWARDED),
    "not_considered": (do_not_considered, Status.NOT_CONSIDERED),
}
# (action, from status) pairs allowed for a formal appeal; every other pair is refused.
ALLOWED_FOR_APPEAL = {
    ("take", Status.REGISTERED),
    ("answer", Status.REGISTERED),
    ("answer", Status.IN_PROGRESS),
    ("close", Status.ANSWERED),
    ("return", Status.REGISTERED),
    ("return", Status.IN_PROGRESS),
    ("forward", Status.REGISTERED),
    ("forward", Status.IN_PROGRESS),
    ("not_considered", Status.REGISTERED),
    ("not_considered", Status.IN_PROGRESS),
}
ALL_PAIRS = [(action, status) for action in ACTIONS for status in Status.values]


@pytest.mark.parametrize(
    ("action", "status"),
    sorted(ALLOWED_FOR_APPEAL),
    ids=[f"{a}-from-{s}" for a, s in sorted(ALLOWED_FOR_APPEAL)],
)
def test_allowed_transition_of_a_formal_appeal(centre, head, frozen, action, status):
    appeal = AppealFactory(centre=centre, status=status, executor=head)
    func, expected = ACTIONS[action]

    func(appeal, head)

    appeal.refresh_from_db()
    assert appeal.status == expected


REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED_FOR_APPEAL]


@pytest.mark.parametrize(("action", "status"), REFUSED, ids=[f"{a}-from-{s}" for a, s in REFUSED])
def test_refused_transition_of_a_formal_appeal_changes_nothing(
    centre, head, frozen, action, status
):
    appeal = AppealFactory(centre=centre, status=status, executor=head)
    func, _expected = ACTIONS[action]

    with pytest.raises(ValidationError):
        func(appeal, head)

    appeal.refresh_from_db()
    assert appeal.status == status
    assert AppealEvent.objects.count() == 0


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.IN_PROGRESS], ids=str)
def test_feedback_can_be_closed_without_an_answer(centre, head, status):
    appeal = AppealFactory(centre=centre, kind=Kind.THANKS, status=status, due_at=None)

    services.appeal_close(appeal=appeal, actor=head)

    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED
    assert appeal.closed_at is not None


@pytest.mark.parametrize("func", [do_return, do_not_considered], ids=["return", "not-considered"])
def test_feedback_cannot_be_returned_or_left_unconsidered(centre, head, func):
    appeal = AppealFactory(centre=centre, kind=Kind.QUESTION, due_at=None)

    with pytest.raises(ValidationError):
        func(appeal, head)


def test_take_into_work_makes_an_unassigned_case_the_actors(centre, executor):
    appeal = AppealFactory(centre=centre)

    services.appeal_take_into_work(appeal=appeal, actor=executor)

    appeal.refresh_from_db()
    assert (appeal.status, appeal.executor) == (Status.IN_PROGRESS, executor)


def test_return_is_refused_after_10_days(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 13, 9, 0, tzinfo=KYIV), tick=False)

    with pytest.raises(ValidationError) as error:
        do_return(appeal, head)

    assert error.value.code == "return_late"


def test_return_on_the_10th_day_is_allowed(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 12, 18, 0, tzinfo=KYIV), tick=False)

    do_return(appeal, head)

    appeal.refresh_from_db()
    assert appeal.return_reason == "Без підпису"
    assert appeal.closed_at is not None


def test_late_forward_is_made_and_audited_as_late(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=KYIV), tick=False)

    do_forward(appeal, head)

    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["late"] is True
    assert appeal.events.get().public_text == "Переслано за належністю: Головне управління ПФУ."


def test_not_considered_needs_a_reason_of_article_8(centre, head):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValueError):  # noqa: PT011 — an unknown enum value
        services.appeal_mark_not_considered(appeal=appeal, actor=head, reason="не хочеться")


def test_internal_note_is_never_public(centre, head):
    appeal = AppealFactory(centre=centre)

    event = services.appeal_add_note(appeal=appeal, actor=head, note="Подзвонити заявниці")

    assert (event.stage, event.is_public, event.public_text) == (EventStage.NOTE, False, "")


# --- answer --------------------------------------------------------------------------------


def test_answer_by_email_is_stored(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    do_answer(appeal, head)

    appeal.refresh_from_db()
    assert appeal.answer_delivery == AnswerDelivery.EMAIL
    assert appeal.answered_at == dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


def test_answer_by_email_needs_an_email(centre, head):
    appeal = AppealFactory(centre=centre, email="", channel=Channel.POST, document_type="letter")

    with pytest.raises(ValidationError) as error:
        do_answer(appeal, head)

    assert "answer_delivery" in error.value.message_dict


def test_a_formal_appeal_must_be_answered_to_the_applicant(centre, head):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_answer(appeal=appeal, actor=head, answer_text="Так", delivery="none")


def test_anonymous_feedback_may_be_answered_on_the_tracker_only(centre, head):
    appeal = AppealFactory(
        centre=centre, kind=Kind.QUESTION, is_anonymous=True, full_name="", email="", due_at=None
    )

    services.appeal_answer(appeal=appeal, actor=head, answer_text="Так, у суботу", delivery="none")

    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED


# --- extension -----------------------------------------------------------------------------


def test_appeal_extended_within_45_days(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    services.appeal_extend(
        appeal=appeal, actor=head, reason="Потрібен висновок БТІ", new_deadline=dt.date(2026, 4, 16)
    )

    appeal.refresh_from_db()
    assert appeal.due_at == end_of(dt.date(2026, 4, 16))
    assert appeal.extension_reason == "Потрібен висновок БТІ"
    assert appeal.events.get().stage == EventStage.EXTENDED


@pytest.mark.parametrize(
    "new_deadline",
    [dt.date(2026, 4, 17), dt.date(2026, 3, 20)],
    ids=["past-45-days", "within-the-month"],
)
def test_appeal_extension_outside_the_law_is_refused(centre, head, frozen, new_deadline):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError) as error:
        services.appeal_extend(
            appeal=appeal, actor=head, reason="Потрібен висновок", new_deadline=new_deadline
        )

    assert "new_deadline" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.extended_at is None


def test_extension_needs_a_reason(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_extend(
            appeal=appeal, actor=head, reason=" ", new_deadline=dt.date(2026, 4, 10)
        )


def info_request(centre, **extra):
    return submit(
        centre,
        kind=Kind.INFO_REQUEST,
        applicant=Applicant(
            full_name="Петренко Ольга", email="olha@example.com", consent_text=CONSENT
        ),
        **extra,
    ).appeal


def test_information_request_extended_to_20_working_days(centre, head, frozen):
    appeal = info_request(centre)

    services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг: 300 сторінок")

    appeal.refresh_from_db()
    assert appeal.due_at == info_request_extended_deadline(
        received_at=appeal.received_at, centre=centre
    )


def test_information_request_extension_after_5_working_days_is_refused(centre, head, frozen):
    appeal = info_request(centre)
    frozen.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=KYIV), tick=False)

    with pytest.raises(ValidationError) as error:
        services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг")

    assert error.value.code == "extension_late"


def test_urgent_information_request_cannot_be_extended(centre, head, frozen):
    appeal = info_request(centre, is_urgent=True, urgency_reason="Підтоплення")

    with pytest.raises(ValidationError):
        services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг")


def test_feedback_has_no_term_to_extend(centre, head):
    appeal = AppealFactory(centre=centre, kind=Kind.THANKS, due_at=None)

    with pytest.raises(ValidationError):
        services.appeal_extend(appeal=appeal, actor=head, reason="—")


def test_needs_study_moves_the_deadline_to_one_month(centre, head, frozen):
    appeal = submit(centre).appeal

    services.appeal_set_needs_study(appeal=appeal, needs_study=True, actor=head)

    appeal.refresh_from_db()
    assert appeal.due_at == end_of(dt.date(2026, 4, 2))


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
