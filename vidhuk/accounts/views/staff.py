"""The centre's people and their roles: list, invite, change role, switch access off and on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vidhuk.core.capabilities import capabilities

from ..access import CentreRequest, centre_staff_view
from ..choices import Capability, Role
from ..forms import MembershipInviteForm, MembershipRoleForm
from ..invitations import invitation_list_pending_for_centre, invitation_send
from ..models import Membership
from ..permissions import has_capability
from ..selectors import membership_get_for_centre, membership_list_for_centre
from ..services import (
    membership_change_role,
    membership_deactivate,
    membership_personal_data_viewed,
    membership_reactivate,
)


def role_descriptions() -> list[dict[str, Any]]:
    """What each role may do, straight from the registered capabilities, in their order."""
    return [
        {
            "value": role.value,
            "label": role.label,
            "capabilities": [
                str(capability.label)
                for capability in capabilities()
                if role.value in capability.roles
            ],
        }
        for role in Role
    ]


@centre_staff_view(Capability.STAFF_MANAGE)
def staff_list(request: CentreRequest) -> HttpResponse:
    memberships = membership_list_for_centre(centre=request.centre)  # type: ignore[attr-defined]
    context = {
        "centre": request.centre,  # type: ignore[attr-defined]
        "memberships": memberships,
        "invitations": invitation_list_pending_for_centre(centre=request.centre),  # type: ignore[attr-defined]
        "roles": role_descriptions(),
    }
    return render(request, "accounts/staff/list.html", context)


@centre_staff_view(Capability.STAFF_MANAGE)
def staff_add(request: CentreRequest) -> HttpResponse:
    centre = request.centre  # type: ignore[attr-defined]
    form = MembershipInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_send(
                centre=centre,
                actor=request.user,  # type: ignore[arg-type]
                base_url=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            # The same words whether or not the address has an account: nothing about a
            # person elsewhere reaches the inviter.
            messages.success(
                request,
                _(
                    "Запрошення надіслано на %(email)s. Людина стане працівником центру, "
                    "коли прийме його."
                )
                % {"email": invitation.email},
            )
            return redirect("accounts:staff_list", centre_slug=centre.slug)
    context = {"centre": centre, "form": form, "roles": role_descriptions()}
    return render(request, "accounts/staff/add.html", context)


@centre_staff_view(Capability.STAFF_MANAGE)
def staff_edit(request: CentreRequest, pk: int) -> HttpResponse:
    """One page, three actions (a POST `action`): change the role, switch access off or on."""
    centre = request.centre  # type: ignore[attr-defined]
    membership = membership_get_for_centre(centre=centre, pk=pk)
    form = MembershipRoleForm(initial={"role": membership.role})
    if request.method == "GET":
        membership_personal_data_viewed(actor=request.user, membership=membership)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {"role", "deactivate", "reactivate"}:
            return HttpResponseBadRequest()
        # Bound in every case so that a refusal from the service shows in the error summary.
        form = MembershipRoleForm(request.POST if action == "role" else {"role": membership.role})
        if form.is_valid():
            try:
                message = _apply(request, membership, action, form.cleaned_data["role"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, message)
                still_manages = membership.is_active and has_capability(
                    membership, Capability.STAFF_MANAGE
                )
                if membership.user_id == request.user.pk and not still_manages:
                    # They just gave up managing staff here: this page is no longer theirs.
                    return redirect(settings.LOGIN_REDIRECT_URL)
                return redirect("accounts:staff_list", centre_slug=centre.slug)
    context = {
        "centre": centre,
        "membership": membership,
        "person": membership.user,
        "form": form,
        "is_self": membership.user_id == request.user.pk,
        "roles": role_descriptions(),
    }
    return render(request, "accounts/staff/edit.html", context)


def _apply(request: HttpRequest, membership: Membership, action: str, role: str) -> str:
    actor: Any = request.user
    name = _person(membership)
    if action == "deactivate":
        membership_deactivate(membership=membership, actor=actor)
        return _("Доступ до центру для %(name)s вимкнено.") % {"name": name}
    if action == "reactivate":
        membership_reactivate(membership=membership, actor=actor)
        return _("Доступ до центру для %(name)s відновлено.") % {"name": name}
    membership_change_role(membership=membership, role=role, actor=actor)
    return _("%(name)s тепер має роль «%(role)s».") % {
        "name": name,
        "role": membership.get_role_display(),
    }


def _person(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()
