"""Paper and visit codes in the surveys back office (/staff/<centre>/surveys/…).

* ``codes/`` — print visit codes in bulk (A4 slips or an 80 mm receipt strip). The codes exist
  in plain text only in the PDF of that one response: the database keeps their HMAC.
* ``paper/`` — the printable questionnaire (any version, standard or large print, Ukrainian or
  English), each page with its QR page identifier.
* ``batches/`` — staff entry of paper forms in batches, keyboard only: type the printed numbers,
  Enter saves the form and brings a blank one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Office
from vidhuk.core.selectors import main_office, office_list_for_centre
from vidhuk.surveys.capabilities import Capability

from ..choices import QuestionType
from ..forms.staff_paper import BatchStartForm, PaperEntryForm, VisitCodesForm
from ..models import Answer, QuestionnaireVersion, Response, ResponseBatch
from ..paper import (
    LANGUAGES,
    SIZE_LARGE,
    SIZES,
    PaperQuestion,
    paper_questions,
    questionnaire_pdf,
    visit_slips_pdf,
)
from ..services.batches import (
    can_enter_into,
    paper_batch_entries,
    paper_batch_finish,
    paper_batch_get,
    paper_batch_list,
    paper_batch_start,
    paper_entry_get,
    paper_entry_remove,
    paper_entry_submit,
    paper_version_get,
    paper_versions_for_entry,
)
from ..services.responses import VISIT_TOKEN_VALID_DAYS, visit_tokens_issue

PAGE_SIZE = 50
# Submission keys of the visit-code forms already printed, kept in the staff session.
PRINTED_KEYS_SESSION = "surveys_visit_codes_printed"
PRINTED_KEYS_KEPT = 20


def _offices(request: CentreRequest) -> QuerySet[Office]:
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def _services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None)


def _base_url(request: CentreRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _put_error(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: at the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None, error)


def _pdf_response(pdf: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- visit codes ---------------------------------------------------------------------------------


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_http_methods(["GET", "POST"])
def visit_codes(request: CentreRequest) -> HttpResponse:
    offices = _offices(request)
    services = _services(request)
    default_office = main_office(offices=list(offices))

    def make_form(data: QueryDict | None) -> VisitCodesForm:
        return VisitCodesForm(
            data, offices=offices, services=services, default_office=default_office
        )

    form = make_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        key = str(form.cleaned_data["submission_key"])
        printed: list[str] = request.session.get(PRINTED_KEYS_SESSION, [])
        if key in printed:
            # A second click on the same form: the codes were issued and sent once already.
            posted = request.POST.copy()
            posted["submission_key"] = str(uuid.uuid4())
            form = make_form(posted)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Коди за цією формою вже видано й надіслано на друк. Якщо файл не "
                    "завантажився, натисніть кнопку ще раз — буде видано нові коди."
                ),
            )
        else:
            pdf = _issue_and_print(request, form.cleaned_data, form)
            if pdf is not None:
                request.session[PRINTED_KEYS_SESSION] = [*printed, key][-PRINTED_KEYS_KEPT:]
                valid_on = form.cleaned_data["valid_on"]
                response = _pdf_response(
                    pdf, f"kody-vizytu-{valid_on:%Y-%m-%d}.pdf", attachment=True
                )
                # The plain codes are in this response only: never keep a copy of it.
                response["Cache-Control"] = "private, no-store"
                return response
    return render(
        request,
        "surveys/staff/paper/visit_codes.html",
        {
            "centre": request.centre,
            "form": form,
            "valid_days": VISIT_TOKEN_VALID_DAYS,
        },
    )


def _issue_and_print(
    request: CentreRequest, data: dict[str, Any], form: VisitCodesForm
) -> bytes | None:
    """Issue the codes and lay them out; if the PDF cannot be made, no code is issued."""
    try:
        with transaction.atomic():
            codes = visit_tokens_issue(
                centre=request.centre,
                office=data["office"],
                service=data["service"],
                valid_on=data["valid_on"],
                count=data["count"],
                actor=request.user,
            )
            return visit_slips_pdf(
                codes=codes,
                base_url=_base_url(request),
                centre=request.centre,
                office_name=data["office"].name,
                valid_on=data["valid_on"],
                valid_until=data["valid_on"] + dt.timedelta(days=VISIT_TOKEN_VALID_DAYS),
                layout=data["layout"],
            )
    except ValidationError as error:
        _put_error(form, error)
        return None


# --- the paper questionnaire ---------------------------------------------------------------------


def require_print_capability(request: CentreRequest) -> None:
    membership = request.membership
    if not (
        has_capability(membership, Capability.SURVEYS_ENTER)
        or has_capability(membership, Capability.SURVEYS_EDIT)
    ):
        raise PermissionDenied


@centre_staff_view()
def paper_pdf(request: CentreRequest, version_pk: int) -> HttpResponse:
    """``?size=standard|large&lang=uk|en``; another value is an unknown address (404)."""
    require_print_capability(request)
    try:
        version = paper_version_get(centre=request.centre, pk=version_pk)
    except QuestionnaireVersion.DoesNotExist:
        raise Http404("No such version in this centre") from None
    if request.method not in ("GET", "HEAD"):
        # Looked up first: another centre's id is 404 whatever the method.
        return HttpResponseNotAllowed(["GET"])
    size = request.GET.get("size", SIZES[0])
    language = request.GET.get("lang", LANGUAGES[0])
    if size not in SIZES or language not in LANGUAGES:
        raise Http404("Unknown print size or language")
    pdf = questionnaire_pdf(version=version, size=size, language=language)
    suffix = ("-large" if size == SIZE_LARGE else "") + ("-en" if language == "en" else "")
    slug = version.questionnaire.slug
    return _pdf_response(pdf, f"anketa-{slug}-v{version.number}{suffix}.pdf")


# --- batches -------------------------------------------------------------------------------------


def _batch_or_404(request: CentreRequest, pk: int) -> ResponseBatch:
    try:
        return paper_batch_get(centre=request.centre, pk=pk)
    except ResponseBatch.DoesNotExist:
        raise Http404("No such batch in this centre") from None


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_GET
def batch_list(request: CentreRequest) -> HttpResponse:
    page = Paginator(paper_batch_list(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/staff/paper/batch_list.html",
        {"centre": request.centre, "page": page, "querystring": ""},
    )


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_http_methods(["GET", "POST"])
def batch_new(request: CentreRequest) -> HttpResponse:
    versions = paper_versions_for_entry(centre=request.centre)
    form = BatchStartForm(request.POST or None, versions=versions, offices=_offices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = paper_batch_start(
                centre=request.centre,
                version=data["version"],
                received_on=data["received_on"],
                office=data["office"],
                label=data["label"],
                actor=request.user,
            )
        except ValidationError as error:
            _put_error(form, error)
        else:
            return redirect(
                "surveys_staff:batch_enter", centre_slug=request.centre.slug, pk=batch.pk
            )
    return render(
        request,
        "surveys/staff/paper/batch_new.html",
        {"centre": request.centre, "form": form, "has_versions": versions.exists()},
    )


@centre_staff_view(Capability.SURVEYS_ENTER)
def batch_detail(request: CentreRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    page = Paginator(paper_batch_entries(batch=batch), PAGE_SIZE).get_page(request.GET.get("page"))
    questions = _questions(batch)
    entries = [
        {
            "response": response,
            "number": page.start_index() + index,
            "summary": _summary(response, questions),
        }
        for index, response in enumerate(page.object_list)
    ]
    return render(
        request,
        "surveys/staff/paper/batch_detail.html",
        {
            "centre": request.centre,
            "batch": batch,
            "page": page,
            "entries": entries,
            "querystring": "",
            "is_own": can_enter_into(batch=batch, user=request.user),
        },
    )


def _questions(batch: ResponseBatch) -> dict[int, PaperQuestion]:
    return {item.question.pk: item for item in paper_questions(version=batch.version)}


def _summary(response: Response, questions: dict[int, PaperQuestion]) -> str:
    """The answers as typed from the paper: «1) 2 · 4) 5 · 14) 1 3 · 15) «текст»»."""
    by_question: dict[int, list[Answer]] = {}
    for answer in response.answers.all():
        by_question.setdefault(answer.question_id, []).append(answer)
    parts = []
    for question_pk, item in sorted(questions.items(), key=lambda pair: pair[1].number):
        answers = by_question.get(question_pk)
        if answers:
            parts.append(f"{item.number}) {_typed(item, answers)}")
    return " · ".join(parts)


def _typed(item: PaperQuestion, answers: list[Answer]) -> str:
    if item.type == QuestionType.TEXT:
        text = answers[0].text
        return f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"
    if item.is_number:
        return str(answers[0].number)
    if item.is_matrix:
        rows = {row.value: row.number for row in item.rows}
        cells = sorted((rows.get(a.row, 0), item.number_of(a.choice)) for a in answers)
        return " ".join(f"{row}:{number}" for row, number in cells)
    return " ".join(str(item.number_of(answer.choice)) for answer in answers)


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_http_methods(["GET", "POST"])
def batch_enter(request: CentreRequest, pk: int) -> HttpResponse:
    """One paper form after another: Enter saves, a blank form comes back with the count."""
    batch = _batch_or_404(request, pk)
    if not can_enter_into(batch=batch, user=request.user):
        raise PermissionDenied(_("Анкети в цей пакет вносить працівник, який його почав."))
    questions = paper_questions(version=batch.version)
    form = PaperEntryForm(
        request.POST if request.method == "POST" else None,
        version=batch.version,
        questions=questions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            paper_entry_submit(
                batch=batch,
                answers=form.answers,
                submission_key=str(form.cleaned_data["submission_key"]),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            # No flash message: its banner would take the focus the blank form's first field
            # needs; the page says "saved" beside the count instead.
            return redirect(f"{request.path}?saved=1")
    return render(
        request,
        "surveys/staff/paper/batch_enter.html",
        {
            "centre": request.centre,
            "batch": batch,
            "form": form,
            "entry_count": batch.responses.count(),
            "is_saved": request.method == "GET" and request.GET.get("saved") == "1",
        },
    )


@centre_staff_view(Capability.SURVEYS_ENTER)
def batch_finish(request: CentreRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_enter_into(batch=batch, user=request.user):
        raise PermissionDenied
    count = paper_batch_finish(batch=batch, actor=request.user)
    messages.success(
        request,
        ngettext(
            "Пакет завершено: внесено %(count)s анкету.",
            "Пакет завершено: внесено %(count)s анкет.",
            count,
        )
        % {"count": count},
    )
    return redirect("surveys_staff:batch_detail", centre_slug=request.centre.slug, pk=batch.pk)


@centre_staff_view(Capability.SURVEYS_ENTER)
@require_http_methods(["GET", "POST"])
def entry_remove(request: CentreRequest, pk: int, response_pk: int) -> HttpResponse:
    """Take back a form typed by mistake (confirm, then remove): the one who entered it only."""
    batch = _batch_or_404(request, pk)
    try:
        response = paper_entry_get(batch=batch, pk=response_pk)
    except Response.DoesNotExist:
        raise Http404("No such form in this batch") from None
    if not can_enter_into(batch=batch, user=request.user):
        raise PermissionDenied(_("Вилучити анкету може лише той, хто її вніс."))
    if request.method == "POST":
        paper_entry_remove(batch=batch, response=response, actor=request.user)
        messages.success(request, _("Анкету вилучено з пакета."))
        return redirect("surveys_staff:batch_detail", centre_slug=request.centre.slug, pk=batch.pk)
    return render(
        request,
        "surveys/staff/paper/entry_remove.html",
        {
            "centre": request.centre,
            "batch": batch,
            "response": response,
            "summary": _summary(response, _questions(batch)),
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("codes/", visit_codes, name="visit_codes"),
    path("paper/<int:version_pk>/questionnaire.pdf", paper_pdf, name="paper_pdf"),
    path("batches/", batch_list, name="batch_list"),
    path("batches/new/", batch_new, name="batch_new"),
    path("batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("batches/<int:pk>/enter/", batch_enter, name="batch_enter"),
    path("batches/<int:pk>/finish/", batch_finish, name="batch_finish"),
    path(
        "batches/<int:pk>/entries/<int:response_pk>/remove/",
        entry_remove,
        name="batch_entry_remove",
    ),
]
