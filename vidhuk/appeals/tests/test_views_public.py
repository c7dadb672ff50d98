"""The resident's pages: guided start, the form of each kind, abuse checks, confirmation, tracker.

Mail goes to a real local SMTP server (the `smtp_mailbox` fixture). Time is moved with
time-machine, never slept on.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import timezone
from PIL import Image

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import AnswerDelivery, Channel, Kind, YesNoUndisclosed
from vidhuk.appeals.forms.public_antiabuse import issue_form_stamp
from vidhuk.appeals.models import Appeal, AppealAttachment, AppealEvent
from vidhuk.appeals.tests.factories import frozen  # noqa: F401 — a fixture
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.testing.images import jpeg_with_gps, png_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = png_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
CLIENT_ADDRESS = "203.0.113.77"

NAMED = {
    "full_name": "Шевченко Марія Петрівна",
    "address": "м. Вербівка, вул. Садова, 5, кв. 2",
    "email": "maria@example.com",
    "phone": "067 123 45 67",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def stamp(seconds_ago: float = 10, client: str = CLIENT_ADDRESS) -> str:
    """A form stamp issued `seconds_ago` seconds ago, as the form page would have issued it."""
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=seconds_ago), tick=False):
        return issue_form_stamp(client=client)


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "form_stamp": stamp(),
        "website": "",
        "text": "Прошу облаштувати пандус біля входу до ЦНАП.",
        **NAMED,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_url(kind: str, *, anonymous: bool = False) -> str:
    return f"/verbivka/appeals/new/{kind}/" + ("anonymous/" if anonymous else "")


def send(client, kind: str = Kind.COMPLAINT, *, anonymous: bool = False, **data: Any):
    return client.post(
        form_url(kind, anonymous=anonymous), form_data(**data), REMOTE_ADDR=CLIENT_ADDRESS
    )


def errors_of(response) -> list[str]:
    return [item for errors in response.context["form"].errors.values() for item in errors]


# --- the guided start ---------------------------------------------------------------------------


def test_start_asks_what_the_resident_wants_to_do(client, centre):
    response = client.get("/verbivka/appeals/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Що ви хочете зробити?" in html
    assert "Подякувати, зауважити щодо обслуговування або поставити запитання" in html
    assert "Подати пропозицію, заяву (клопотання) або скаргу" in html
    assert "Запросити публічну інформацію" in html
    assert [value for value, _label in response.context["form"].fields["group"].choices] == [
        "feedback",
        "appeal",
        "info_request",
    ]


@pytest.mark.parametrize(
    ("group", "next_url"),
    [
        pytest.param("feedback", "/verbivka/appeals/feedback/", id="feedback"),
        pytest.param("appeal", "/verbivka/appeals/appeal/", id="appeal"),
        pytest.param("info_request", "/verbivka/appeals/who/info_request/", id="info-request"),
    ],
)
def test_start_leads_to_the_next_question(client, centre, group, next_url):
    response = client.post("/verbivka/appeals/", {"group": group})

    assert response.status_code == 302
    assert response["Location"] == next_url


def test_start_without_an_answer_shows_the_error_at_the_top_and_in_the_title(client, centre):
    response = client.post("/verbivka/appeals/", {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Помилка:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_group_0"' in html
    assert "Виберіть, що ви хочете зробити." in html


@pytest.mark.parametrize(
    ("group", "kind"),
    [
        pytest.param("feedback", Kind.QUALITY_REMARK, id="feedback"),
        pytest.param("appeal", Kind.COMPLAINT, id="appeal"),
    ],
)
def test_choosing_a_kind_leads_to_the_name_question(client, centre, group, kind):
    response = client.post(f"/verbivka/appeals/{group}/", {"kind": kind})

    assert response["Location"] == f"/verbivka/appeals/who/{kind}/"


def test_a_kind_of_another_group_is_refused(client, centre):
    response = client.post("/verbivka/appeals/feedback/", {"kind": Kind.COMPLAINT})

    assert response.status_code == 200
    assert errors_of(response) == ["Виберіть один із запропонованих варіантів."]


@pytest.mark.parametrize(
    ("kind", "identity", "next_url"),
    [
        pytest.param(Kind.THANKS, "named", "/verbivka/appeals/new/thanks/", id="feedback-named"),
        pytest.param(
            Kind.THANKS, "anonymous", "/verbivka/appeals/new/thanks/anonymous/", id="feedback-anon"
        ),
        pytest.param(
            Kind.COMPLAINT, "anonymous", "/verbivka/appeals/new/complaint/anonymous/", id="appeal"
        ),
    ],
)
def test_the_name_question_leads_to_the_right_form(client, centre, kind, identity, next_url):
    response = client.post(f"/verbivka/appeals/who/{kind}/", {"identity": identity})

    assert response["Location"] == next_url


def test_unknown_kind_is_a_404(client, centre):
    assert client.get("/verbivka/appeals/who/petition/").status_code == 404
    assert client.get("/verbivka/appeals/new/petition/").status_code == 404


@pytest.mark.parametrize("kind", [Kind.PROPOSAL, Kind.STATEMENT, Kind.COMPLAINT, Kind.INFO_REQUEST])
def test_anonymous_appeal_explains_article_8_and_offers_anonymous_feedback(client, centre, kind):
    response = client.get(form_url(kind, anonymous=True))

    html = response.content.decode()
    assert response.status_code == 200
    assert "form" not in response.context
    assert 'href="/verbivka/appeals/new/quality_remark/anonymous/"' in html
    assert f'href="/verbivka/appeals/new/{kind}/"' in html


def test_anonymous_appeal_is_explained_under_article_8(client, centre):
    html = client.get(form_url(Kind.COMPLAINT, anonymous=True)).content.decode()

    assert "Анонімне звернення не розглядається" in html
    assert "статтею 8 Закону «Про звернення громадян»" in html


def test_an_anonymous_appeal_never_becomes_a_case(client, centre):
    response = send(client, Kind.COMPLAINT, anonymous=True)

    assert response.status_code == 200
    assert Appeal.objects.count() == 0


# --- each kind through the form ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [kind.value for kind in Kind])
def test_each_kind_is_registered_from_the_web_form(client, centre, kind):
    response = send(client, kind)

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/verbivka/appeals/sent/"
    assert (appeal.kind, appeal.channel, appeal.full_name, appeal.email, appeal.phone) == (
        kind,
        Channel.WEB,
        "Шевченко Марія Петрівна",
        "maria@example.com",
        "+380671234567",
    )
    assert appeal.consent_text.startswith("ЦНАП Вербівської міської ради обробляє")
    assert appeal.consent_given_at is not None


def test_a_formal_appeal_keeps_signatories_and_benefits(client, centre):
    send(client, Kind.COMPLAINT, signatories_count="12", is_benefit_holder="on",
         applicant_category="combatant")  # fmt: skip

    appeal = Appeal.objects.get()
    assert (appeal.signatories_count, appeal.is_collective, appeal.is_benefit_holder) == (
        12,
        True,
        True,
    )
    assert appeal.applicant_category == "combatant"


def test_an_urgent_information_request_keeps_its_grounds(client, centre):
    send(client, Kind.INFO_REQUEST, is_urgent="on", urgency_reason="Підтоплення вулиці.")

    appeal = Appeal.objects.get()
    assert (appeal.is_urgent, appeal.urgency_reason) == (True, "Підтоплення вулиці.")
    assert appeal.due_at - appeal.received_at <= dt.timedelta(hours=48)


def test_an_information_request_needs_only_a_name_and_a_postal_address(client, centre):
    send(client, Kind.INFO_REQUEST, email="", phone="")

    assert Appeal.objects.get().address == "м. Вербівка, вул. Садова, 5, кв. 2"


def test_anonymous_feedback_keeps_no_personal_data_even_when_sent(client, centre):
    response = send(client, Kind.QUALITY_REMARK, anonymous=True)

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert (appeal.is_anonymous, appeal.full_name, appeal.email, appeal.phone, appeal.address) == (
        True,
        "",
        "",
        "",
        "",
    )
    assert appeal.registration_index.startswith("Ан-")


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    [
        pytest.param(Kind.COMPLAINT, {"full_name": ""},
                     "Вкажіть прізвище, ім’я та по батькові.", id="appeal-name"),
        pytest.param(Kind.COMPLAINT, {"address": ""},
                     "Вкажіть місце проживання.", id="appeal-residence"),
        pytest.param(Kind.PROPOSAL, {"email": "", "phone": ""},
                     "Вкажіть електронну пошту або телефон, щоб ми могли вам відповісти.",
                     id="appeal-contact"),
        pytest.param(Kind.STATEMENT, {"consent": ""},
                     "Щоб ми могли розглянути ваше повідомлення, погодьтеся на обробку "
                     "персональних даних.", id="appeal-consent"),
        pytest.param(Kind.INFO_REQUEST, {"email": "", "address": ""},
                     "Вкажіть електронну пошту або поштову адресу для відповіді.",
                     id="info-address"),
        pytest.param(Kind.INFO_REQUEST, {"is_urgent": "on"},
                     "Поясніть, чому запит терміновий.", id="info-urgent-reason"),
        pytest.param(Kind.THANKS, {"full_name": ""},
                     "Вкажіть прізвище, ім’я та по батькові.", id="feedback-named"),
        pytest.param(Kind.QUESTION, {"text": ""},
                     "Напишіть, про що ваше повідомлення.", id="text"),
        pytest.param(Kind.COMPLAINT, {"phone": "12"},
                     "Вкажіть номер телефону так: 067 123 45 67 або +380 67 123 45 67.",
                     id="phone"),
    ],
)  # fmt: skip
def test_fields_the_law_requires_for_each_kind(client, centre, kind, overrides, message):
    response = send(client, kind, **overrides)

    assert response.status_code == 200
    assert errors_of(response) == [message]
    assert message in response.content.decode()
    assert "<title>Помилка:" in response.content.decode()
    assert Appeal.objects.count() == 0


def test_feedback_needs_no_contact(client, centre):
    send(client, Kind.THANKS, email="", phone="", address="")

    assert Appeal.objects.get().kind == Kind.THANKS


def test_the_form_shows_only_the_fields_of_its_kind(client, centre):
    appeal_form = client.get(form_url(Kind.COMPLAINT)).context["form"]
    request_form = client.get(form_url(Kind.INFO_REQUEST)).context["form"]
    anonymous_form = client.get(form_url(Kind.THANKS, anonymous=True)).context["form"]

    assert {"signatories_count", "is_benefit_holder"} <= set(appeal_form.fields)
    assert "is_urgent" not in appeal_form.fields
    assert {"is_urgent", "urgency_reason"} <= set(request_form.fields)
    assert "is_benefit_holder" not in request_form.fields
    assert not {"full_name", "email", "consent"} & set(anonymous_form.fields)


def test_the_consent_text_says_how_long_data_is_kept(client, centre):
    services.appeals_settings_update(
        centre=centre, actor=MembershipFactory(centre=centre, role=Role.HEAD).user,
        retention_days=3 * 365, digest_enabled=True,
    )  # fmt: skip

    html = client.get(form_url(Kind.COMPLAINT)).content.decode()

    assert "Після завершення розгляду їх зберігають не довше 3 років" in html


def test_office_and_service_come_from_the_centres_own_lists(client, centre, other_centre):
    office = OfficeFactory(centre=centre)
    service = ServiceFactory(centre=centre)
    foreign = ServiceFactory(centre=other_centre)

    refused = send(client, Kind.QUALITY_REMARK, service=str(foreign.pk))
    send(client, Kind.QUALITY_REMARK, office=str(office.pk), service=str(service.pk))

    assert errors_of(refused) == ["Виберіть послугу зі списку."]
    appeal = Appeal.objects.get()
    assert (appeal.office, appeal.service) == (office, service)


# --- voluntary demographics ----------------------------------------------------------------------


def test_demographics_are_kept_only_with_their_own_consent(client, centre):
    send(client, Kind.THANKS, anonymous=True, sex="female", age_group="60_plus",
         is_idp="undisclosed", is_veteran="no", demographics_consent="on")  # fmt: skip

    appeal = Appeal.objects.get()
    assert (appeal.sex, appeal.age_group, appeal.is_idp, appeal.is_veteran) == (
        "female",
        "60_plus",
        YesNoUndisclosed.UNDISCLOSED,
        YesNoUndisclosed.NO,
    )
    assert appeal.demographics_consent_at is not None


def test_demographic_answers_without_consent_are_not_taken(client, centre):
    response = send(client, Kind.COMPLAINT, sex="male")

    assert errors_of(response) == [
        "Щоб зберегти відповіді про себе, погодьтеся на їх використання — або залиште ці "
        "питання без відповіді."
    ]
    assert Appeal.objects.count() == 0


def test_no_demographics_no_consent_date(client, centre):
    send(client, Kind.COMPLAINT)

    appeal = Appeal.objects.get()
    assert (appeal.sex, appeal.demographics_consent_at) == ("", None)


def test_a_resident_is_told_of_decisions_only_when_they_tick_the_box(client, centre):
    page = client.get(form_url(Kind.COMPLAINT)).content.decode()
    send(client, Kind.COMPLAINT, wants_decision_updates="on")
    send(client, Kind.COMPLAINT)

    assert "Повідомляйте мене про рішення, які центр ухвалить за цим повідомленням" in page
    assert list(Appeal.objects.order_by("id").values_list("wants_decision_updates", flat=True)) == [
        True,
        False,
    ]


def test_anonymous_feedback_is_never_asked_to_be_told(client, centre):
    page = client.get(form_url(Kind.THANKS, anonymous=True)).content.decode()
    send(client, Kind.THANKS, anonymous=True, wants_decision_updates="on")

    assert "Повідомляйте мене про рішення" not in page
    assert Appeal.objects.get().wants_decision_updates is False


# --- attachments ---------------------------------------------------------------------------------


def test_safe_attachments_are_kept(client, centre):
    files = [SimpleUploadedFile("скан.pdf", PDF), SimpleUploadedFile("фото.png", PNG)]

    send(client, Kind.COMPLAINT, attachments=files)

    attachments = AppealAttachment.objects.order_by("id")
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("скан.pdf", "application/pdf"),
        ("фото.png", "image/png"),
    ]


def test_a_residents_photo_is_stored_without_its_gps_position(client, centre):
    photo = jpeg_with_gps()

    send(client, Kind.COMPLAINT, attachments=[SimpleUploadedFile("IMG_0042.jpg", photo)])

    attachment = AppealAttachment.objects.get()
    stored = attachment.file.read()
    with Image.open(io.BytesIO(stored)) as image:
        exif = dict(image.getexif())
    assert b"Phonemaker" in photo
    assert (attachment.original_name, attachment.content_type) == ("IMG_0042.jpg", "image/jpeg")
    assert (exif, b"Exif" in stored, b"Phonemaker" in stored) == ({}, False, False)


def test_the_form_says_photos_lose_their_location_before_they_are_stored(client, centre):
    page = client.get(form_url(Kind.COMPLAINT)).content.decode()

    assert "Перед збереженням з фото видаляються дані про місце зйомки та камеру." in page


def test_each_refused_attachment_gets_its_own_message_and_nothing_is_saved(client, centre):
    files = [
        SimpleUploadedFile("рахунок.pdf", EXE),
        SimpleUploadedFile("фото.png", PDF),
        SimpleUploadedFile("скан.pdf", PDF),
    ]

    response = send(client, Kind.COMPLAINT, attachments=files)

    assert errors_of(response) == [
        "Файл «рахунок.pdf» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
        "Файл «фото.png» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
    ]
    assert "виберіть їх ще раз" in response.content.decode()
    assert (Appeal.objects.count(), AppealAttachment.objects.count()) == (0, 0)


def test_a_too_large_attachment_is_refused(client, centre, settings):
    settings.VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = send(client, attachments=[SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))])

    assert errors_of(response) == ["Файл «big.pdf» завеликий: не більше 1 МБ."]
    assert Appeal.objects.count() == 0


def test_too_many_attachments_are_refused(client, centre, settings):
    settings.VIDHUK_APPEAL_ATTACHMENTS_MAX = 2
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(3)]

    response = send(client, attachments=files)

    assert errors_of(response) == ["Можна додати не більше 2 файлів."]
    assert Appeal.objects.count() == 0


# --- abuse and safety ----------------------------------------------------------------------------


def test_a_double_submit_makes_one_case(client, centre):
    data = form_data()

    first = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)
    second = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)

    assert (first["Location"], second["Location"]) == ("/verbivka/appeals/sent/",) * 2
    assert Appeal.objects.count() == 1
    assert client.get("/verbivka/appeals/sent/").context["receipt"]["registration_index"] == (
        Appeal.objects.get().registration_index
    )


def test_a_filled_honeypot_is_refused_with_a_plain_message(client, centre):
    response = send(client, Kind.QUESTION, website="https://spam.example")

    assert response.status_code == 200
    assert errors_of(response) == [
        "Форму не надіслано: заповнено службове поле, яке має лишатися порожнім. Якщо ви "
        "людина, очистьте поле «Залиште це поле порожнім» і надішліть ще раз."
    ]
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize(
    ("form_stamp", "message"),
    [
        pytest.param(
            lambda: stamp(seconds_ago=1),
            "Форму надіслано надто швидко — так роблять автоматичні програми. Перевірте "
            "відповіді й надішліть ще раз.",
            id="too-fast",
        ),
        pytest.param(
            lambda: stamp(seconds_ago=25 * 3600),
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="older-than-a-day",
        ),
        pytest.param(
            lambda: "forged:stamp",
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="forged",
        ),
        pytest.param(
            lambda: "",
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="missing",
        ),
    ],
)
def test_a_form_sent_too_fast_or_too_late_is_refused(client, centre, form_stamp, message):
    response = send(client, Kind.QUESTION, form_stamp=form_stamp())

    assert errors_of(response) == [message]
    assert message in response.content.decode()
    assert Appeal.objects.count() == 0


def test_a_person_correcting_mistakes_is_not_told_about_speed(client, centre):
    response = send(client, Kind.QUESTION, text="", form_stamp=stamp(seconds_ago=0))

    assert errors_of(response) == ["Напишіть, про що ваше повідомлення."]


def test_a_refused_form_can_be_sent_again_after_a_pause(client, centre, time_machine):
    data = form_data(form_stamp=stamp(seconds_ago=0))
    refused = client.post(form_url(Kind.QUESTION), data)
    fresh_stamp = refused.context["form"]["form_stamp"].value()

    time_machine.move_to(timezone.now() + dt.timedelta(seconds=5))
    accepted = client.post(form_url(Kind.QUESTION), {**data, "form_stamp": fresh_stamp})

    assert fresh_stamp != data["form_stamp"]
    assert accepted.status_code == 302
    assert Appeal.objects.count() == 1


def test_the_honeypot_is_hidden_from_everyone(client, centre):
    html = client.get(form_url(Kind.QUESTION)).content.decode()

    trap = re.search(r'<div class="vd-appeal-extra" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap is not None
    assert 'tabindex="-1"' in trap.group(1)
    assert "Залиште це поле порожнім" in trap.group(1)


def test_more_than_the_limit_from_one_client_gets_429_and_saves_nothing(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 10
    for _ in range(10):
        assert send(client, Kind.QUESTION).status_code == 302  # saved, so counted

    limited = send(client, Kind.QUESTION)
    other = "198.51.100.5"
    other_client = client.post(
        form_url(Kind.QUESTION), form_data(form_stamp=stamp(client=other)), REMOTE_ADDR=other
    )

    assert limited.status_code == 429
    assert "надіслали забагато форм" in limited.content.decode()
    assert other_client.status_code == 302
    assert Appeal.objects.count() == 11


def test_the_rate_limit_window_passes(client, centre, settings, time_machine):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 2
    for _ in range(3):
        send(client, Kind.QUESTION)
    assert send(client, Kind.QUESTION).status_code == 429

    time_machine.move_to(timezone.now() + dt.timedelta(minutes=11))
    response = send(client, Kind.QUESTION)

    assert response.status_code == 302


def test_the_rate_limit_cache_holds_no_address(client, centre):
    send(client, Kind.QUESTION)

    keys = list(cache._cache)  # LocMemCache: the only cache these tests configure
    assert keys
    assert not any(CLIENT_ADDRESS in key for key in keys)


def test_no_client_address_is_stored_with_the_case(client, centre):
    client.post(
        form_url(Kind.COMPLAINT),
        form_data(),
        REMOTE_ADDR=CLIENT_ADDRESS,
        HTTP_X_FORWARDED_FOR=CLIENT_ADDRESS,
    )

    appeal = Appeal.objects.get()
    rows = [
        model_to_dict(appeal),
        {field.attname: getattr(appeal, field.attname) for field in Appeal._meta.concrete_fields},
        *AppealEvent.objects.filter(appeal=appeal).values(),
        *AuditEvent.objects.values(),
    ]
    assert not [row for row in rows if CLIENT_ADDRESS in repr(row)]


# --- confirmation --------------------------------------------------------------------------------


def test_confirmation_shows_the_number_and_the_private_link_once(client, centre):
    send(client, Kind.COMPLAINT)
    appeal = Appeal.objects.get()

    first = client.get("/verbivka/appeals/sent/")
    again = client.get("/verbivka/appeals/sent/")

    html = first.content.decode()
    link = re.search(
        r'id="tracker-link">(http://testserver/verbivka/appeals/track/\?t=[^<]+)<', html
    )
    assert appeal.registration_index in html
    assert link is not None
    assert "Копію номера й посилання ми надіслали на вашу електронну пошту." in html
    assert first["Cache-Control"] == "private, no-store"
    assert appeal.registration_index not in again.content.decode()
    assert "/track/" not in again.content.decode()
    assert client.get(link.group(1)).status_code == 200


def test_the_token_is_not_stored_in_clear(client, centre):
    send(client, Kind.COMPLAINT)
    token = client.session["appeals.receipt"]["tracker_url"].split("?t=")[1]
    client.get("/verbivka/appeals/sent/")

    appeal = Appeal.objects.get()
    assert token not in repr(model_to_dict(appeal))
    assert "appeals.receipt" not in client.session


def test_confirmation_arrives_by_mail_over_smtp(
    client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, Kind.STATEMENT)
    link = client.session["appeals.receipt"]["tracker_url"]

    appeal = Appeal.objects.get()
    [message] = smtp_mailbox.messages
    body = smtp_mailbox.bodies(message)["text/plain"]
    assert smtp_mailbox.header(message, "X-Envelope-To") == "maria@example.com"
    assert appeal.registration_index in body
    assert link in body


def test_no_mail_without_an_address(
    client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, Kind.COMPLAINT, email="")

    html = client.get("/verbivka/appeals/sent/").content.decode()
    assert smtp_mailbox.messages == []
    assert "Ви не вказали електронну пошту" in html


# --- tracker -------------------------------------------------------------------------------------


@pytest.fixture
def answered_case(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD).user
    registered = services.appeal_submit(
        centre=centre,
        kind=Kind.COMPLAINT,
        text="Не працює пандус.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(
            full_name="Шевченко Марія", address="м. Вербівка", phone="0671234567",
            consent_text="Згода.",
        ),
    )  # fmt: skip
    appeal = registered.appeal
    services.appeal_take_into_work(appeal=appeal, actor=head)
    services.appeal_add_note(appeal=appeal, actor=head, note="Службове: перевірити кошторис.")
    services.appeal_answer(
        appeal=appeal, actor=head, answer_text="Пандус відремонтують до 1 квітня.",
        delivery=AnswerDelivery.LETTER,
    )  # fmt: skip
    return appeal, registered.tracker_token


def test_tracker_shows_each_public_stage_and_the_answer(client, answered_case):
    appeal, token = answered_case

    response = client.get(f"/verbivka/appeals/track/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert [event.stage for event in response.context["events"]] == [
        "registered",
        "in_progress",
        "answered",
    ]
    assert "Звернення розглядається." in html
    assert "Пандус відремонтують до 1 квітня." in html
    assert "перевірити кошторис" not in html
    assert appeal.get_status_display() in html


def test_tracker_states_the_deadline_in_plain_words(client, centre, frozen):  # noqa: F811
    registered = services.appeal_submit(
        centre=centre, kind=Kind.PROPOSAL, text="Пропоную лавки.", submission_key=uuid.uuid4(),
        applicant=services.Applicant(full_name="Ірина Коваль", address="м. Вербівка",
                                     email="i@example.com", consent_text="Згода."),
    )  # fmt: skip

    html = client.get(f"/verbivka/appeals/track/{registered.tracker_token}/").content.decode()

    assert "Відповідь надамо не пізніше 17 березня 2026 року." in html


def test_tracker_is_private_and_uncached(client, answered_case):
    _appeal, token = answered_case

    response = client.get(f"/verbivka/appeals/track/{token}/")

    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_tracker_page_runs_a_bounded_number_of_queries(
    client, answered_case, django_assert_max_num_queries
):
    _appeal, token = answered_case
    client.get(f"/verbivka/appeals/track/{token}/")  # the footer's hours are cached from now on

    # 3 for the page itself, and 1 for whether the appeal is evidence of a decision (the panel
    # decisions adds through the tracker's object slot).
    with django_assert_max_num_queries(4):
        response = client.get(f"/verbivka/appeals/track/{token}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("A" * 43, id="well-formed-unknown"),
        pytest.param("garbled!token", id="garbled"),
        pytest.param("1", id="a-number"),
    ],
)
def test_unknown_token_is_the_same_404_as_any_unknown_page(client, answered_case, token):
    response = client.get(f"/verbivka/appeals/track/{token}/")
    unknown_page = client.get("/verbivka/no-such-page/")

    assert (response.status_code, unknown_page.status_code) == (404, 404)
    assert [t.name for t in response.templates][:1] == [t.name for t in unknown_page.templates][:1]
    assert "Сторінку не знайдено" in response.content.decode()


def test_another_centres_token_is_a_404(client, answered_case, other_centre):
    _appeal, token = answered_case

    assert client.get(f"/luhove/appeals/track/{token}/").status_code == 404


@pytest.mark.parametrize(
    "entered",
    [
        pytest.param("http://testserver/verbivka/appeals/track/?t={token}", id="full-link"),
        pytest.param("http://testserver/verbivka/appeals/track/{token}/", id="old-link"),
        pytest.param("  {token}  ", id="token"),
    ],
)
def test_find_my_case_shows_the_tracker(client, answered_case, entered):
    appeal, token = answered_case

    response = client.post("/verbivka/appeals/track/", {"link": entered.format(token=token)})

    # Shown right away: a redirect would put the token in an address.
    assert response.status_code == 200
    assert f"№ {appeal.registration_index}" in response.content.decode()
    assert response["Referrer-Policy"] == "strict-origin"


def test_find_my_case_explains_a_wrong_entry(client, centre):
    response = client.post("/verbivka/appeals/track/", {"link": "Ш-17/2026"})

    assert errors_of(response) == [
        "Це не схоже на посилання для відстеження. Скопіюйте його повністю з листа або з "
        "екрана підтвердження."
    ]


def test_home_and_navigation_link_to_the_appeals(client, centre):
    html = client.get("/verbivka/").content.decode()

    assert 'href="/verbivka/appeals/"' in html
    assert 'href="/verbivka/appeals/track/"' in html
