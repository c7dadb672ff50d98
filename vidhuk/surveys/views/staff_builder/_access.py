"""What every builder page shares: who may read or change, refusals for a frozen version, a
service's refusal placed on the form, the way back to the version page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.core.forms import add_service_error
from vidhuk.surveys.capabilities import Capability

from ...choices import VersionStatus
from ...models import QuestionnaireVersion

SURVEYS_CAPABILITIES = (
    Capability.SURVEYS_EDIT,
    Capability.SURVEYS_ENTER,
    Capability.SURVEYS_RESULTS,
    Capability.SURVEYS_MODERATE,
    "mystery.review",  # the mystery shopper's reviewers read the checklists they judge by
)


def can_read_surveys(request: CentreRequest) -> bool:
    return any(has_capability(request.membership, c) for c in SURVEYS_CAPABILITIES)


def can_edit_surveys(request: CentreRequest) -> bool:
    return has_capability(request.membership, Capability.SURVEYS_EDIT)


def surveys_reader(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """A member with any of the surveys capabilities may read the builder's pages."""

    @centre_staff_view()
    @wraps(view)
    def wrapper(request: CentreRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read_surveys(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def post_only(request: CentreRequest) -> HttpResponse | None:
    # Called after the record was looked up: another centre's id is 404 whatever the method.
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def saved_or_form(
    request: CentreRequest,
    form: BaseForm,
    save: Callable[[], tuple[str, str]],
    *,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A builder form page: on a valid POST ``save()`` calls the service and gives the success
    message and the address to go to; a service's refusal lands on the form, shown again."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = save()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect(url)
    return render(request, template, {"centre": request.centre, "form": form, **context})


def version_redirect(request: CentreRequest, version_id: int) -> HttpResponse:
    return redirect("surveys_staff:builder_version", centre_slug=request.centre.slug, pk=version_id)


def draft_refused(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse | None:
    """A page that shows on GET and changes on POST (a form, a delete question), in a draft
    only."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return frozen_refusal(request, version)


def frozen_refusal(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse | None:
    """A published or retired version cannot change: back to its page with the reason."""
    if version.status == VersionStatus.DRAFT:
        return None
    messages.error(
        request,
        _("Версію %(number)s уже опубліковано, її не можна змінювати; створіть нову версію.")
        % {"number": version.number},
    )
    return version_redirect(request, version.pk)


def version_path(request: CentreRequest, version: QuestionnaireVersion) -> str:
    return reverse(
        "surveys_staff:builder_version",
        kwargs={"centre_slug": request.centre.slug, "pk": version.pk},
    )
