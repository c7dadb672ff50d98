"""What the decisions back-office views share: the centre's choices and error placement."""

from __future__ import annotations

from django.db.models import QuerySet

from vidhuk.accounts.access import CentreRequest
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.forms import (
    add_service_error as add_service_error,  # the views import it from here
)
from vidhuk.core.models import Office
from vidhuk.core.selectors import office_list_for_centre

PAGE_SIZE = 30
READ, EDIT, ADOPT = "decisions.read", "decisions.edit", "decisions.adopt"


def centre_offices(request: CentreRequest) -> QuerySet[Office]:
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def centre_services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None)


def querystring_without_page(request: CentreRequest) -> str:
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return querystring.urlencode()
