"""Signing in (password, then the second factor), signing out and passwords.

Signing in has two steps. A correct password does not sign the person in yet: it starts a
pending sign-in in the session (valid for PENDING_SIGN_IN_SECONDS). Only a correct code from
the authenticator app completes it with `login()` and `django_otp.login()`. So django-axes
forgets earlier failures (AXES_RESET_ON_SUCCESS) only after both factors: wrong codes count
toward the same lockout as wrong passwords and a password alone cannot reset that count.

Someone already signed in with the password alone (for example through the platform admin)
is treated like a pending sign-in and asked for the code too.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, load_backend, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.core.qr import qr_svg_element

from .. import lockout
from ..access import is_fully_signed_in, staff_required
from ..forms import SecondFactorForm, SignInForm, StaffPasswordResetForm
from ..selectors import totp_device_confirmed_for, user_by_email
from ..services import (
    sign_in_record,
    sign_out_record,
    totp_device_confirm,
    totp_device_start,
    totp_device_verify,
    user_password_change,
    user_password_reset_record,
)

PENDING_SIGN_IN_KEY = "accounts_pending_sign_in"
PENDING_SIGN_IN_SECONDS = 10 * 60


# --- step 1: password ---------------------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if is_fully_signed_in(request):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and lockout.address_is_blocked(request):
        # Password spraying: many accounts tried from this address (vidhuk.accounts.lockout).
        return render(request, "accounts/address_blocked.html", status=429)
    if request.method == "POST" and form.is_valid():
        # authenticate(request=...) lets django-axes count the failure or refuse a locked
        # account; its middleware then replaces this response with the lockout page.
        user = authenticate(
            request,
            username=_username_for(form.cleaned_data["login"]),
            password=form.cleaned_data["password"],
        )
        if user is not None:
            _pending_start(request, user)
            step = "second_factor" if _confirmed_device(user) else "setup_second_factor"
            return redirect(_url_with_next(f"accounts:{step}", next_url))
        lockout.address_failure_count(request)
        form.add_error(
            None,
            _(
                "Ім’я користувача, електронна пошта або пароль неправильні. Перевірте їх і "
                "спробуйте ще раз. Після 5 невдалих спроб вхід блокується на 15 хвилин."
            ),
        )
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _username_for(login: str) -> str:
    """The username behind an e-mail address, so that lockout counts one account once."""
    login = login.strip()
    if "@" in login:
        user = user_by_email(email=login)
        if user is not None:
            return user.get_username()
    return login


# --- step 2: the code from the authenticator app ------------------------------------------------


@sensitive_post_parameters("token")
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if is_fully_signed_in(request):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    user = _user_signing_in(request)
    if user is None:
        return _restart(request, next_url)
    device = _confirmed_device(user)
    if device is None:
        return redirect(_url_with_next("accounts:setup_second_factor", next_url))
    locked = _lockout_response(request, user)
    if locked is not None:
        return locked
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_verify(user=user, device=device, token=form.cleaned_data["token"]):
            return _finish(request, user, device, next_url)
        form.add_error("token", _("Код не підходить. Введіть код, який зараз показує застосунок."))
        _count_failure(request, user)
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@sensitive_post_parameters("token")
@never_cache
def setup_second_factor(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if is_fully_signed_in(request):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    user = _user_signing_in(request)
    if user is None:
        return _restart(request, next_url)
    if _confirmed_device(user) is not None:
        return redirect(_url_with_next("accounts:second_factor", next_url))
    locked = _lockout_response(request, user)
    if locked is not None:
        return locked
    device = totp_device_start(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            messages.success(
                request,
                _("Другий фактор налаштовано. Відтепер під час входу вводьте код із застосунку."),
            )
            return _finish(request, user, device, next_url)
        form.add_error(
            "token",
            _(
                "Код не підходить. Перевірте, що ви додали в застосунок ключ саме з цієї "
                "сторінки, і введіть код, який він показує зараз."
            ),
        )
        _count_failure(request, user)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped_secret(device),
    }
    return render(request, "accounts/setup_second_factor.html", context)


def _qr_svg(data: str) -> SafeString:
    """The QR code as inline SVG, made here: the secret never leaves the server."""
    attrs = {"width": "220", "height": "220", "role": "img", "aria-labelledby": "qr-code-label"}
    # The markup is drawn by core.qr from our own otpauth:// URL (attributes quoted there).
    return mark_safe(qr_svg_element(data, attrs=attrs))  # noqa: S308


def _grouped_secret(device: TOTPDevice) -> str:
    """The base32 key in groups of four, as authenticator apps show it for manual entry."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- the pending sign-in ------------------------------------------------------------------------


def _pending_start(request: HttpRequest, user: Any) -> None:
    if request.user.is_authenticated:
        # A half-finished or another person's session must not carry over.
        auth_logout(request)
    request.session.cycle_key()
    request.session[PENDING_SIGN_IN_KEY] = {
        "user_id": str(user.pk),
        "backend": user.backend,
        "started": int(time.time()),
    }


def _user_signing_in(request: HttpRequest) -> Any | None:
    """The person between password and code, as the password step left them in the session.

    A session that is signed in without the code (say, through another login route) does not
    count: the second factor is only ever set up or checked right after the password, so such a
    session is ended and the sign-in starts over.
    """
    pending = request.session.get(PENDING_SIGN_IN_KEY)
    if pending:
        is_fresh = time.time() - pending["started"] <= PENDING_SIGN_IN_SECONDS
        if is_fresh and pending["backend"] in settings.AUTHENTICATION_BACKENDS:
            user = load_backend(pending["backend"]).get_user(pending["user_id"])
            if user is not None:
                user.backend = pending["backend"]  # type: ignore[attr-defined]
                return user
        del request.session[PENDING_SIGN_IN_KEY]
        messages.info(request, _("Час на вхід минув. Увійдіть ще раз."))
        return None
    if request.user.is_authenticated:
        auth_logout(request)
    return None


def _finish(request: HttpRequest, user: Any, device: TOTPDevice, next_url: str) -> HttpResponse:
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        auth_login(request, user, backend=user.backend)
    request.session.pop(PENDING_SIGN_IN_KEY, None)
    otp_login(request, device)
    sign_in_record(user=user)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING_SIGN_IN_KEY, None)
    if request.user.is_authenticated:
        auth_logout(request)


def _restart(request: HttpRequest, next_url: str) -> HttpResponse:
    return redirect(_url_with_next("accounts:login", next_url))


def _confirmed_device(user: Any) -> TOTPDevice | None:
    return totp_device_confirmed_for(user=user)


def _count_failure(request: HttpRequest, user: Any) -> None:
    """A wrong code counts like a wrong password; django-axes listens to this signal.

    When this failure reaches the limit, axes marks the request and its middleware answers with
    the lockout page; the pending sign-in ends here so the code cannot be tried again.
    """
    credentials = {"username": user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        _abandon(request)


def _lockout_response(request: HttpRequest, user: Any) -> HttpResponse | None:
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    _abandon(request)
    return get_lockout_response(request, None, credentials)


# --- where to go afterwards ---------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    """`next` from the query or form when it stays on this site; otherwise empty."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    is_safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # Only a path on this site: a bare word would be taken for a URL name by redirect().
    return candidate if candidate.startswith("/") and is_safe else ""


def _url_with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- signing out --------------------------------------------------------------------------------


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        sign_out_record(user=request.user)
    auth_logout(request)
    messages.success(request, _("Ви вийшли з робочого кабінету."))
    return redirect("accounts:login")


# --- passwords ----------------------------------------------------------------------------------


class PasswordReset(PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def form_valid(self, form: StaffPasswordResetForm) -> HttpResponse:
        """Only queue: the worker looks the address up, so a known and an unknown address take
        the same time here and nobody can tell from the answer whether an account exists."""
        from ..tasks import accounts_send_password_reset

        accounts_send_password_reset.enqueue(
            form.cleaned_data["email"],
            self.request.get_host(),
            self.request.is_secure(),
            get_language(),
        )
        return redirect(self.get_success_url())


class PasswordResetDone(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetConfirm(PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user_password_reset_record(user=form.user)
        return response


class PasswordResetComplete(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@staff_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Пароль змінено. Наступного разу входьте з новим паролем."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change_form.html", {"form": form})
