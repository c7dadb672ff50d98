"""Importing the centre's case-system export into the register (issue 14, part 1): upload a CSV
or XLSX, match its columns on a preview that shows every row's errors, then import — all or
nothing, or skipping the bad rows — and read the import's summary.

The uploaded file waits between the steps as a file named by a random token
(`imports_storage.py`); the member's session and the form carry only the token. After the
import the token names the import, so sending the form again shows the same summary instead of
a second import.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.tabular_read import Table, TableFileError, table_read
from vidhuk.core.uploads import safe_name

from ..capabilities import Capability
from ..choices import ProvisionChannel, ProvisionResult
from ..forms.provisions import ImportMappingForm, ImportUploadForm
from ..imports import (
    MAX_BYTES,
    MAX_ROWS,
    TARGETS,
    ImportCheck,
    guess_mapping,
    mapping_check,
    rows_check,
)
from ..imports_storage import upload_drop, upload_keep, upload_read
from ..selectors.provisions import provision_import_get_for_staff, provision_import_list
from ..services.provisions_import import ImportRowsInvalid, import_already, provisions_import

KEEP = Capability.PROVISIONS
SESSION_KEY = "analytics.provision_import"
SHOWN_ERRORS = 200
SHOWN_SAMPLE = 5


def _pending(request: CentreRequest) -> dict[str, Any]:
    stored = request.session.get(SESSION_KEY) or {}
    return stored if stored.get("centre") == request.centre.pk else {}


def _upload_page(request: CentreRequest, form: ImportUploadForm) -> HttpResponse:
    return render(
        request,
        "analytics/provisions/import_upload.html",
        {
            "centre": request.centre,
            "form": form,
            "imports": provision_import_list(centre=request.centre),
            "targets": TARGETS,
        },
        status=400 if form.errors else 200,
    )


@centre_staff_view(KEEP)
def import_upload(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    if upload.size is not None and upload.size > MAX_BYTES:
        data = b"x" * (MAX_BYTES + 1)  # refused by its size without reading it
    else:
        data = upload.read(MAX_BYTES + 1)
    try:
        table = table_read(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except TableFileError as error:
        form.add_error("file", error.message)
        return _upload_page(request, form)
    refusal = import_already(centre=request.centre, sha256=table.sha256)
    if refusal is not None:
        form.add_error("file", refusal)
        return _upload_page(request, form)
    previous = _pending(request).get("token")
    if previous:
        upload_drop(previous)
    token = upload_keep(data)
    request.session[SESSION_KEY] = {
        "centre": request.centre.pk,
        "token": token,
        "name": safe_name(upload.name, default="file.csv"),
    }
    return redirect(f"{_preview_url(request)}?token={token}")


def _preview_url(request: CentreRequest) -> str:
    return reverse("analytics_staff:provisions_import_preview", args=[request.centre.slug])


def _table(pending: dict[str, Any]) -> Table | None:
    data = upload_read(pending["token"])
    if data is None:
        return None
    return table_read(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)


def _preview_page(
    request: CentreRequest,
    *,
    pending: dict[str, Any],
    table: Table,
    form: ImportMappingForm,
    mapping: dict[str, int],
    refused: bool = False,
) -> HttpResponse:
    problems = mapping_check(mapping, table.columns)
    check: ImportCheck | None = None
    if not problems:
        check = rows_check(centre=request.centre, table=table, mapping=mapping)
    errors = [message for row in (check.bad_rows if check else []) for message in row.errors]
    channels, results = dict(ProvisionChannel.choices), dict(ProvisionResult.choices)
    sample = [
        {
            "line": row.line,
            "intake": row.intake,
            "channel_label": channels[row.intake.channel],
            "result_label": results[row.intake.result],
        }
        for row in (check.rows if check else [])[: SHOWN_SAMPLE * 20]
        if row.intake is not None
    ]
    return render(
        request,
        "analytics/provisions/import_preview.html",
        {
            "centre": request.centre,
            "form": form,
            "file_name": pending["name"],
            "table": table,
            "problems": problems,
            "check": check,
            "errors": errors[:SHOWN_ERRORS],
            "errors_more": max(0, len(errors) - SHOWN_ERRORS),
            "sample": sample[:SHOWN_SAMPLE],
            "refused": refused,
        },
        status=400 if problems or refused else 200,
    )


def _gone(request: CentreRequest) -> HttpResponse:
    messages.error(
        request,
        _(
            "Завантажений файл не знайдено (сеанс завершився або файл уже імпортовано). "
            "Завантажте файл ще раз."
        ),
    )
    return redirect("analytics_staff:provisions_import", request.centre.slug)


@centre_staff_view(KEEP)
def import_preview(request: CentreRequest) -> HttpResponse:
    pending = _pending(request)
    token = request.POST.get("token") or request.GET.get("token") or ""
    if pending.get("done") and pending.get("token") == token:
        return redirect(
            "analytics_staff:provisions_import_summary", request.centre.slug, pending["done"]
        )
    if not pending or pending.get("token") != token or "name" not in pending:
        return _gone(request)
    table = _table(pending)
    if table is None:
        return _gone(request)
    if request.method != "POST":
        mapping = guess_mapping(table.columns)
        initial = {f"column_{name}": str(index) for name, index in mapping.items()}
        form = ImportMappingForm(initial={"token": token, **initial}, columns=table.columns)
        return _preview_page(request, pending=pending, table=table, form=form, mapping=mapping)
    form = ImportMappingForm(request.POST, columns=table.columns)
    if not form.is_valid():
        mapping = guess_mapping(table.columns)
        return _preview_page(request, pending=pending, table=table, form=form, mapping=mapping)
    mapping = form.mapping()
    if "import" not in request.POST:
        return _preview_page(request, pending=pending, table=table, form=form, mapping=mapping)
    try:
        batch = provisions_import(
            centre=request.centre,
            table=table,
            mapping=mapping,
            skip_bad=form.skip_bad,
            file_name=pending["name"],
            actor=request.user,
        )
    except ImportRowsInvalid as refusal:
        messages.error(
            request,
            _(
                "Нічого не імпортовано: рядків з помилками — %(count)s. Виправте їх у файлі або "
                "оберіть «пропустити рядки з помилками»."
            )
            % {"count": refusal.check.invalid},
        )
        return _preview_page(
            request, pending=pending, table=table, form=form, mapping=mapping, refused=True
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _preview_page(
            request, pending=pending, table=table, form=form, mapping=mapping, refused=True
        )
    upload_drop(token)
    request.session[SESSION_KEY] = {"centre": request.centre.pk, "token": token, "done": batch.pk}
    return redirect("analytics_staff:provisions_import_summary", request.centre.slug, batch.pk)


@centre_staff_view(KEEP)
def import_summary(request: CentreRequest, pk: int) -> HttpResponseBase:
    batch = provision_import_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    skipped = batch.mapping.get("skipped", []) if isinstance(batch.mapping, dict) else []
    return render(
        request,
        "analytics/provisions/import_summary.html",
        {
            "centre": request.centre,
            "batch": batch,
            "skipped": skipped,
            "already": batch.mapping.get("already_in_register", 0)
            if isinstance(batch.mapping, dict)
            else 0,
            "columns": batch.mapping.get("columns", {}) if isinstance(batch.mapping, dict) else {},
            "targets": TARGETS,
        },
    )
