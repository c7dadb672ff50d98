"""Passwords of staff: a reset mailed as a link (the same answer for an unknown address, and
for an invited person without a password), and a change that needs the old password and a full
sign-in, audited."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent, OutgoingMail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Sunflower-Tractor-Kyiv-2026"


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD)


def test_password_reset_mails_a_link_that_sets_a_new_password(
    head, django_capture_on_commit_callbacks
):
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("accounts:password_reset"), {"email": head.user.email.upper()})
    message = mail.outbox[0]
    link = re.search(r"http://testserver(/staff/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert sent.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert message.to == [head.user.email]
    assert message.subject == "Відгук: встановлення нового пароля"
    assert "Посилання діє 24 години і спрацьовує один раз." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert link in message.alternatives[0][0]
    assert "Встановіть новий пароль" in form_page.text
    assert "Пароль встановлено" in done.text
    head.user.refresh_from_db()
    assert head.user.check_password(NEW_PASSWORD)
    assert "Посилання не діє" in client.get(link, follow=True).text


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    django_capture_on_commit_callbacks,
):
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@cnap.example"}, follow=True
        )

    assert "Перевірте пошту" in response.text
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 0


@pytest.mark.parametrize("address", ["head@cnap.example", "nobody@cnap.example"])
def test_password_reset_request_only_queues_for_a_known_and_an_unknown_address(
    address, settings, django_capture_on_commit_callbacks
):
    # The dummy backend keeps what was queued and runs nothing: what the request itself did.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    MembershipFactory(user__email="head@cnap.example")
    default_task_backend.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client().post(reverse("accounts:password_reset"), {"email": address})

    [queued] = default_task_backend.results
    assert response.url == reverse("accounts:password_reset_done")
    assert queued.task.name == "accounts_send_password_reset"
    assert queued.args[0] == address
    assert (callbacks, OutgoingMail.objects.count(), mail.outbox) == ([], 0, [])


def test_password_reset_reaches_an_invited_person_without_a_password(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="new@cnap.example")
    user.set_unusable_password()
    user.save()
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "new@cnap.example"})

    assert [m.to for m in mail.outbox] == [["new@cnap.example"]]


def test_password_change_needs_the_old_password_and_is_audited(staff_client, centre):
    client, membership = staff_client(Role.ANALYST)
    url = reverse("accounts:password_change")

    wrong = client.post(
        url,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    right = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert wrong.status_code == 200
    assert "govuk-error-summary" in wrong.text
    assert right.url == reverse("backoffice:choose_centre")
    membership.user.refresh_from_db()
    assert membership.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("backoffice:home", args=[centre.slug])).status_code == 200
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_id=str(membership.user.pk), centre=None
        ).count()
        == 1
    )


def test_password_change_needs_a_full_sign_in(head):
    client = Client()

    response = client.get(reverse("accounts:password_change"))

    assert response.url == f"{reverse('accounts:login')}?next=/staff/password-change/"
