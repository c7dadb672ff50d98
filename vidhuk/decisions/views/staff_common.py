"""What the decisions back-office views share: the centre's choices and error placement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm

from vidhuk.accounts.access import CentreRequest
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Office
from vidhuk.core.selectors import office_list_for_centre

PAGE_SIZE = 30
READ, EDIT, ADOPT = "decisions.read", "decisions.edit", "decisions.adopt"


def centre_offices(request: CentreRequest) -> QuerySet[Office]:
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def centre_services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None)


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on a field the form has, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
        return
    form.add_error(None, error)


def querystring_without_page(request: CentreRequest) -> str:
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return querystring.urlencode()
