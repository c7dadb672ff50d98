"""Mystery-shopper pages, mounted at /staff/<centre_slug>/mystery/ (namespace "mystery").

An evaluator (a civic activist with the narrow role «Таємний відвідувач») files reports and sees
only their own; staff with ``mystery.review`` review the reports of their centre; the scores are
for whoever may read survey results or review reports. A report of another evaluator, of another
centre or an unknown id is 404 — looked up before anything else, so a URL reveals nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Office
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.surveys.capabilities import Capability as SurveysCapability

from .capabilities import Capability
from .choices import MysteryVisitStatus
from .forms import (
    ACTION_SUBMIT,
    MysteryReportForm,
    ReturnForm,
    ReviewFilterForm,
    ScoresFilterForm,
    default_visit_time,
)
from .models import MysteryVisit
from .selectors import (
    mystery_answers_by_section,
    mystery_answers_initial,
    mystery_photo_get,
    mystery_photo_list,
    mystery_scores,
    mystery_version_current,
    mystery_version_with_questions,
    mystery_visit_get_for_evaluator,
    mystery_visit_get_for_review,
    mystery_visit_get_in_centre,
    mystery_visit_list_for_evaluator,
    mystery_visit_list_for_review,
)
from .services import (
    EDITABLE,
    mystery_visit_accept,
    mystery_visit_create,
    mystery_visit_return,
    mystery_visit_update,
    mystery_visit_viewed,
)

PAGE_SIZE = 25
FILE = Capability.MYSTERY_FILE
REVIEW = Capability.MYSTERY_REVIEW
RESULTS = SurveysCapability.SURVEYS_RESULTS


def _can(request: CentreRequest, capability: str) -> bool:
    return has_capability(request.membership, capability)


def _context(request: CentreRequest, **extra: Any) -> dict[str, Any]:
    return {
        "centre": request.centre,
        "can_file": _can(request, FILE),
        "can_review": _can(request, REVIEW),
        "can_see_scores": _can(request, RESULTS) or _can(request, REVIEW),
        **extra,
    }


def _offices(request: CentreRequest) -> QuerySet[Office]:
    return office_list_for_centre(centre=request.centre).prefetch_related(None)


def _services(request: CentreRequest) -> QuerySet[Service]:
    return service_list_for_staff(centre=request.centre).select_related(None).order_by("name")


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- the evaluator's own reports -----------------------------------------------------------------


@centre_staff_view(FILE, REVIEW, RESULTS)
@require_GET
def home(request: CentreRequest) -> HttpResponse:
    """An evaluator lands on their reports; staff on the review list or the scores."""
    if not _can(request, FILE):
        target = "mystery:review_list" if _can(request, REVIEW) else "mystery:scores"
        return redirect(target, centre_slug=request.centre.slug)
    visits = mystery_visit_list_for_evaluator(centre=request.centre, evaluator=request.user)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mystery/home.html",
        _context(
            request,
            page=page,
            has_checklist=mystery_version_current(centre=request.centre) is not None,
        ),
    )


def _report_form(
    request: CentreRequest, *, version_pk: int, visit: MysteryVisit | None, data: Any = None
) -> MysteryReportForm:
    version = mystery_version_with_questions(pk=version_pk)
    files = request.FILES if data is not None else None
    if visit is None:
        return MysteryReportForm(
            data,
            files,
            version=version,
            offices=_offices(request),
            services=_services(request),
            initial={"visited_at": default_visit_time()},
        )
    return MysteryReportForm(
        data,
        files,
        version=version,
        offices=_offices(request),
        services=_services(request),
        photos=visit.photos.order_by("id"),
        answers=mystery_answers_initial(visit=visit),
        initial={
            "visited_at": visit.visited_at,
            "office": visit.office_id,
            "service": visit.service_id,
            "minutes_waited": visit.minutes_waited,
            "minutes_served": visit.minutes_served,
        },
    )


def _saved_message(request: CentreRequest, form: MysteryReportForm) -> None:
    if form.is_submit:
        messages.success(request, _("Звіт подано на перевірку."))
    else:
        messages.success(request, _("Чернетку збережено. Її можна доповнити й подати пізніше."))


@centre_staff_view(FILE)
def report_new(request: CentreRequest) -> HttpResponse:
    version = mystery_version_current(centre=request.centre)
    if version is None:
        return render(request, "mystery/no_checklist.html", _context(request))
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    data = request.POST if request.method == "POST" else None
    form = _report_form(request, version_pk=version.pk, visit=None, data=data)
    if request.method == "POST" and form.is_valid():
        try:
            visit = mystery_visit_create(
                centre=request.centre,
                evaluator=request.user,
                version=version,
                facts=form.facts(),
                answers=form.answers(),
                submission_key=str(form.cleaned_data["submission_key"]),
                photos=form.cleaned_data.get("photos") or [],
                submit=form.is_submit,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _saved_message(request, form)
            return redirect("mystery:report", centre_slug=request.centre.slug, pk=visit.pk)
    return render(
        request,
        "mystery/report_form.html",
        _context(request, form=form, visit=None, title=_("Новий звіт")),
    )


def _own_visit(request: CentreRequest, pk: int) -> MysteryVisit:
    visit = mystery_visit_get_for_evaluator(centre=request.centre, evaluator=request.user, pk=pk)
    if not _can(request, FILE):
        raise PermissionDenied
    return visit


@centre_staff_view(FILE, REVIEW)
def report(request: CentreRequest, pk: int) -> HttpResponse:
    visit = _own_visit(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "mystery/report.html",
        _context(
            request,
            visit=visit,
            sections=mystery_answers_by_section(visit=visit),
            photos=mystery_photo_list(visit=visit),
            is_editable=visit.status in EDITABLE,
        ),
    )


@centre_staff_view(FILE, REVIEW)
def report_edit(request: CentreRequest, pk: int) -> HttpResponse:
    visit = _own_visit(request, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if visit.status not in EDITABLE:
        # Also a second send of a form that already submitted the report: nothing to do twice.
        if request.method == "POST" and request.POST.get("action") == ACTION_SUBMIT:
            messages.success(request, _("Звіт подано на перевірку."))
        else:
            messages.info(request, _("Поданий звіт змінити не можна."))
        return redirect("mystery:report", centre_slug=request.centre.slug, pk=visit.pk)
    data = request.POST if request.method == "POST" else None
    form = _report_form(request, version_pk=visit.version_id, visit=visit, data=data)
    if request.method == "POST" and form.is_valid():
        try:
            mystery_visit_update(
                visit=visit,
                evaluator=request.user,
                facts=form.facts(),
                answers=form.answers(),
                photos=form.cleaned_data.get("photos") or [],
                remove_photo_ids=form.removed_photo_ids(),
                submit=form.is_submit,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _saved_message(request, form)
            return redirect("mystery:report", centre_slug=request.centre.slug, pk=visit.pk)
    return render(
        request,
        "mystery/report_form.html",
        _context(request, form=form, visit=visit, title=_("Зміна звіту")),
    )


@centre_staff_view(FILE, REVIEW)
def photo(request: CentreRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    """A photo of a report, only to the evaluator who filed it and to the centre's reviewers
    (a draft only to its evaluator). Never a public media address; never cached."""
    visit = mystery_visit_get_in_centre(centre=request.centre, pk=pk)
    is_own = visit.evaluator_id == request.user.pk and _can(request, FILE)
    is_reviewer = _can(request, REVIEW) and visit.status != MysteryVisitStatus.DRAFT
    if not (is_own or is_reviewer):
        raise Http404("Not this member's report")
    item = mystery_photo_get(visit=visit, pk=photo_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="photo-{item.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- review --------------------------------------------------------------------------------------


@centre_staff_view(REVIEW)
@require_GET
def review_list(request: CentreRequest) -> HttpResponse:
    offices = _offices(request)
    form = ReviewFilterForm(request.GET or None, offices=offices)
    status, office_id = "", None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        office = form.cleaned_data["office"]
        office_id = office.pk if office else None
    visits = mystery_visit_list_for_review(
        centre=request.centre, status=status, office_id=office_id
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mystery/review_list.html",
        _context(request, form=form, page=page, querystring=_querystring_without_page(request)),
    )


def _review_page(
    request: CentreRequest,
    visit: MysteryVisit,
    *,
    return_form: ReturnForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    mystery_visit_viewed(visit=visit, actor=request.user)
    return render(
        request,
        "mystery/review.html",
        _context(
            request,
            visit=visit,
            sections=mystery_answers_by_section(visit=visit),
            photos=mystery_photo_list(visit=visit),
            can_decide=visit.status == MysteryVisitStatus.SUBMITTED,
            return_form=return_form or ReturnForm(prefix="return"),
            error_forms=[return_form] if return_form is not None and return_form.errors else [],
            refusal=refusal,
        ),
        status=status,
    )


@centre_staff_view(REVIEW)
def review(request: CentreRequest, pk: int) -> HttpResponse:
    visit = mystery_visit_get_for_review(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _review_page(request, visit)


@centre_staff_view(REVIEW)
def review_accept(request: CentreRequest, pk: int) -> HttpResponse:
    visit = mystery_visit_get_for_review(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("mystery:review", centre_slug=request.centre.slug, pk=visit.pk)
    try:
        mystery_visit_accept(visit=visit, actor=request.user)
    except ValidationError as error:
        visit = mystery_visit_get_for_review(centre=request.centre, pk=pk)
        return _review_page(request, visit, refusal=" ".join(error.messages), status=409)
    messages.success(request, _("Звіт прийнято: він враховується в оцінках."))
    return redirect("mystery:review", centre_slug=request.centre.slug, pk=visit.pk)


@centre_staff_view(REVIEW)
def review_return(request: CentreRequest, pk: int) -> HttpResponse:
    visit = mystery_visit_get_for_review(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("mystery:review", centre_slug=request.centre.slug, pk=visit.pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            mystery_visit_return(
                visit=visit, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for errors in error.error_dict.values():
                    form.add_error("comment", errors)
            else:
                visit = mystery_visit_get_for_review(centre=request.centre, pk=pk)
                return _review_page(request, visit, refusal=" ".join(error.messages), status=409)
        else:
            messages.success(request, _("Звіт повернуто таємному відвідувачу з коментарем."))
            return redirect("mystery:review", centre_slug=request.centre.slug, pk=visit.pk)
    return _review_page(request, visit, return_form=form)


# --- scores --------------------------------------------------------------------------------------


@centre_staff_view(REVIEW, RESULTS)
@require_GET
def scores(request: CentreRequest) -> HttpResponse:
    form = ScoresFilterForm(request.GET or None)
    date_from = date_to = None
    if form.is_bound and form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    result = mystery_scores(centre=request.centre, date_from=date_from, date_to=date_to)
    return render(request, "mystery/scores.html", _context(request, form=form, scores=result))
