"""The gate of every back-office view: signed in, second factor verified, member of the centre.

A member of another centre gets 404, not 403, so that staff URLs reveal nothing about other
centres' records. A member without the needed capability gets 403 with an explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from vidhuk.core.capabilities import narrow_role_home
from vidhuk.core.models import Centre

from .choices import Role
from .models import Membership
from .permissions import has_capability
from .selectors import membership_for

View = Callable[..., HttpResponseBase]


class CentreRequest(HttpRequest):
    """A request that passed `centre_staff_view`: the member's centre and membership are on it."""

    centre: Centre
    membership: Membership


def is_fully_signed_in(request: HttpRequest) -> bool:
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and user.is_active and is_verified and is_verified())


def staff_required(view: View) -> View:
    """Signed in with password and second factor; no centre needed (choose-centre page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_fully_signed_in(request):
            # A session signed in without the code (another login route) is not trusted to
            # reach the code step: it ends, and the sign-in starts with the password.
            if request.user.is_authenticated:
                logout(request)
            if request.headers.get("HX-Request") == "true":
                return _htmx_to_login(request)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _htmx_to_login(request: HttpRequest) -> HttpResponse:
    """A part of a page polled by htmx after the session ended: the whole page goes to the
    sign-in (``HX-Redirect``), back to the page it was, instead of the sign-in form being
    swapped into the part. "204 No Content": nothing is swapped."""
    current = request.headers.get("HX-Current-URL", "")
    if url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = urlsplit(current).path
    else:
        back = request.path
    response = HttpResponse(status=204)
    response["HX-Redirect"] = redirect_to_login(back)["Location"]
    return response


def centre_staff_view(capability: str | None = None, *alternatives: str) -> Callable[[View], View]:
    """Resolve `centre_slug` to the member's centre and put it on the request.

    Sets `request.centre` and `request.membership`. A platform administrator acts as head.
    With several capabilities (``centre_staff_view(A, B)``) a member holding any one of them
    may open the page: the mystery shopper's reports open to evaluators and reviewers alike.
    """
    capabilities = [c for c in (capability, *alternatives) if c]

    def decorator(view: View) -> View:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, centre_slug: str, *args: Any, **kwargs: Any) -> Any:
            membership = membership_for(user=request.user, centre_slug=centre_slug)
            # Known before any refusal: the 403 page keeps the member's staff menu.
            request.centre = membership.centre  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            if capabilities and not any(has_capability(membership, c) for c in capabilities):
                # A single capability's code lets the 403 page name the roles that hold it.
                raise PermissionDenied(capabilities[0] if len(capabilities) == 1 else "")
            home = narrow_role_home(membership.role) if not capabilities else None
            if home:
                # A narrow role (the mystery shopper) reaches its own pages only, not the
                # staff's shared ones: the app giving it work registered where it lands.
                if request.method == "GET":
                    return redirect(home, centre_slug)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


__all__ = [
    "CentreRequest",
    "Role",
    "centre_staff_view",
    "is_fully_signed_in",
    "staff_required",
]
