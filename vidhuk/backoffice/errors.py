"""The 403 page: a refused member keeps the staff header and menu, and learns which roles open
the page, so they know whom to ask instead of guessing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.template.loader import get_template

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import capability_get


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler403`. `centre_staff_view` raises `PermissionDenied(<capability code>)` after putting
    the member's centre and membership on the request; any other text is a reason to show."""
    membership = getattr(request, "membership", None)
    reason = str(exception or "")
    context: dict[str, Any] = {"reason": reason}
    capability = capability_get(reason)
    if capability is not None:
        context = {
            "capability": capability.label,
            "roles": [role.label for role in Role if role.value in capability.roles],
        }
    if membership is None:
        return HttpResponseForbidden(get_template("403.html").render(context, request))
    context |= {"centre": membership.centre, "membership": membership}
    return render(request, "backoffice/403.html", context, status=403)
