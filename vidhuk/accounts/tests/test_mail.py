"""Mail leaves through Django's SMTP backend and arrives at a real SMTP server (aiosmtpd)."""

import re

from django.test import Client
from django.urls import reverse

from vidhuk.accounts.choices import Role

NEW_PASSWORD = "Zelena-Verba-2026-smtp"


def test_password_reset_arrives_over_smtp_with_text_and_html(
    smtp_mailbox, staff_client, django_capture_on_commit_callbacks
):
    _client, head = staff_client(Role.HEAD)
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": head.user.email})

    [message] = smtp_mailbox.messages
    bodies = smtp_mailbox.bodies(message)
    link = re.search(r"http://testserver(/staff/password-reset/\S+/)", bodies["text/plain"])[1]
    assert smtp_mailbox.header(message, "X-Envelope-To") == head.user.email
    assert smtp_mailbox.header(message, "Subject") == "Відгук: встановлення нового пароля"
    assert link in bodies["text/html"]
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    head.user.refresh_from_db()
    assert head.user.check_password(NEW_PASSWORD)


def test_invitation_arrives_over_smtp(
    smtp_mailbox, staff_client, centre, django_capture_on_commit_callbacks
):
    client, _head = staff_client(Role.HEAD)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:staff_add", kwargs={"centre_slug": centre.slug}),
            {
                "email": "petro.shevchenko@cnap.example",
                "last_name": "Шевченко",
                "first_name": "Петро",
                "patronymic": "",
                "role": Role.HOTLINE_OPERATOR,
            },
        )

    [message] = smtp_mailbox.messages
    assert smtp_mailbox.header(message, "X-Envelope-To") == "petro.shevchenko@cnap.example"
    assert (
        smtp_mailbox.header(message, "Subject") == f"Запрошення до робочого кабінету: {centre.name}"
    )
    assert "Оператор гарячої лінії" in smtp_mailbox.bodies(message)["text/plain"]
