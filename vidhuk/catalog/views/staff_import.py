"""CSV import and export of the catalog in the back office.

Import is upload → preview → confirm. The preview writes nothing to the catalog; the file's text
waits in the member's session (server-side, database-backed) under a random preview id, with the
SHA-256 of the text and the digest of the previewed outcome. The confirm form carries only the
preview id and the checksum; the text never travels back through the browser. Confirm applies the
stored text only if its checksum still matches and it would still do what the preview showed,
then drops the text from the session, so a second submit of the same form says it was applied.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.catalog.capabilities import Capability
from vidhuk.core.tabular import csv_response

from .. import csvio
from ..forms_import import ImportConfirmForm, ImportUploadForm

UPLOAD_TEMPLATE = "catalog/staff/import.html"
PREVIEW_TEMPLATE = "catalog/staff/import_preview.html"


def _session_key(request: HttpRequest) -> str:
    return f"catalog_import:{request.centre.pk}"  # type: ignore[attr-defined]


def _state(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(_session_key(request), {}))


def _save_state(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[_session_key(request)] = state


def _upload_page(request: HttpRequest, form: ImportUploadForm) -> HttpResponse:
    return render(
        request,
        UPLOAD_TEMPLATE,
        {
            "centre": request.centre,  # type: ignore[attr-defined]
            "form": form,
            "columns": [
                {
                    "name": column,
                    "label": csvio.column_label(column),
                    "is_required": column in csvio.REQUIRED_COLUMNS,
                }
                for column in csvio.COLUMNS
            ],
        },
    )


def _preview_page(
    request: HttpRequest,
    plan: csvio.ImportPlan,
    pending: dict[str, Any],
    *,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    confirm_form = ImportConfirmForm(
        initial={"preview": pending["preview"], "checksum": pending["checksum"]}
    )
    return render(
        request,
        PREVIEW_TEMPLATE,
        {
            "centre": request.centre,  # type: ignore[attr-defined]
            "plan": plan,
            "counts": plan.counts,
            "pending": pending,
            "confirm_form": confirm_form,
            "notice": notice,
            "mode_all": ImportConfirmForm.MODE_ALL,
            "mode_valid_only": ImportConfirmForm.MODE_VALID_ONLY,
        },
        status=status,
    )


@centre_staff_view(Capability.CATALOG_EDIT)
@require_http_methods(["GET", "POST"])
def import_upload(request: CentreRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file and show what importing it would do."""
    if request.method != "POST":
        # Leaving a preview for the upload page drops it; a pending file is not kept for nothing.
        state = _state(request)
        if state.pop("pending", None) is not None:
            _save_state(request, state)
        return _upload_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    table: csvio.CsvTable = form.cleaned_data["file"]
    plan = csvio.plan_import(centre=request.centre, table=table)  # type: ignore[attr-defined]
    pending = {
        "preview": secrets.token_hex(16),
        "checksum": table.checksum,
        "digest": plan.digest,
        "filename": form.filename[:255],
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "text": table.text,
    }
    # A new upload replaces any earlier preview of this centre (one pending import at a time).
    _save_state(request, {**_state(request), "pending": pending})
    return _preview_page(request, plan, pending)


@centre_staff_view(Capability.CATALOG_EDIT)
@require_POST
def import_confirm(request: CentreRequest) -> HttpResponse:
    """Apply the previewed file in one transaction: all the chosen rows or nothing."""
    centre = request.centre  # type: ignore[attr-defined]
    form = ImportConfirmForm(request.POST)
    state = _state(request)
    applied, pending = state.get("applied") or {}, state.get("pending")
    if form.is_valid() and applied.get("preview") == form.cleaned_data["preview"]:
        messages.info(request, _("Цей імпорт уже виконано, повторно нічого не змінено."))
        return redirect("catalog_staff:import", centre_slug=centre.slug)
    if not form.is_valid() or not _matches(pending, form.cleaned_data):
        messages.error(
            request,
            _(
                "Цей перегляд уже недійсний: файл завантажено знову в іншій вкладці або час "
                "сеансу минув. Нічого не змінено — завантажте файл ще раз."
            ),
        )
        return redirect("catalog_staff:import", centre_slug=centre.slug)
    assert pending is not None  # noqa: S101 - _matches() is false without a pending preview
    try:
        result = csvio.import_apply(
            centre=centre,
            text=pending["text"],
            expected_digest=pending["digest"],
            only_valid=form.only_valid,
            actor=request.user,
            filename=pending["filename"],
        )
    except csvio.ImportPlanChanged as changed:
        pending = {**pending, "digest": changed.plan.digest}
        _save_state(request, {**state, "pending": pending})
        notice = _(
            "Каталог змінився після перегляду, тому нічого не записано. Ось що файл зробить "
            "тепер — перевірте й підтвердьте ще раз."
        )
        return _preview_page(request, changed.plan, pending, notice=notice, status=409)
    except (ValueError, ValidationError, IntegrityError):
        plan = csvio.plan_import(centre=centre, table=csvio.parse_text(pending["text"]))
        notice = _(
            "Нічого не записано: у файлі є рядки з помилками або каталог змінився під час "
            "імпорту. Виправте файл або імпортуйте лише правильні рядки."
        )
        return _preview_page(request, plan, pending, notice=notice, status=409)
    _save_state(request, {"applied": {"preview": pending["preview"], **result.as_dict()}})
    messages.success(
        request,
        _(
            "Імпорт виконано: створено — %(created)s, оновлено — %(updated)s, "
            "без змін — %(unchanged)s, пропущено рядків з помилками — %(skipped)s."
        )
        % result.as_dict(),
    )
    return redirect("catalog_staff:import", centre_slug=centre.slug)


def _matches(pending: dict[str, Any] | None, cleaned: dict[str, Any]) -> bool:
    """The form names the preview in the session, and the stored text is the one previewed."""
    return bool(
        pending
        and pending["preview"] == cleaned["preview"]
        and pending["checksum"] == cleaned["checksum"]
        and csvio.text_checksum(pending["text"]) == pending["checksum"]
    )


@centre_staff_view()
@require_GET
def export_csv(request: CentreRequest) -> StreamingHttpResponse:
    """The whole catalog of the centre as CSV, streamed; `?delimiter=semicolon` for Excel."""
    centre = request.centre  # type: ignore[attr-defined]
    delimiter = ";" if request.GET.get("delimiter") == "semicolon" else ","
    csvio.export_record(centre=centre, actor=request.user)
    return csv_response(
        header=csvio.COLUMNS,
        rows=csvio.export_rows(centre=centre),
        filename=f"services-{centre.slug}-{timezone.localdate():%Y-%m-%d}.csv",
        delimiter=delimiter,
    )
