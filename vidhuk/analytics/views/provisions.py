"""The register of services provided in the back office (issue 14, part 1): the list with its
filters and CSV export, recording a provision, correcting and deleting it, and the operator's
outcome of a finished visit (from the queue's receipt page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.choices import AuditAction
from vidhuk.core.forms import add_service_error
from vidhuk.core.models import Office
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.core.services import audit_record
from vidhuk.core.tabular import csv_response

from ..capabilities import Capability
from ..choices import ProvisionChannel, ProvisionResult, ProvisionSource, StatedAgeGroup, StatedSex
from ..forms.provisions import ProvisionFilterForm, ProvisionForm, ResultForm
from ..models import ServiceProvision
from ..selectors.provisions import (
    ProvisionFilters,
    provision_export_rows,
    provision_get_for_staff,
    provision_list_for_staff,
)
from ..services.provisions import (
    provision_delete,
    provision_record,
    provision_set_result,
    provision_update,
)

PAGE_SIZE = 50
KEEP = Capability.PROVISIONS
QUEUE_OPERATE = "queue.operate"


def _offices(request: CentreRequest) -> QuerySet[Office]:
    return office_list_for_centre(centre=request.centre, only_active=False).prefetch_related(None)


def _services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None)


def _filters(request: CentreRequest) -> tuple[ProvisionFilterForm, ProvisionFilters]:
    form = ProvisionFilterForm(
        request.GET or None, offices=_offices(request), services=_services(request)
    )
    if not form.is_bound or not form.is_valid():
        return form, ProvisionFilters()
    data = form.cleaned_data
    return form, ProvisionFilters(
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        office_id=data["office"].pk if data.get("office") else None,
        service_id=data["service"].pk if data.get("service") else None,
        channel=data.get("channel") or "",
        result=data.get("result") or "",
        source=data.get("source") or "",
    )


def _querystring(request: CentreRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@centre_staff_view(KEEP)
@require_GET
def provision_list(request: CentreRequest) -> HttpResponse:
    form, filters = _filters(request)
    return _list_page(request, form, filters)


def _list_page(request: CentreRequest, form: Any, filters: Any) -> HttpResponse:
    """The register's page (the list and the export with refused filters both show it)."""
    provisions = provision_list_for_staff(centre=request.centre, filters=filters)
    page = Paginator(provisions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "analytics/provisions/list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "today": today,
            "today_query": f"date_from={today:%Y-%m-%d}&date_to={today:%Y-%m-%d}",
        },
        status=400 if form.errors else 200,
    )


EXPORT_HEADER = (
    gettext_lazy("Дата"),
    gettext_lazy("Офіс"),
    gettext_lazy("Код послуги"),
    gettext_lazy("Послуга"),
    gettext_lazy("Спосіб звернення"),
    gettext_lazy("Результат"),
    gettext_lazy("Джерело"),
    gettext_lazy("Стать"),
    gettext_lazy("Вікова група"),
    gettext_lazy("ВПО"),
    gettext_lazy("Інвалідність"),
    gettext_lazy("Пенсіонер"),
    gettext_lazy("Ветеран"),
)


def _export_rows(rows: Any) -> Any:
    labels = {
        "channel": dict(ProvisionChannel.choices),
        "result": dict(ProvisionResult.choices),
        "source": dict(ProvisionSource.choices),
        "sex": dict(StatedSex.choices),
        "age": dict(StatedAgeGroup.choices),
    }
    yes_no = {True: _("так"), False: _("ні"), None: ""}
    for day, office, code, title, channel, result, source, sex, age, *flags in rows:
        yield (
            day,
            office or "",
            code or "",
            title,
            str(labels["channel"].get(channel, channel)),
            str(labels["result"].get(result, result)),
            str(labels["source"].get(source, source)),
            str(labels["sex"].get(sex, sex)) if sex else "",
            str(labels["age"].get(age, age)) if age else "",
            *(yes_no[flag] for flag in flags),
        )


@centre_staff_view(KEEP)
@require_GET
def provision_export(request: CentreRequest) -> HttpResponseBase:
    """The filtered register as CSV (core's streamed writer), audited."""
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():
        return _list_page(request, form, filters)
    audit_record(
        actor=request.user,
        centre=request.centre,
        action=AuditAction.EXPORT,
        object_type="analytics.serviceprovision",
        object_repr=_("Реєстр наданих послуг (CSV)"),
        changes={"filters": request.GET.urlencode()[:500]},
    )
    header = [str(name) for name in EXPORT_HEADER]
    return csv_response(
        header=header,
        rows=_export_rows(provision_export_rows(centre=request.centre, filters=filters)),
        filename=f"nadani-posluhy-{request.centre.slug}-{timezone.localdate():%Y%m%d}.csv",
    )


def _form(request: CentreRequest, *args: Any, **kwargs: Any) -> ProvisionForm:
    return ProvisionForm(*args, offices=_offices(request), services=_services(request), **kwargs)


def _form_page(
    request: CentreRequest, form: ProvisionForm, provision: ServiceProvision | None = None
) -> HttpResponse:
    return render(
        request,
        "analytics/provisions/form.html",
        {"centre": request.centre, "form": form, "provision": provision},
        status=400 if form.errors else 200,
    )


@centre_staff_view(KEEP)
def provision_new(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, _form(request, initial={"provided_on": timezone.localdate()}))
    form = _form(request, request.POST)
    if form.is_valid():
        key = form.cleaned_data.get("submission_key")
        try:
            provision_record(
                centre=request.centre,
                intake=form.intake(),
                actor=request.user,
                source=ProvisionSource.MANUAL,
                source_key=f"form:{key}" if key else "",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Надану послугу внесено до реєстру."))
            return redirect("analytics_staff:provisions", request.centre.slug)
    return _form_page(request, form)


@centre_staff_view(KEEP)
def provision_edit(request: CentreRequest, pk: int) -> HttpResponse:
    provision = provision_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        form = _form(request, initial=ProvisionForm.initial_from(provision))
        return _form_page(request, form, provision)
    form = _form(request, request.POST)
    if form.is_valid():
        try:
            changes = provision_update(
                provision=provision, intake=form.intake(), actor=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Зміни збережено.") if changes else _("Нічого не змінилося.")
            )
            return redirect("analytics_staff:provisions", request.centre.slug)
    return _form_page(request, form, provision)


@centre_staff_view(KEEP)
def provision_delete_view(request: CentreRequest, pk: int) -> HttpResponse:
    provision = provision_get_for_staff(centre=request.centre, pk=pk)
    if request.method == "POST":
        provision_delete(provision=provision, actor=request.user)
        messages.success(request, _("Запис видалено з реєстру."))
        return redirect("analytics_staff:provisions", request.centre.slug)
    return render(
        request,
        "analytics/provisions/delete.html",
        {"centre": request.centre, "provision": provision},
    )


@centre_staff_view(KEEP, QUEUE_OPERATE)
def provision_result(request: CentreRequest, pk: int) -> HttpResponseBase:
    """The result of one service of a finished visit. An operator who does not keep the register
    may set it only for a visit of today recorded by the queue or booking."""
    provision = provision_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not has_capability(request.membership, KEEP) and (
        provision.source not in (ProvisionSource.QUEUE, ProvisionSource.BOOKING)
        or provision.provided_on != timezone.localdate()
    ):
        raise PermissionDenied(_("Змінити результат можна лише для візиту сьогодні."))
    form = ResultForm(request.POST)
    target = request.POST.get("next") or ""
    # A path only: a bare word in `next` would be taken for a URL name by redirect().
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("analytics_staff:provisions", args=[request.centre.slug])
    if not form.is_valid():
        messages.error(request, _("Оберіть результат: надано, відмовлено чи консультація."))
        return redirect(target)
    provision_set_result(
        provision=provision, result=form.cleaned_data["result"], actor=request.user
    )
    messages.success(
        request,
        _("Результат послуги «%(service)s»: %(result)s.")
        % {"service": provision.service_title, "result": provision.get_result_display()},
    )
    return redirect(target)
