"""Inviting someone to a centre's staff: by e-mail, accepted by the invitee, audited; the
inviter never learns anything about an account elsewhere. Mail is read from a real SMTP server."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Invitation, Membership
from vidhuk.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Sunflower-Tractor-Kyiv-2026"
EMAIL = "Oksana.Melnyk@cnap.example"


def add_url(centre) -> str:
    return reverse("accounts:staff_add", args=[centre.slug])


def invite(client, centre, mailbox, capture, email=EMAIL, role=Role.ADMINISTRATOR):
    with capture(execute=True):
        response = client.post(add_url(centre), {"email": email, "role": role}, follow=True)
    message = mailbox.messages[-1]
    body = mailbox.bodies(message)["text/plain"]
    link = re.search(r"http://testserver(/staff/invitations/\S+/)", body).group(1)
    return response, message, body, link


def test_a_new_person_is_invited_and_joins_with_their_own_name_and_password(
    staff_client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, head = staff_client(Role.HEAD)

    response, message, body, link = invite(
        client, centre, smtp_mailbox, django_capture_on_commit_callbacks
    )
    before_accepting = Membership.objects.filter(centre=centre).count()
    pending = client.get(reverse("accounts:staff_list", args=[centre.slug])).text
    invitee = Client()
    page = invitee.get(link)
    accepted = invitee.post(
        link,
        {
            "last_name": "Мельник",
            "first_name": "Оксана",
            "patronymic": "Петрівна",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        follow=True,
    )
    double = invitee.post(link, {"password1": NEW_PASSWORD}, follow=True)

    user = User.objects.get(email__iexact=EMAIL)
    assert "Запрошення надіслано на Oksana.Melnyk@cnap.example." in response.text
    assert smtp_mailbox.header(message, "X-Envelope-To") == EMAIL
    assert "Роль: Адміністратор ЦНАП." in body
    assert before_accepting == 1  # only the head: nobody is added before they accept
    assert "Запрошення, які ще не прийняли" in pending
    assert "Oksana.Melnyk@cnap.example — Адміністратор ЦНАП, діє до " in pending
    assert "Створіть обліковий запис" in page.text
    assert "прийнято" in accepted.text
    assert "прийнято" in double.text
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    assert user.get_full_name() == "Мельник Оксана Петрівна"
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).role == Role.ADMINISTRATOR
    invitation = Invitation.objects.get()
    assert list(
        AuditEvent.objects.filter(centre=centre)
        .order_by("pk")
        .values_list("actor", "action", "object_type")
    ) == [
        (head.user.pk, AuditAction.CREATE, "accounts.invitation"),
        (user.pk, AuditAction.CREATE, "accounts.user"),
        (user.pk, AuditAction.UPDATE, "accounts.invitation"),
        (user.pk, AuditAction.CREATE, "accounts.membership"),
    ]
    assert invitation.accepted_by == user


def test_the_inviter_never_sees_the_name_of_another_centres_member(
    staff_client, centre, other_centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _head = staff_client(Role.HEAD)
    elsewhere = MembershipFactory(
        centre=other_centre,
        role=Role.ANALYST,
        user=UserFactory(first_name="Тарас", last_name="Шевчук", email="taras@luhove.example"),
    )

    response, *_ = invite(
        client,
        centre,
        smtp_mailbox,
        django_capture_on_commit_callbacks,
        email="TARAS@luhove.example",
    )
    staff_list = client.get(reverse("accounts:staff_list", args=[centre.slug]))

    for page in (response, staff_list):
        assert "Шевчук" not in page.text
        assert "Тарас" not in page.text
    assert "Запрошення надіслано на TARAS@luhove.example." in response.text
    assert not Membership.objects.filter(user=elsewhere.user, centre=centre).exists()


def test_a_person_with_an_account_signs_in_and_accepts(
    staff_client, centre, other_centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _head = staff_client(Role.HEAD)
    elsewhere = MembershipFactory(centre=other_centre, role=Role.ANALYST)
    _response, _message, _body, link = invite(
        client,
        centre,
        smtp_mailbox,
        django_capture_on_commit_callbacks,
        email=elsewhere.user.email,
        role=Role.HOTLINE_OPERATOR,
    )
    invitee = Client()

    signed_out = invitee.get(link)
    sign_in_verified(invitee, elsewhere.user)
    confirm = invitee.get(link)
    accepted = invitee.post(link)

    assert "Увійти, щоб прийняти" in signed_out.text
    assert "Прийняти запрошення" in confirm.text
    assert accepted.status_code == 302
    assert Membership.objects.get(user=elsewhere.user, centre=centre).role == (
        Role.HOTLINE_OPERATOR
    )
    assert elsewhere.user.check_password(PASSWORD)
    assert User.objects.filter(email__iexact=elsewhere.user.email).count() == 1


def test_someone_else_signed_in_cannot_accept(
    staff_client, centre, other_centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _head = staff_client(Role.HEAD)
    invited = MembershipFactory(centre=other_centre, role=Role.ANALYST).user
    _r, _m, _b, link = invite(
        client, centre, smtp_mailbox, django_capture_on_commit_callbacks, email=invited.email
    )
    intruder = MembershipFactory(centre=other_centre, role=Role.ANALYST).user
    other = Client()
    sign_in_verified(other, intruder)

    response = other.post(link)

    assert "надіслано на іншу адресу" in response.text
    assert not Membership.objects.filter(centre=centre, user__in=[invited, intruder]).exists()


def test_an_unknown_link_is_refused(db):
    response = Client().get(reverse("accounts:invitation", args=["x" * 43]))

    assert response.status_code == 410
    assert "Це запрошення не діє" in response.text
    assert not TOTPDevice.objects.exists()
