"""What the appeals back-office views share: the centre's lists, the operator's office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vidhuk.accounts.access import CentreRequest
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.forms import (
    add_service_error as add_service_error,  # the views import it from here
)
from vidhuk.core.models import Office
from vidhuk.core.selectors import main_office, office_list_for_centre

from ..selectors import appeal_executor_choices

PAGE_SIZE = 50


def centre_offices(request: CentreRequest) -> QuerySet[Office]:
    # The opening hours are not needed in a select: drop the selector's prefetches.
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def centre_services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None)


def centre_executors(request: CentreRequest) -> QuerySet[Any]:
    return appeal_executor_choices(centre=request.centre)


def _office_session_key(request: CentreRequest) -> str:
    return f"appeals_office:{request.centre.pk}"


def operator_office(request: CentreRequest) -> Office | None:
    """The office the operator chose last time in this centre, else the main office."""
    offices = list(centre_offices(request))
    remembered = request.session.get(_office_session_key(request))
    for office in offices:
        if office.pk == remembered:
            return office
    return main_office(offices=offices)


def remember_office(request: CentreRequest, office: Office | None) -> None:
    if office is not None:
        request.session[_office_session_key(request)] = office.pk


def querystring_without_page(request: CentreRequest) -> str:
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return querystring.urlencode()


def base_url(request: CentreRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"
