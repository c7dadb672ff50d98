"""Signing in with password and second factor, lockout, signing out.

Codes are computed from the device key with django_otp.oath.totp at a frozen time, exactly as
an authenticator app would compute them.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import PASSWORD, MembershipFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.test_qr import decoded

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=KYIV)
WRONG_LOGIN = "Ім’я користувача, електронна пошта або пароль неправильні."
WRONG_CODE = "Код не підходить."
LOCKED = "Вхід тимчасово заблоковано"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD)


@pytest.fixture
def staff_url(centre):
    return reverse("accounts:staff_list", args=[centre.slug])


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="телефон", confirmed=True)


def test_first_sign_in_sets_up_the_second_factor_and_opens_the_staff_page(head, staff_url, frozen):
    client = Client()

    to_login = client.get(staff_url)
    after_password = client.post(
        reverse("accounts:login"),
        {"login": head.user.email, "password": PASSWORD, "next": staff_url},
    )
    setup_page = client.get(after_password.url)
    device = TOTPDevice.objects.get(user=head.user, confirmed=False)
    after_code = client.post(
        reverse("accounts:setup_second_factor"), {"token": code_for(device), "next": staff_url}
    )
    staff_page = client.get(staff_url)

    assert to_login.url == f"{reverse('accounts:login')}?next=/staff/verbivka/people/"
    assert after_password.url == (
        f"{reverse('accounts:setup_second_factor')}?next=%2Fstaff%2Fverbivka%2Fpeople%2F"
    )
    assert setup_page.status_code == 200
    (qr_code,) = re.findall(r'class="vd-qr-code[^>]*>\s*(<svg .*?</svg>)', setup_page.text, re.S)
    assert 'role="img"' in qr_code
    assert decoded(qr_code) == [device.config_url]  # what the authenticator app scans
    assert setup_page.context["secret"].replace(" ", "") in setup_page.text.replace(" ", "")
    assert after_code.status_code == 302
    assert after_code.url == staff_url
    assert staff_page.status_code == 200
    assert "Другий фактор налаштовано." in staff_page.text
    device.refresh_from_db()
    assert device.confirmed is True
    assert list(
        AuditEvent.objects.filter(action=AuditAction.SIGN_IN).values_list("actor", "centre")
    ) == [(head.user.pk, None)]


def test_second_sign_in_asks_for_the_code_of_the_confirmed_device(head, staff_url, frozen):
    device = confirmed_device_for(head.user)
    client = Client()

    after_password = client.post(
        reverse("accounts:login"),
        {"login": head.user.username, "password": PASSWORD, "next": staff_url},
    )
    verify_page = client.get(after_password.url)
    after_code = client.post(
        reverse("accounts:second_factor"), {"token": code_for(device), "next": staff_url}
    )

    assert after_password.url.startswith(reverse("accounts:second_factor"))
    assert "Введіть код із застосунку" in verify_page.text
    assert after_code.url == staff_url
    assert client.get(staff_url).status_code == 200
    assert TOTPDevice.objects.filter(user=head.user).count() == 1


def test_password_alone_does_not_sign_in(head, staff_url, frozen):
    confirmed_device_for(head.user)
    client = Client()

    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})
    response = client.get(staff_url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_wrong_code_is_refused_and_counted(head, staff_url, frozen):
    device = confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})

    response = client.post(reverse("accounts:second_factor"), {"token": wrong_code_for(device)})

    assert response.status_code == 200
    assert WRONG_CODE in response.text
    assert client.get(staff_url).status_code == 302
    assert AccessAttempt.objects.get(username=head.user.username).failures_since_start == 1
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_wrong_code_during_setup_leaves_the_device_unconfirmed(head, frozen):
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})
    client.get(reverse("accounts:setup_second_factor"))
    device = TOTPDevice.objects.get(user=head.user)

    response = client.post(
        reverse("accounts:setup_second_factor"), {"token": wrong_code_for(device)}
    )

    assert WRONG_CODE in response.text
    device.refresh_from_db()
    assert device.confirmed is False


def test_code_must_be_six_digits(head, frozen):
    confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})

    response = client.post(reverse("accounts:second_factor"), {"token": "12ab"})

    assert "Код складається рівно з 6 цифр." in response.text
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    "login",
    [
        pytest.param("existing", id="existing-user-wrong-password"),
        pytest.param("nobody@cnap.example", id="unknown-user"),
    ],
)
def test_wrong_password_shows_the_same_error_whether_or_not_the_user_exists(head, login):
    client = Client()
    username = head.user.username if login == "existing" else login

    response = client.post(
        reverse("accounts:login"), {"login": username, "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert WRONG_LOGIN in response.text
    assert "govuk-error-summary" in response.text
    assert response.context["form"].non_field_errors() == [
        WRONG_LOGIN + " Перевірте їх і спробуйте ще раз. Після 5 невдалих спроб вхід "
        "блокується на 15 хвилин."
    ]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(head, frozen):
    client = Client()
    login_url = reverse("accounts:login")

    responses = [
        client.post(login_url, {"login": head.user.email, "password": f"wrong-{n}"})
        for n in range(5)
    ]
    with_right_password = client.post(
        login_url, {"login": head.user.username, "password": PASSWORD}
    )

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert LOCKED in responses[4].text
    assert "Спробуйте знову через 15 хвилин." in responses[4].text
    assert with_right_password.status_code == 429
    assert LOCKED in with_right_password.text
    assert "accounts_pending_sign_in" not in client.session


def test_the_lock_lifts_after_fifteen_minutes(head, frozen):
    client = Client()
    for n in range(5):
        client.post(reverse("accounts:login"), {"login": head.user.username, "password": f"x{n}"})

    frozen.shift(dt.timedelta(minutes=16))
    response = client.post(
        reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:setup_second_factor")


def test_wrong_codes_lock_the_account_too(head, frozen):
    device = confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})

    responses = []
    for _ in range(5):
        responses.append(
            client.post(reverse("accounts:second_factor"), {"token": wrong_code_for(device)})
        )
        frozen.shift(dt.timedelta(seconds=20))
    password_again = client.post(
        reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD}
    )

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert LOCKED in responses[4].text
    assert "accounts_pending_sign_in" not in client.session
    assert password_again.status_code == 429


@pytest.mark.parametrize("has_device", [False, True], ids=["no-device-yet", "device-confirmed"])
def test_signed_in_without_code_starts_over_with_the_password(head, staff_url, has_device):
    if has_device:
        confirmed_device_for(head.user)
    client = Client()
    client.force_login(head.user)

    to_login = client.get(staff_url)
    setup = client.get(reverse("accounts:setup_second_factor"))

    assert to_login.url.startswith(reverse("accounts:login"))
    assert setup.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert TOTPDevice.objects.filter(user=head.user).count() == int(has_device)


def test_setup_is_refused_once_a_device_is_confirmed(head, frozen):
    confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})

    response = client.get(reverse("accounts:setup_second_factor"))

    assert response.url == reverse("accounts:second_factor")
    assert TOTPDevice.objects.filter(user=head.user).count() == 1


def test_second_factor_pages_without_a_password_step_go_to_sign_in():
    client = Client()

    response = client.get(reverse("accounts:second_factor"))

    assert response.url == reverse("accounts:login")


def test_pending_sign_in_expires(head, frozen):
    confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})

    frozen.shift(dt.timedelta(minutes=11))
    response = client.get(reverse("accounts:second_factor"), follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "Час на вхід минув. Увійдіть ще раз." in response.text


@pytest.mark.parametrize(
    "next_url",
    [
        pytest.param("https://evil.example/staff/", id="other-host"),
        pytest.param("//evil.example/", id="scheme-relative"),
        pytest.param("javascript:alert(1)", id="javascript"),
    ],
)
def test_next_to_another_site_is_ignored(head, frozen, next_url):
    device = confirmed_device_for(head.user)
    client = Client()

    login_page = client.get(reverse("accounts:login"), {"next": next_url})
    after_password = client.post(
        reverse("accounts:login"),
        {"login": head.user.username, "password": PASSWORD, "next": next_url},
    )
    after_code = client.post(
        reverse("accounts:second_factor"), {"token": code_for(device), "next": next_url}
    )

    assert login_page.context["next"] == ""
    assert after_password.url == reverse("accounts:second_factor")
    assert after_code.url == reverse("backoffice:choose_centre")


def test_sign_out_is_post_only_and_audited(centre):
    membership = MembershipFactory(centre=centre, role=Role.ANALYST)
    client = Client()
    sign_in_verified(client, membership.user)

    by_get = client.get(reverse("accounts:logout"))
    by_post = client.post(reverse("accounts:logout"), follow=True)

    assert by_get.status_code == 405
    assert by_post.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "Ви вийшли з робочого кабінету." in by_post.text
    assert client.get(reverse("backoffice:choose_centre")).status_code == 302
    assert list(
        AuditEvent.objects.filter(action=AuditAction.SIGN_OUT).values_list("actor", "centre")
    ) == [(membership.user.pk, None)]


def test_user_menu_shows_name_and_sign_out_button(staff_client, staff_url):
    client, membership = staff_client(Role.HEAD)

    response = client.get(staff_url)

    assert membership.user.get_full_name() in response.text
    assert f'action="{reverse("accounts:logout")}"' in response.text


def test_password_alone_does_not_clear_earlier_failures_but_the_full_sign_in_does(head, frozen):
    device = confirmed_device_for(head.user)
    client = Client()
    for n in range(3):
        client.post(reverse("accounts:login"), {"login": head.user.username, "password": f"x{n}"})

    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})
    failures_after_password = AccessAttempt.objects.get().failures_since_start
    client.post(reverse("accounts:second_factor"), {"token": code_for(device)})

    assert failures_after_password == 3
    assert AccessAttempt.objects.count() == 0


def test_right_code_after_a_wrong_one_signs_in(head, staff_url, frozen):
    device = confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})
    client.post(reverse("accounts:second_factor"), {"token": wrong_code_for(device)})

    frozen.shift(dt.timedelta(seconds=2))
    response = client.post(
        reverse("accounts:second_factor"), {"token": code_for(device), "next": staff_url}
    )

    assert response.url == staff_url


def test_account_locked_elsewhere_ends_a_pending_sign_in(head, frozen):
    confirmed_device_for(head.user)
    client = Client()
    client.post(reverse("accounts:login"), {"login": head.user.username, "password": PASSWORD})
    attacker = Client()
    for n in range(5):
        attacker.post(reverse("accounts:login"), {"login": head.user.username, "password": f"{n}"})

    response = client.get(reverse("accounts:second_factor"))

    assert response.status_code == 429
    assert LOCKED in response.text
    assert "accounts_pending_sign_in" not in client.session


def test_a_part_polled_by_htmx_after_the_session_ended_sends_the_page_to_sign_in(centre):
    # The operator's console polls its line; the session has ended meanwhile.
    console = f"http://testserver/staff/{centre.slug}/queue/window/7/"

    response = Client().get(
        f"/staff/{centre.slug}/queue/window/7/line/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=console,
    )
    elsewhere = Client().get(
        f"/staff/{centre.slug}/queue/window/7/line/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://evil.example/phish",
    )

    # Nothing is swapped into the part; the whole page goes to sign in and then back to it.
    assert (response.status_code, response.content) == (204, b"")
    assert response["HX-Redirect"] == (
        f"{reverse('accounts:login')}?next=/staff/{centre.slug}/queue/window/7/"
    )
    assert elsewhere["HX-Redirect"] == (
        f"{reverse('accounts:login')}?next=/staff/{centre.slug}/queue/window/7/line/"
    )
