"""Publications in the back office: the list, making and editing one, its workflow."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..selectors.publications import publication_list_for_staff

PAGE_SIZE = 30
READ, PUBLISH = "communications.read", "communications.publish"


@centre_staff_view(READ)
@require_GET
def publication_list(request: CentreRequest) -> HttpResponse:
    publications = publication_list_for_staff(centre=request.centre)
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/publications/list.html",
        {
            "centre": request.centre,
            "page": page,
            "can_publish": has_capability(request.membership, PUBLISH),
        },
    )
