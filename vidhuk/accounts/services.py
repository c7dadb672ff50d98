"""Writes of staff accounts, memberships and the second factor. Every change is audited."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from .choices import Role
from .models import Membership, User

# --- signing in and out -------------------------------------------------------------------------


@transaction.atomic
def sign_in_record(*, user: User) -> None:
    """Audit a completed sign-in (password and second factor). Not tied to a centre."""
    audit_record(actor=user, centre=None, action=AuditAction.SIGN_IN, obj=user)


@transaction.atomic
def sign_out_record(*, user: User) -> None:
    audit_record(actor=user, centre=None, action=AuditAction.SIGN_OUT, obj=user)


# --- second factor ------------------------------------------------------------------------------


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator device the user is setting up; created on first call.

    Refused once the user has a confirmed device: replacing a second factor must not be
    possible with the password alone (a platform administrator removes a lost device).
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Другий фактор уже налаштовано."), code="already_confirmed")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Застосунок-автентифікатор")[:64], confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when the code from the app matches; False when it does not."""
    if device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    audit_record(
        actor=device.user,
        centre=None,
        action=AuditAction.CREATE,
        obj=device,
        object_repr=f"{device.name} — {device.user.get_username()}",
    )
    return True


@transaction.atomic
def totp_device_verify(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Check a code against the user's confirmed device; throttling is django-otp's own."""
    return verify_token(user, device.persistent_id, token) is not None


# --- passwords ----------------------------------------------------------------------------------


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """Set a new password the user chose while signed in (already validated by the form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        centre=None,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"password": ["•••", "•••"]},
    )


@transaction.atomic
def user_password_reset_record(*, user: User) -> None:
    """Audit a password set through an e-mailed link (reset or invitation)."""
    audit_record(
        actor=user,
        centre=None,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"password": ["•••", "•••"]},
    )


# --- memberships --------------------------------------------------------------------------------


def _free_username(email: str) -> str:
    """The e-mail itself, lower-cased; a numbered variant in the rare case it is taken.

    Characters an e-mail may hold but a username may not (an apostrophe) become "_".
    """
    base = re.sub(r"[^\w.@+-]", "_", email.lower())[:140]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _ensure_not_member(*, user: User, centre: Centre) -> None:
    existing = Membership.objects.filter(user=user, centre=centre).first()
    if existing is None:
        return
    if existing.is_active:
        raise ValidationError(
            _("Ця людина вже працює в центрі. Щоб змінити її роль, відкрийте її картку."),
            code="already_member",
        )
    raise ValidationError(
        _("Доступ цієї людини до центру вимкнено. Відновіть його на її картці."),
        code="inactive_member",
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    """Give the member another role. The centre always keeps at least one active head."""
    new_role = Role(role)
    if new_role == membership.role:
        return membership
    if membership.role == Role.HEAD:
        _ensure_another_active_head(membership=membership, actor=actor)
    old_role = membership.role
    membership.role = new_role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=actor,
        centre=membership.centre,
        action=AuditAction.UPDATE,
        obj=membership,
        changes={"role": [old_role, new_role.value]},
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    """Switch off the member's access to this centre; the account and history stay."""
    if not membership.is_active:
        return membership
    if membership.role == Role.HEAD:
        _ensure_another_active_head(membership=membership, actor=actor)
    return _membership_set_active(membership=membership, is_active=False, actor=actor)


@transaction.atomic
def membership_reactivate(*, membership: Membership, actor: User) -> Membership:
    if membership.is_active:
        return membership
    return _membership_set_active(membership=membership, is_active=True, actor=actor)


def _membership_set_active(*, membership: Membership, is_active: bool, actor: User) -> Membership:
    membership.is_active = is_active
    membership.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        centre=membership.centre,
        action=AuditAction.UPDATE,
        obj=membership,
        changes={"is_active": [not is_active, is_active]},
    )
    return membership


def _ensure_another_active_head(*, membership: Membership, actor: User) -> None:
    """Refuse a change that would leave the centre without an active head.

    All active heads of the centre are locked in one order, so two heads demoting each other
    at the same moment cannot both succeed.
    """
    if not membership.is_active:
        return
    heads = list(
        Membership.objects.select_for_update()
        .filter(centre_id=membership.centre_id, role=Role.HEAD, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if any(pk != membership.pk for pk in heads):
        return
    if membership.user_id == actor.pk:
        message = _(
            "Ви — єдиний діючий керівник центру. Спершу призначте керівником іншого "
            "працівника, а потім змініть свою роль або вимкніть свій доступ."
        )
    else:
        message = _(
            "Це єдиний діючий керівник центру. Спершу призначте керівником іншого працівника."
        )
    raise ValidationError(message, code="last_head")


def membership_personal_data_viewed(*, actor: Any, membership: Membership) -> None:
    """A staff member opened a colleague's page (name, e-mail): personal data views are logged."""
    audit_record(
        actor=actor,
        centre=membership.centre,
        action=AuditAction.VIEW,
        obj=membership,
    )
