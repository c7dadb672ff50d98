"""The catalog in the back office: list, create and edit information cards, categories."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.capabilities import Capability
from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..forms import CategoryForm, ServiceForm, StaffServiceFilterForm
from ..selectors import category_list, service_get_for_staff, service_list_for_staff
from ..services import category_get_or_create, service_create, service_update

PAGE_SIZE = 50


@centre_staff_view()
def service_list(request: CentreRequest) -> HttpResponse:
    form = StaffServiceFilterForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    services = service_list_for_staff(centre=request.centre, query=query, status=status)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "catalog/staff/list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
            "can_edit": has_capability(request.membership, Capability.CATALOG_EDIT),
        },
    )


def _save_service(request: CentreRequest, form: ServiceForm, service=None):
    data = {k: v for k, v in form.cleaned_data.items() if k not in {"life_situations", "offices"}}
    try:
        if service is None:
            return service_create(
                centre=request.centre,
                data=data,
                life_situations=form.cleaned_data["life_situations"],
                offices=form.cleaned_data["offices"],
                actor=request.user,
            )
        service_update(
            service=service,
            data=data,
            life_situations=form.cleaned_data["life_situations"],
            offices=form.cleaned_data["offices"],
            actor=request.user,
        )
        return service
    except ValidationError as error:
        form.add_error(None, error)
        return None


@centre_staff_view(Capability.CATALOG_EDIT)
def service_create_view(request: CentreRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, centre=request.centre)
    if request.method == "POST" and form.is_valid():
        service = _save_service(request, form)
        if service is not None:
            messages.success(request, _("Послугу «%(name)s» додано.") % {"name": service.name})
            return redirect("catalog_staff:edit", centre_slug=request.centre.slug, pk=service.pk)
    return render(
        request,
        "catalog/staff/form.html",
        {"centre": request.centre, "form": form, "service": None},
    )


@centre_staff_view()
def service_edit(request: CentreRequest, pk: int) -> HttpResponse:
    service = service_get_for_staff(centre=request.centre, pk=pk)
    can_edit = has_capability(request.membership, Capability.CATALOG_EDIT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ServiceForm(request.POST or None, instance=service, centre=request.centre)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_service(request, form, service) is not None
    ):
        messages.success(request, _("Зміни збережено."))
        return redirect("catalog_staff:edit", centre_slug=request.centre.slug, pk=service.pk)
    if request.method == "GET":
        audit_record(
            actor=request.user, centre=request.centre, action=AuditAction.VIEW, obj=service
        )
    return render(
        request,
        "catalog/staff/form.html",
        {"centre": request.centre, "form": form, "service": service, "can_edit": can_edit},
    )


@centre_staff_view(Capability.CATALOG_EDIT)
def category_list_view(request: CentreRequest) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = category_get_or_create(
            centre=request.centre, name=form.cleaned_data["name"], actor=request.user
        )
        messages.success(request, _("Категорію «%(name)s» додано.") % {"name": category.name})
        return redirect("catalog_staff:categories", centre_slug=request.centre.slug)
    return render(
        request,
        "catalog/staff/categories.html",
        {
            "centre": request.centre,
            "form": form,
            "categories": category_list(centre=request.centre),
        },
    )
