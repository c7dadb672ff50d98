"""The one inbox across channels: filters, bulk assignment and the streamed CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.appeals.capabilities import Capability
from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record
from vidhuk.core.tabular import csv_response

from ..forms.staff_inbox import BulkAssignForm, ExportForm, InboxFilterForm, InboxPositionForm
from ..permissions import can_manage_personal_data, personal_search_scope
from ..selectors import (
    InboxFilters,
    appeal_csv_header,
    appeal_csv_rows,
    appeal_due_state,
)
from ..selectors_inbox import appeal_inbox_page
from ..services import appeal_bulk_assign
from .inbox_pages import inbox_page_links
from .staff_common import (
    centre_executors,
    centre_offices,
    centre_services,
)


def _filter_form(request: CentreRequest, data: Any) -> InboxFilterForm:
    return InboxFilterForm(
        data,
        offices=centre_offices(request),
        services=centre_services(request),
        executors=centre_executors(request),
    )


def inbox_filters(form: InboxFilterForm, request: CentreRequest) -> InboxFilters:
    """The selector's filters from a valid form; an invalid form filters nothing."""
    if not form.is_bound or not form.is_valid():
        return InboxFilters()
    data = form.cleaned_data
    kind, kind_group = data["kind"], ""
    if kind.startswith("group:"):
        kind, kind_group = "", kind.removeprefix("group:")
    return InboxFilters(
        channel=data["channel"],
        kind=kind,
        kind_group=kind_group,
        status=data["status"],
        executor_id=data["executor"].pk if data["executor"] else None,
        office_id=data["office"].pk if data["office"] else None,
        service_id=data["service"].pk if data["service"] else None,
        topic=data["topic"],
        receipt_form=data["receipt_form"],
        result=data["result"],
        question_code=data["question"],
        due_soon=data["deadline"] == "due_soon",
        overdue=data["deadline"] == "overdue",
        query=data["q"],
        received_from=data["received_from"],
        received_to=data["received_to"],
        resolution_from=data["resolution_from"],
        resolution_to=data["resolution_to"],
        order=data["order"] or "-received",
        search_scope=personal_search_scope(request.membership),
        searcher_id=request.user.pk,
    )


def _inbox_page(
    request: CentreRequest, *, assign_form: BulkAssignForm | None = None, status: int = 200
) -> HttpResponse:
    form = _filter_form(request, request.GET or None)
    now = timezone.now()
    page = appeal_inbox_page(
        centre=request.centre,
        filters=inbox_filters(form, request),
        position=InboxPositionForm(request.GET).position(),
        now=now,
    )
    rows = [(appeal, appeal_due_state(appeal=appeal, now=now)) for appeal in page.appeals]
    can_assign = has_capability(request.membership, Capability.APPEALS_ASSIGN)
    querystring = _querystring_without_position(request)
    if assign_form is None and can_assign:
        assign_form = BulkAssignForm(
            initial={"return_query": request.GET.urlencode()},
            prefix="assign",
            executors=centre_executors(request),
        )
    active_filters = sum(1 for name in _FILTER_NAMES if name != "q" and request.GET.get(name))
    checked: set[int] = set()
    if assign_form is not None and assign_form.is_bound:
        ticked = cast(QueryDict, assign_form.data).getlist(assign_form.add_prefix("appeals"))
        checked = {int(value) for value in ticked if value.isascii() and value.isdigit()}
    return render(
        request,
        "appeals/staff/inbox.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "pages": inbox_page_links(page, querystring),
            "rows": rows,
            "querystring": querystring,
            "assign_form": assign_form,
            "checked": checked,
            "active_filters": active_filters,
            "filters_open": bool(active_filters or form.errors),
            "can_assign": can_assign,
            "can_register": has_capability(request.membership, Capability.APPEALS_REGISTER),
            "export_form": ExportForm(),
            "can_export_personal": can_manage_personal_data(request.membership),
        },
        status=status,
    )


_POSITION_NAMES = ("page", "after", "before")


def _querystring_without_position(request: CentreRequest) -> str:
    querystring = request.GET.copy()
    for name in _POSITION_NAMES:
        querystring.pop(name, None)
    return querystring.urlencode()


# The member's last inbox filters, per centre, kept in their session (no table, nothing to clean).
_SAVED_FILTERS = "appeals_inbox_filters:{centre_id}"
_FILTER_NAMES = frozenset(InboxFilterForm.base_fields)


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def inbox(request: CentreRequest) -> HttpResponse:
    """The inbox opens with the filters the member last used in this centre; «Скинути фільтри»
    (``?clear=1``) forgets them."""
    key = _SAVED_FILTERS.format(centre_id=request.centre.pk)
    url = reverse("appeals_staff:inbox", kwargs={"centre_slug": request.centre.slug})
    if "clear" in request.GET:
        request.session.pop(key, None)
        return redirect(url)
    if not request.GET and request.session.get(key):
        return redirect(f"{url}?{request.session[key]}")
    chosen = QueryDict(mutable=True)
    for name in _FILTER_NAMES & set(request.GET):
        chosen.setlist(name, [v for v in request.GET.getlist(name) if v][:1])
    if any(chosen.values()):
        saved = chosen.urlencode()[:2000]
        if request.session.get(key) != saved:  # a session write only when the filters change
            request.session[key] = saved
    elif request.GET and key in request.session:
        request.session.pop(key, None)
    return _inbox_page(request)


@centre_staff_view(Capability.APPEALS_ASSIGN)
@require_POST
def bulk_assign(request: CentreRequest) -> HttpResponse:
    """Assign the ticked cases to one executor: all of them or, when any cannot be, none."""
    form = BulkAssignForm(request.POST, prefix="assign", executors=centre_executors(request))
    if form.is_valid():
        try:
            assigned = appeal_bulk_assign(
                centre=request.centre,
                appeal_ids=form.cleaned_data["appeals"],
                executor=form.cleaned_data["executor"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Призначено %(count)s звернення.",
                    "Призначено %(count)s звернень.",
                    len(assigned),
                )
                % {"count": len(assigned)},
            )
            url = reverse("appeals_staff:inbox", kwargs={"centre_slug": request.centre.slug})
            query = form.cleaned_data["return_query"]
            # Only a query string goes back into the address: the path is always the inbox.
            return redirect(f"{url}?{query}" if query and "\n" not in query else url)
    # Show the list the member was looking at, with the refusal in the summary.
    request.GET = QueryDict(form.data.get("return_query", "")[:2000])
    return _inbox_page(request, assign_form=form)


def _csv_value(value: Any) -> Any:
    """Moments in the centre's local time, to the minute; the writer guards formula cells."""
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return value


@centre_staff_view(Capability.APPEALS_READ)
@require_GET
def export_csv(request: CentreRequest) -> StreamingHttpResponse:
    """The filtered inbox as CSV, streamed in chunks so 200,000 rows take no more memory than 2,000.
    Personal columns only for members who manage personal data; every export is audited."""
    form = _filter_form(request, request.GET)
    filters = inbox_filters(form, request)
    export_form = ExportForm(request.GET)
    include_personal = (
        export_form.is_valid()
        and export_form.cleaned_data["include_personal_data"]
        and can_manage_personal_data(request.membership)
    )
    audit_record(
        actor=request.user,
        centre=request.centre,
        action=AuditAction.EXPORT,
        object_type="appeals.appeal",
        object_repr=_("Експорт звернень у CSV"),
        changes={
            "filters": {k: v for k, v in request.GET.items() if v and k not in _POSITION_NAMES},
            "include_personal_data": bool(include_personal),
        },
    )
    rows = appeal_csv_rows(
        centre=request.centre, filters=filters, include_personal_data=bool(include_personal)
    )
    return csv_response(
        header=appeal_csv_header(include_personal_data=bool(include_personal)),
        rows=([_csv_value(value) for value in row] for row in rows),
        # The slug is Latin letters, digits and hyphens (validate_centre_slug).
        filename=f"appeals-{request.centre.slug}-{timezone.localdate():%Y-%m-%d}.csv",
    )
