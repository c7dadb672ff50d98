"""Scanned questionnaires, mounted at /staff/<centre_slug>/scanning/ (namespace "scanning"): upload
a batch, watch it being read, review the doubtful marks by keyboard, enter the batch. Whoever
enters paper forms may do it (``surveys.enter``); a batch is finished by the member who started
it, as a typed batch is."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.forms import add_service_error
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.surveys.capabilities import Capability as SurveysCapability
from vidhuk.surveys.services.batches import paper_versions_for_entry
from vidhuk.surveys.services.printing import print_run_of_serial

from ..choices import BatchState
from ..forms import BoxReviewForm, QuestionReviewForm, ScanUploadForm, TextReviewForm
from ..models import ScanBatch
from ..review import crop_png, item_place, marked_options, printed_options
from ..selectors import (
    form_maps,
    scan_batch_get,
    scan_batch_list,
    scan_page_get,
    scan_pages_refused,
    scan_sheets,
)
from ..services import (
    scan_batch_create,
    scan_batch_finish,
    scan_box_decide,
    scan_review_left,
    scan_review_next,
    scan_text_enter,
)
from ..sheets import form_of

ENTER = SurveysCapability.SURVEYS_ENTER
PAGE_SIZE = 20
PROPOSED = {
    "marked": gettext_lazy("позначено"),
    "empty": gettext_lazy("порожньо"),
    "filled": gettext_lazy("зафарбовано (скасовано)"),
}


def refusal_text(code: str) -> str:
    texts = {
        "not_a_form": _(
            "не схоже на анкету: QR-код сторінки не знайдено — відскануйте сторінку повністю"
        ),
        "wrong_version": _("сторінка іншої версії анкети — внесіть її в пакет своєї версії"),
        "marks_not_found": _(
            "не видно чорних квадратів у кутах — скануйте чи фотографуйте всю сторінку"
        ),
        "too_small": _("зображення замале — скануйте від 150 dpi або фотографуйте ближче"),
        "blurred": _("зображення розмите або темне — зніміть ще раз при кращому світлі"),
        "not_an_image": _("файл сторінки пошкоджений"),
    }
    return str(texts.get(code, code))


def _batch(request: CentreRequest, pk: int) -> ScanBatch:
    return scan_batch_get(centre=request.centre, pk=pk)


def _upload_form(request: CentreRequest, data: Any = None) -> ScanUploadForm:
    return ScanUploadForm(
        data,
        request.FILES if data is not None else None,
        versions=paper_versions_for_entry(centre=request.centre),
        offices=office_list_for_centre(centre=request.centre),
    )


@centre_staff_view(ENTER)
def home(request: CentreRequest) -> HttpResponse:
    form = _upload_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = scan_batch_create(
                centre=request.centre,
                version=data["version"],
                received_on=data["received_on"],
                office=data["office"],
                label=data["label"],
                files=data["scans"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scanning:batch", centre_slug=request.centre.slug, pk=batch.pk)
    page = Paginator(scan_batch_list(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    status = 400 if form.errors else 200
    return render(
        request,
        "scanning/home.html",
        {"centre": request.centre, "form": form, "page": page},
        status=status,
    )


@centre_staff_view(ENTER)
def batch(request: CentreRequest, pk: int) -> HttpResponse:
    scan = _batch(request, pk)  # looked up first: another centre's batch is 404 to any method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    refused = scan_pages_refused(batch=scan)
    left = scan_review_left(batch=scan) if scan.state == BatchState.REVIEW else 0
    sheets = scan_sheets(batch=scan)
    return render(
        request,
        "scanning/batch.html",
        {
            "centre": request.centre,
            "batch": scan,
            "refused": [(page, refusal_text(page.refusal)) for page in refused],
            "left": left,
            "sheets": len(sheets),
            "entered_before": [
                (sheet, print_run_of_serial(centre=request.centre, serial=sheet.serial))
                for sheet in sheets
                if sheet.is_entered_before and sheet.serial is not None
            ],
            "repeated": [sheet for sheet in sheets if sheet.repeated],
            "incomplete": [sheet for sheet in sheets if sheet.missing],
            "is_reading": scan.state == BatchState.READING,
        },
    )


@centre_staff_view(ENTER)
def review(request: CentreRequest, pk: int) -> HttpResponse:
    scan = _batch(request, pk)
    item = scan_review_next(batch=scan) if scan.state == BatchState.REVIEW else None
    if item is None:
        return redirect("scanning:batch", centre_slug=request.centre.slug, pk=scan.pk)
    form_map = form_of(item.page, form_maps(scan))
    data = request.POST if request.method == "POST" else None
    form: Any
    if item.kind == "box":
        form = BoxReviewForm(data, proposed=item.proposed)
    elif item.kind == "question":
        form = QuestionReviewForm(data, options=marked_options(item, form_map))
    elif item.kind == "required":
        form = QuestionReviewForm(data, options=printed_options(item, form_map), allow_blank=True)
    else:
        form = TextReviewForm(data)
    if data is not None and form.is_valid():
        try:
            if item.kind == "text":
                scan_text_enter(
                    page=item.page,
                    code=item.key,
                    text=form.cleaned_data["text"],
                    actor=request.user,
                )
            else:
                scan_box_decide(
                    page=item.page,
                    key=item.key,
                    value=form.cleaned_data["answer"],
                    actor=request.user,
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scanning:review", centre_slug=request.centre.slug, pk=scan.pk)
    question = item_place(item, form_map)
    return render(
        request,
        "scanning/review.html",
        {
            "centre": request.centre,
            "batch": scan,
            "item": item,
            "form": form,
            "question": question,
            "left": scan_review_left(batch=scan),
            "proposed_label": {
                "marked": _("позначено"),
                "empty": _("порожньо"),
                "filled": _("зафарбовано (скасовано)"),
            }.get(item.proposed, ""),
        },
        status=400 if form.errors else 200,
    )


@centre_staff_view(ENTER)
def crop(request: CentreRequest, pk: int, page_pk: int) -> HttpResponse:
    """The part of the upright page a review item is about, its boxes outlined."""
    scan = _batch(request, pk)
    page = scan_page_get(batch=scan, pk=page_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    content = crop_png(
        page=page, form=form_of(page, form_maps(scan)), key=request.GET.get("key", "")
    )
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@centre_staff_view(ENTER)
def finish(request: CentreRequest, pk: int) -> HttpResponse:
    scan = _batch(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        done = scan_batch_finish(batch=scan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("Внесено анкет: %(made)s. Порожніх аркушів пропущено: %(blank)s.") % {
            "made": done.made,
            "blank": done.blank,
        }
        if done.entered_before:
            text += " " + _("Аркушів, уже внесених раніше, не внесено вдруге: %(count)s.") % {
                "count": done.entered_before
            }
        messages.success(request, text)
    return redirect("scanning:batch", centre_slug=request.centre.slug, pk=scan.pk)
