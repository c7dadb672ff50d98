"""Invitations to a centre's staff: sent by e-mail, accepted by the invitee, audited.

Nobody is added to a centre without their consent, and the inviter learns nothing about an
account elsewhere: they type an e-mail address and a role, the invitation goes to that
address, and the message they see is the same whether or not an account exists. A person with
an account signs in and accepts; a new person sets their own name and password. The mailed
token is kept only as a digest.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record
from vidhuk.core.tokens import token_hash, token_new

from .choices import Role
from .models import Invitation, Membership, User
from .selectors import user_by_email
from .services import _ensure_not_member, _free_username

INVITATION_VALID_DAYS = 7


@transaction.atomic
def invitation_send(
    *, centre: Centre, email: str, role: str, actor: User, base_url: str
) -> Invitation:
    """Record an invitation and mail its link. Refused only for someone already on (or switched
    off from) this centre's staff, which the inviter's own staff list shows anyway."""
    email = email.strip()
    existing = user_by_email(email=email)
    if existing is not None:
        _ensure_not_member(user=existing, centre=centre)
    token = token_new()
    invitation = Invitation(
        centre=centre,
        email=email,
        role=Role(role),
        invited_by=actor,
        token_digest=token_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=invitation,
        changes={"email": [None, email], "role": [None, invitation.role]},
    )
    mail_enqueue(
        key=f"staff-invitation:{invitation.pk}",
        to=email,
        template="accounts/email/staff_invitation",
        context={
            "centre": centre,
            "role": invitation.get_role_display(),
            "invited_by": actor.get_full_name() or actor.get_username(),
            "accept_url": base_url + reverse("accounts:invitation", kwargs={"token": token}),
            "valid_days": INVITATION_VALID_DAYS,
        },
        centre=centre,
        about=f"invitation:{invitation.pk}",
    )
    return invitation


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a mailed token names: accepted, or pending and not expired; else None."""
    invitation = (
        Invitation.objects.select_related("centre").filter(token_digest=token_hash(token)).first()
    )
    if invitation is None:
        return None
    if invitation.accepted_at is None and invitation.expires_at <= timezone.now():
        return None
    return invitation


def invitation_account(*, invitation: Invitation) -> User | None:
    """The account the invitation's address already has, if any."""
    return user_by_email(email=invitation.email)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invitee, signed in as the account of the invited address, joins the centre."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        membership = Membership.objects.filter(user=user, centre=invitation.centre).first()
        if invitation.accepted_by_id == user.pk and membership is not None:
            return membership  # the same acceptance sent twice
        raise ValidationError(_("Це запрошення вже прийнято."), code="accepted")
    if user.email.strip().casefold() != invitation.email.strip().casefold():
        raise ValidationError(
            _("Це запрошення надіслано на іншу адресу. Увійдіть до облікового запису цієї адреси."),
            code="other_account",
        )
    _ensure_not_member(user=user, centre=invitation.centre)
    membership = Membership(user=user, centre=invitation.centre, role=Role(invitation.role))
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        actor=user,
        centre=invitation.centre,
        action=AuditAction.UPDATE,
        obj=invitation,
        changes={"accepted": [False, True]},
    )
    audit_record(
        actor=user,
        centre=invitation.centre,
        action=AuditAction.CREATE,
        obj=membership,
        changes={"role": [None, membership.role], "invitation": [None, invitation.pk]},
    )
    return membership


@transaction.atomic
def invitation_accept_new(
    *,
    invitation: Invitation,
    first_name: str,
    last_name: str,
    patronymic: str = "",
    password: str,
) -> User:
    """A person without an account sets their name and password and joins the centre."""
    if invitation_account(invitation=invitation) is not None:
        raise ValidationError(
            _("Для цієї адреси вже є обліковий запис. Увійдіть і прийміть запрошення."),
            code="account_exists",
        )
    user = User(
        username=_free_username(invitation.email),
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        patronymic=patronymic.strip(),
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=user, centre=invitation.centre, action=AuditAction.CREATE, obj=user)
    invitation_accept(invitation=invitation, user=user)
    return user


def invitation_list_pending_for_centre(*, centre: Centre) -> QuerySet[Invitation]:
    """The centre's invitations not yet accepted and not expired, newest first."""
    return Invitation.objects.filter(
        centre=centre, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
