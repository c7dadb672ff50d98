"""The invitee's side of an invitation to a centre's staff (vidhuk.accounts.invitations)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..access import is_fully_signed_in
from ..forms import InvitationAccountForm
from ..invitations import (
    invitation_accept,
    invitation_accept_new,
    invitation_account,
    invitation_by_token,
)


@sensitive_post_parameters("password1", "password2")
@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """One address, every state: gone, accepted, set up a new account, sign in, or accept."""
    found = invitation_by_token(token=token)
    if found is None:
        return render(request, "accounts/invitation.html", {"state": "invalid"}, status=410)
    context: dict[str, Any] = {"invitation": found, "centre": found.centre}
    if found.accepted_at is not None:
        return _page(request, context, "accepted")
    account = invitation_account(invitation=found)
    if account is None:
        return _new_account(request, found, context)
    if not is_fully_signed_in(request):
        login = reverse("accounts:login") + "?" + urlencode({"next": request.path})
        return _page(request, context | {"login_url": login}, "sign_in")
    if request.user.pk != account.pk:
        return _page(request, context, "other_account")
    if request.method == "POST":
        try:
            invitation_accept(invitation=found, user=account)
        except ValidationError as error:
            return _page(request, context | {"errors": error.messages}, "existing")
        messages.success(
            request,
            _("Вас додано до центру «%(centre)s».") % {"centre": found.centre.name},
        )
        return redirect(settings.LOGIN_REDIRECT_URL)
    return _page(request, context, "existing")


def _new_account(request: HttpRequest, found: Any, context: dict[str, Any]) -> HttpResponse:
    form = InvitationAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation_accept_new(
                invitation=found,
                first_name=data["first_name"],
                last_name=data["last_name"],
                patronymic=data.get("patronymic", ""),
                password=data["password1"],
            )
        except ValidationError as error:
            form.add_error("password1" if error.code != "account_exists" else None, error)
        else:
            return redirect(request.path)  # now accepted: the same page says so
    return _page(request, context | {"form": form}, "new_account")


def _page(request: HttpRequest, context: dict[str, Any], state: str) -> HttpResponse:
    return render(request, "accounts/invitation.html", context | {"state": state})
