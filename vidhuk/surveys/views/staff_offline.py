"""Offline collection in the back office: XLSForm export and import of KoboToolbox/ODK exports.

Routes under /staff/<centre_slug>/surveys/offline/. Export needs SURVEYS_ENTER or SURVEYS_EDIT;
import needs SURVEYS_ENTER. The published version and retired ones take an import (devices still
running an older XLSForm send their forms late; each answer is stored under the version it was
collected on); a draft never does. Import is upload → column mapping with a preview and row
errors → import (all or none, or the valid rows only). The file waits between the steps as a
randomly named file that a signed value in the form names (``xlsform.storage``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.surveys.capabilities import Capability

from ..choices import VersionStatus
from ..forms.staff_offline import (
    ACTION_IMPORT,
    MODE_SKIP_INVALID,
    ColumnMappingForm,
    SubmissionUploadForm,
)
from ..models import QuestionnaireVersion
from ..services.imports import ImportCheck, ImportRowsInvalid, submissions_check, submissions_import
from ..xlsform import storage
from ..xlsform.answers import RowReader
from ..xlsform.export import XlsFormInvalid, xlsform_export
from ..xlsform.mapping import (
    ANSWER,
    Column,
    auto_columns,
    file_version_number,
    form_mismatch,
    targets,
)
from ..xlsform.naming import FormNames, form_names
from ..xlsform.reading import MAX_BYTES, SubmissionFileError, SubmissionTable, read_submissions
from ..xlsform.selectors import (
    import_batch_list,
    offline_importable_versions,
    offline_questionnaires,
    offline_version,
)

PAGE_SIZE = 50
PREVIEW_ROWS = 5
SHOWN_ERRORS = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_export(request: CentreRequest) -> None:
    membership = request.membership
    if not (
        has_capability(membership, Capability.SURVEYS_ENTER)
        or has_capability(membership, Capability.SURVEYS_EDIT)
    ):
        raise PermissionDenied


def _version(request: CentreRequest, version_pk: int) -> QuestionnaireVersion:
    try:
        return offline_version(centre=request.centre, pk=version_pk)
    except QuestionnaireVersion.DoesNotExist:
        raise Http404 from None


# --- the start page and the export ------------------------------------------------------------


@centre_staff_view()
@require_GET
def offline_index(request: CentreRequest) -> HttpResponse:
    """Every questionnaire with its versions: export any of them, import into any but a draft."""
    _require_export(request)
    page = Paginator(offline_questionnaires(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/staff/offline/index.html",
        {
            "centre": request.centre,
            "page": page,
            "can_import": has_capability(request.membership, Capability.SURVEYS_ENTER),
            "published": VersionStatus.PUBLISHED,
            "draft": VersionStatus.DRAFT,
        },
    )


def _export_page(
    request: CentreRequest, version: QuestionnaireVersion, *, status: int = 200
) -> HttpResponse:
    try:
        exported = xlsform_export(version)
        error = ""
    except XlsFormInvalid as invalid:
        exported, error = None, invalid.message
    return render(
        request,
        "surveys/staff/offline/export.html",
        {
            "centre": request.centre,
            "version": version,
            "questionnaire": version.questionnaire,
            "exported": exported,
            "error": error,
            "question_count": version.questions.count(),
            "can_import": has_capability(request.membership, Capability.SURVEYS_ENTER)
            and not version.is_draft,
            "published": _published(version),
        },
        status=422 if error else status,
    )


@centre_staff_view()
def offline_export(request: CentreRequest, version_pk: int) -> HttpResponse:
    """The XLSForm of one version, converted with pyxform first: the page says if it fails."""
    _require_export(request)
    version = _version(request, version_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _export_page(request, version)


@centre_staff_view()
def offline_export_download(request: CentreRequest, version_pk: int) -> HttpResponse:
    """The .xlsx itself, only when pyxform accepts it; otherwise the page with the reason."""
    _require_export(request)
    version = _version(request, version_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        exported = xlsform_export(version)
    except XlsFormInvalid:
        return _export_page(request, version)
    response = HttpResponse(exported.content, content_type=XLSX_TYPE)
    # The questionnaire slug is Latin letters, digits and hyphens: safe in the header.
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the import -------------------------------------------------------------------------------


def _published(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    """The questionnaire's published version (``version`` itself when it is the one)."""
    if version.status == VersionStatus.PUBLISHED:
        return version
    return version.questionnaire.versions.filter(status=VersionStatus.PUBLISHED).first()


def _not_published_page(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse:
    """A draft takes no import (nobody collected on it); retired and published versions do."""
    return render(
        request,
        "surveys/staff/offline/not_published.html",
        {"centre": request.centre, "version": version, "published": _published(version)},
        status=409 if request.method == "POST" else 200,
    )


def _upload_page(
    request: CentreRequest,
    version: QuestionnaireVersion,
    form: SubmissionUploadForm,
    *,
    right_version: QuestionnaireVersion | None = None,
) -> HttpResponse:
    return render(
        request,
        "surveys/staff/offline/import_upload.html",
        {
            "centre": request.centre,
            "version": version,
            "published": _published(version),
            "form": form,
            "right_version": right_version,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _read(form: SubmissionUploadForm) -> tuple[SubmissionTable, str, bytes] | None:
    upload = form.cleaned_data["file"]
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    name = str(upload.name or "")
    try:
        return read_submissions(data, name), name, data
    except SubmissionFileError as error:
        form.add_error("file", error.message)
        return None


@centre_staff_view(Capability.SURVEYS_ENTER)
def offline_import(request: CentreRequest, version_pk: int) -> HttpResponse:
    """GET: the upload form. POST: read the file and show the mapping and the preview."""
    version = _version(request, version_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if version.is_draft:
        return _not_published_page(request, version)
    if request.method != "POST":
        return _upload_page(request, version, SubmissionUploadForm())
    form = SubmissionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, version, form)
    read = _read(form)
    if read is None:
        return _upload_page(request, version, form)
    table, name, data = read
    names = form_names(version)
    columns = auto_columns(table, names)
    others = {
        other.number: other
        for other in offline_importable_versions(version=version)
        if other.pk != version.pk
    }
    problem = form_mismatch(table, columns, names, importable=others.keys())
    if not problem and not any(column.target for column in columns):
        problem = _(
            "Жоден стовпець файлу не відповідає питанням цієї анкети. Чи це експорт відповідей "
            "саме за формою «%(form)s»? Завантажте XLSForm цієї версії в KoboToolbox або ODK, "
            "зберіть відповіді й експортуйте їх."
        ) % {"form": version.questionnaire.title_uk}
    if problem:
        form.add_error("file", problem)
        right_version = others.get(file_version_number(table, columns, names))
        return _upload_page(request, version, form, right_version=right_version)
    token = storage.store_upload(
        data=data,
        kind=table.kind,
        source_name=name,
        centre_id=request.centre.pk,
        version_id=version.pk,
    )
    mapping = ColumnMappingForm(columns=columns, targets=targets(names), initial={"upload": token})
    reader = RowReader(table, columns, names)
    rows = [reader.read(row) for row in table.rows]
    check = submissions_check(version=version, rows=rows, checksum=table.checksum)
    return _preview_page(request, version, table, name, mapping, columns, names, check)


def _gone(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse:
    messages.error(
        request,
        _(
            "Цей файл уже імпортовано або перегляд застарів (файл зберігається добу). Нічого не "
            "змінено. Щоб імпортувати ще раз, завантажте файл знову."
        ),
    )
    return redirect("surveys_staff:offline_import", request.centre.slug, version.pk)


@centre_staff_view(Capability.SURVEYS_ENTER)
def offline_import_preview(request: CentreRequest, version_pk: int) -> HttpResponse:
    """Refresh the preview with the chosen mapping, or import (all or none / valid rows only)."""
    version = _version(request, version_pk)
    if request.method != "POST":
        # The preview lives only in a submitted form; a bookmark leads back to the upload.
        return redirect("surveys_staff:offline_import", request.centre.slug, version.pk)
    if version.is_draft:
        return _not_published_page(request, version)
    try:
        upload = storage.pending_upload(
            request.POST.get("upload", ""), centre_id=request.centre.pk, version_id=version.pk
        )
        data = upload.path.read_bytes()
        table = read_submissions(data, f"upload.{upload.kind}")
    except (storage.UploadGone, FileNotFoundError, SubmissionFileError):
        return _gone(request, version)
    names = form_names(version)
    columns = auto_columns(table, names)
    form = ColumnMappingForm(request.POST, columns=columns, targets=targets(names))
    if not form.is_valid():
        return _preview_page(
            request, version, table, upload.source_name, form, columns, names, None
        )
    mapped = form.mapped_columns()
    reader = RowReader(table, mapped, names)
    rows = [reader.read(row) for row in table.rows]
    if request.POST.get("action") != ACTION_IMPORT:
        check = submissions_check(version=version, rows=rows, checksum=table.checksum)
        return _preview_page(
            request, version, table, upload.source_name, form, mapped, names, check
        )
    try:
        claimed = storage.claim_upload(upload)
    except storage.UploadGone:
        return _gone(request, version)
    try:
        result = submissions_import(
            version=version,
            rows=rows,
            checksum=table.checksum,
            skip_invalid=form.cleaned_data["mode"] == MODE_SKIP_INVALID,
            source_name=upload.source_name,
            actor=request.user,
        )
    except ImportRowsInvalid as refused:
        storage.release_upload(upload, claimed)
        form.add_error(
            "mode",
            _(
                "Нічого не імпортовано: у %(count)s рядках є помилки. Виправте файл і завантажте "
                "його знову або виберіть «Імпортувати правильні рядки, а рядки з помилками "
                "пропустити»."
            )
            % {"count": refused.check.invalid},
        )
        return _preview_page(
            request, version, table, upload.source_name, form, mapped, names, refused.check
        )
    except ValidationError:
        storage.release_upload(upload, claimed)
        return _not_published_page(request, version)
    storage.delete_upload(claimed)
    _imported_message(request, result.imported, result.skipped, result.duplicates + result.repeated)
    return redirect("surveys_staff:offline_batches", request.centre.slug)


def _imported_message(request: CentreRequest, imported: int, skipped: int, duplicates: int) -> None:
    numbers = {"imported": imported, "skipped": skipped, "duplicates": duplicates}
    if imported == 0:
        messages.info(
            request,
            _(
                "Нових відповідей немає: %(duplicates)s уже імпортовано раніше, пропущено рядків "
                "з помилками: %(skipped)s."
            )
            % numbers,
        )
        return
    messages.success(
        request,
        _(
            "Імпорт завершено. Імпортовано відповідей: %(imported)s; пропущено рядків з "
            "помилками: %(skipped)s; %(duplicates)s уже імпортовано раніше."
        )
        % numbers,
    )


def _sample(table: SubmissionTable, column: Column) -> str:
    for row in table.rows:
        value = table.cell(row, column.index).strip()
        if value:
            return value[:80]
    return ""


def _preview_page(
    request: CentreRequest,
    version: QuestionnaireVersion,
    table: SubmissionTable,
    source_name: str,
    form: ColumnMappingForm,
    columns: list[Column],
    names: FormNames,
    check: ImportCheck | None,
) -> HttpResponse:
    mapped = [c for c in columns if c.role == ANSWER and c.target]
    mapped_codes = {c.target.split(":")[1] for c in mapped}
    unmapped_required = [
        item.name
        for item in names.questions
        if item.question.is_required and item.question.code not in mapped_codes
    ]
    errors = check.errors if check else []
    context: dict[str, Any] = {
        "centre": request.centre,
        "version": version,
        "questionnaire": version.questionnaire,
        "source_name": source_name,
        "row_count": len(table.rows),
        "form": form,
        "column_rows": [
            {"column": column, "field": field, "sample": _sample(table, column)}
            for column, field in form.bound_columns()
        ],
        "preview_columns": mapped,
        "preview_rows": [
            {"line": row.line, "cells": [table.cell(row, c.index) for c in mapped]}
            for row in table.rows[:PREVIEW_ROWS]
        ],
        "check": check,
        "errors": errors[:SHOWN_ERRORS],
        "errors_hidden": max(0, len(errors) - SHOWN_ERRORS),
        "unmapped_required": unmapped_required,
        "published": _published(version),
    }
    return render(request, "surveys/staff/offline/import_preview.html", context)


# --- imported files ---------------------------------------------------------------------------


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_GET
def offline_batches(request: CentreRequest) -> HttpResponse:
    """Every imported file: when, which file and version, rows imported and skipped, by whom."""
    page = Paginator(import_batch_list(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/staff/offline/batches.html",
        {"centre": request.centre, "page": page},
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("offline/", offline_index, name="offline"),
    path("offline/batches/", offline_batches, name="offline_batches"),
    path("offline/versions/<int:version_pk>/", offline_export, name="offline_export"),
    path(
        "offline/versions/<int:version_pk>/xlsform.xlsx",
        offline_export_download,
        name="offline_export_download",
    ),
    path("offline/versions/<int:version_pk>/import/", offline_import, name="offline_import"),
    path(
        "offline/versions/<int:version_pk>/import/preview/",
        offline_import_preview,
        name="offline_import_preview",
    ),
]
