"""The sign-in lockout and how a locked-out member gets back in.

django-axes locks one account from one client address (settings.AXES_LOCKOUT_PARAMETERS) after
AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME: someone guessing from elsewhere cannot lock
the head out. Password spraying — many accounts tried from one address — meets a limit of its
own here: VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT failures per address within the same cool-off.
Both count under vidhuk.core.antiabuse's client address, the one behind the trusted proxies.

A locked-out member unlocks their account (every address) with a code from their authenticator
app, or with a mailed link: signed, valid UNLOCK_LINK_SECONDS, accepted once. Unlocking only
clears the failures; the password and the second factor are still asked for. Every unlock is
audited.
"""

from __future__ import annotations

from secrets import token_hex

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from vidhuk.core import antiabuse
from vidhuk.core.choices import AuditAction
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.services import audit_record
from vidhuk.core.tokens import token_hash

from .models import User
from .selectors import totp_device_confirmed_for, user_by_email
from .services import totp_device_verify

ADDRESS_SCOPE = "sign-in-failures"
UNLOCK_TRIES_SCOPE = "sign-in-unlock"
UNLOCK_TRIES = 10
UNLOCK_SALT = "vidhuk.accounts.unlock"
UNLOCK_LINK_SECONDS = 30 * 60
ADDRESS_FAILURE_LIMIT_DEFAULT = 30


def cooloff_seconds() -> int:
    return int(float(settings.AXES_COOLOFF_TIME) * 3600)


# --- per address, across accounts ----------------------------------------------------------------


def address_is_blocked(request: HttpRequest) -> bool:
    """Too many failed sign-ins from this client address, whatever the accounts."""
    limit = getattr(settings, "VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT", ADDRESS_FAILURE_LIMIT_DEFAULT)
    return antiabuse.client_over_rate_limit(
        request, scope=ADDRESS_SCOPE, limit=limit, window=cooloff_seconds()
    )


def address_failure_count(request: HttpRequest) -> None:
    antiabuse.client_count_submission(request, scope=ADDRESS_SCOPE, window=cooloff_seconds())


def account_is_locked(request: HttpRequest, *, username: str) -> bool:
    """django-axes' lock of this account from this client address."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


# --- unlocking -----------------------------------------------------------------------------------


def unlock_tries_left(request: HttpRequest) -> bool:
    """Unlock attempts (codes and links asked for) are limited per address too."""
    return not antiabuse.client_over_rate_limit(
        request, scope=UNLOCK_TRIES_SCOPE, limit=UNLOCK_TRIES, window=cooloff_seconds()
    )


def unlock_try_count(request: HttpRequest) -> None:
    antiabuse.client_count_submission(request, scope=UNLOCK_TRIES_SCOPE, window=cooloff_seconds())


def user_for_login(*, login: str) -> User | None:
    """The active account a sign-in name or e-mail address names, or None."""
    login = login.strip()
    user = user_by_email(email=login) if "@" in login else None
    if user is None:
        user = User.objects.filter(username=login).first()
    return user if user is not None and user.is_active else None


@transaction.atomic
def member_unlock(*, user: User, how: str) -> None:
    """Clear the member's sign-in failures from every address; audited."""
    AxesProxyHandler.reset_attempts(username=user.get_username())
    audit_record(
        actor=user,
        centre=None,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"sign_in_lockout": ["locked", f"unlocked: {how}"]},
    )


def member_unlock_by_code(*, login: str, token: str) -> bool:
    """Unlock with a code from the member's authenticator app; False when it does not fit
    (or there is no such member, or no confirmed app: the caller says the same in each case)."""
    user = user_for_login(login=login)
    device = totp_device_confirmed_for(user=user) if user is not None else None
    if user is None or device is None:
        return False
    if not totp_device_verify(user=user, device=device, token=token):
        return False
    member_unlock(user=user, how="totp")
    return True


@transaction.atomic
def unlock_link_send(*, login: str, base_url: str) -> None:
    """Mail the member a link that unlocks their sign-in; nothing when there is no such active
    member with an address (the caller's message is the same either way)."""
    user = user_for_login(login=login)
    if user is None or not user.email:
        return
    nonce = token_hex(8)
    token = signing.dumps({"u": user.pk, "n": nonce}, salt=UNLOCK_SALT, compress=False)
    mail_enqueue(
        key=f"unlock:{user.pk}:{nonce}",
        to=user.email,
        template="accounts/email/unlock",
        context={
            "user": user,
            "unlock_url": base_url + reverse("accounts:unlock_link", kwargs={"token": token}),
            "valid_minutes": UNLOCK_LINK_SECONDS // 60,
        },
        about=f"user:{user.pk}",
    )


def unlock_link_user(*, token: str) -> User | None:
    """The member a link is for while it is valid and unused, or None."""
    try:
        payload = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_SECONDS)
    except signing.BadSignature:
        return None
    if cache.get(_used_key(token)):
        return None
    return User.objects.filter(pk=payload.get("u"), is_active=True).first()


def member_unlock_by_link(*, token: str) -> User | None:
    """Spend the link and unlock; None when it is invalid, expired or already used."""
    user = unlock_link_user(token=token)
    if user is None or not cache.add(_used_key(token), True, timeout=UNLOCK_LINK_SECONDS):
        return None
    member_unlock(user=user, how="mailed link")
    return user


def _used_key(token: str) -> str:
    return "unlock:used:" + token_hash(token)
