"""Mail leaves through Django's SMTP backend and arrives at a real SMTP server (aiosmtpd)."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from vidhuk.appeals import selectors, services, tasks
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.mail import answer_letter_pdf
from vidhuk.appeals.services import Applicant
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head

KYIV = ZoneInfo("Europe/Kyiv")
MARIA = Applicant(
    full_name="Шевченко Марія Петрівна",
    address="м. Вербівка, вул. Садова, 5",
    email="maria@example.com",
    consent_text="Згода, версія 1",
)


def test_registration_confirmation_carries_the_number_and_the_tracker_link(
    smtp_mailbox, centre, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.appeal_submit(
            centre=centre,
            kind=Kind.COMPLAINT,
            text="Немає пандуса.",
            submission_key=uuid.uuid4(),
            applicant=MARIA,
            base_url="https://vidhuk.example",
        )

    [message] = smtp_mailbox.messages
    bodies = smtp_mailbox.bodies(message)
    link = re.search(r"https://vidhuk\.example/\S+", bodies["text/plain"])[0]
    assert smtp_mailbox.header(message, "X-Envelope-To") == "maria@example.com"
    assert smtp_mailbox.header(message, "Subject") == "Ваше звернення зареєстровано: Ш-1/2026"
    assert result.tracker_token in link
    assert link in bodies["text/html"]
    assert "Відповідь надамо не пізніше 17.03.2026." in bodies["text/plain"]
    assert (
        selectors.appeal_get_by_tracker_token(centre=centre, token=link.split("/track/?t=")[1])
        == result.appeal
    )


def test_nothing_is_sent_for_an_item_without_email(
    smtp_mailbox, centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_submit(
            centre=centre,
            kind=Kind.THANKS,
            text="Дякую!",
            submission_key=uuid.uuid4(),
            applicant=Applicant(is_anonymous=True),
        )

    assert smtp_mailbox.messages == []


def test_extension_notice_arrives(
    smtp_mailbox, centre, head, frozen, django_capture_on_commit_callbacks
):
    appeal = AppealFactory(centre=centre)

    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_extend(
            appeal=appeal,
            actor=head,
            reason="Потрібен висновок БТІ",
            new_deadline=dt.date(2026, 4, 16),
        )

    [message] = smtp_mailbox.messages
    text = smtp_mailbox.bodies(message)["text/plain"]
    assert smtp_mailbox.header(message, "Subject") == (
        f"Строк розгляду продовжено: {appeal.registration_index}"
    )
    assert "продовжено до 16.04.2026" in text
    assert "Підстава: Потрібен висновок БТІ" in text


def test_answer_arrives_by_email(
    smtp_mailbox, centre, head, frozen, django_capture_on_commit_callbacks
):
    appeal = AppealFactory(centre=centre)

    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(
            appeal=appeal,
            actor=head,
            answer_text="Пандус встановимо до 1 травня.",
            delivery="email",
        )

    [message] = smtp_mailbox.messages
    bodies = smtp_mailbox.bodies(message)
    assert smtp_mailbox.header(message, "Subject") == (
        f"Відповідь на ваше звернення {appeal.registration_index}"
    )
    assert "Пандус встановимо до 1 травня." in bodies["text/plain"]
    assert "Пандус встановимо до 1 травня." in bodies["text/html"]
    assert "ст. 17" in bodies["text/plain"]


def test_answer_by_letter_sends_no_mail(
    smtp_mailbox, centre, head, django_capture_on_commit_callbacks
):
    appeal = AppealFactory(centre=centre)

    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=appeal, actor=head, answer_text="Так.", delivery="letter")

    assert smtp_mailbox.messages == []


def test_daily_digest_arrives_to_each_executor(
    smtp_mailbox, centre, executor, frozen, django_capture_on_commit_callbacks
):
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
    late = AppealFactory(centre=centre, executor=executor, due_at=now - dt.timedelta(days=1))
    soon = AppealFactory(centre=centre, executor=executor, due_at=now + dt.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        tasks.appeals_send_daily_digest.call()

    [message] = smtp_mailbox.messages
    text = smtp_mailbox.bodies(message)["text/plain"]
    assert smtp_mailbox.header(message, "X-Envelope-To") == executor.email
    assert smtp_mailbox.header(message, "Subject") == (
        f"Звернення на контролі ({centre.name}): прострочено 1, спливає строк 1"
    )
    assert (
        text.index(late.registration_index)
        < text.index("Строк спливає")
        < text.index(soon.registration_index)
    )


def test_answer_letter_is_a_pdf(centre, head):
    appeal = AppealFactory(centre=centre)
    services.appeal_answer(
        appeal=appeal, actor=head, answer_text="Відповідь по суті.", delivery="letter"
    )

    pdf = answer_letter_pdf(appeal=appeal)

    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000
