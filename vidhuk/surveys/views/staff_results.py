"""Results of a questionnaire in the back office: the page, its exports and the moderation of
comments.

Routes (mounted at /staff/<centre_slug>/surveys/, namespace "surveys_staff"):
``<pk>/results/`` the results page with filters; ``<pk>/results/report.pdf`` the printable
report; ``<pk>/export.csv`` and ``<pk>/export.xlsx`` one row per response; ``<pk>/comments/``
the moderation queue, ``<pk>/comments/<answer_id>/`` a decision, ``<pk>/comments/reject/`` a
bulk refusal. Reading and exporting need SURVEYS_RESULTS, moderating SURVEYS_MODERATE.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.choices import AuditAction
from vidhuk.core.selectors import office_list_for_centre
from vidhuk.core.services import audit_record
from vidhuk.surveys.capabilities import Capability

from ..charts import report_figures
from ..choices import Moderation, QuestionnaireKind
from ..exports import csv_response, export_filename, report_pdf, xlsx_response
from ..forms.staff_results import BulkRejectForm, ModerationForm, ResultsFilterForm
from ..models import Questionnaire
from ..results.report import results_report
from ..selectors.export import ExportQuery, results_export_query
from ..selectors.moderation import comment_counts, comment_exists, comments_for_moderation
from ..services.moderation import comment_publish, comment_reject, comments_reject_bulk
from ..tasks import results_report_for_page

COMMENTS_PAGE_SIZE = 20


def _questionnaire(request: CentreRequest, pk: int) -> Questionnaire:
    """The centre's visitor questionnaire, else 404 — looked up before the method is checked, so
    that another centre's id is "not found" whatever the method. A mystery-shopper checklist has
    its own scores over accepted reports (``mystery:scores``): its drafts are not results."""
    return get_object_or_404(
        Questionnaire.objects.filter(centre=request.centre, kind=QuestionnaireKind.VISITOR_SURVEY),
        pk=pk,
    )


def reading(view: Any) -> Any:
    """GET and HEAD only (405 otherwise), once the questionnaire is known to be the centre's."""

    @wraps(view)
    def wrapper(request: CentreRequest, pk: int, **kwargs: Any) -> HttpResponse:
        questionnaire = _questionnaire(request, pk)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response: HttpResponse = view(request, questionnaire, **kwargs)
        return response

    return wrapper


def _filter_form(request: CentreRequest, questionnaire: Questionnaire) -> ResultsFilterForm:
    return ResultsFilterForm(
        request.GET or None,
        offices=office_list_for_centre(centre=request.centre).prefetch_related(None),
        services=service_list_for_staff(centre=request.centre).select_related(None),
        versions=questionnaire.versions.order_by("number"),
    )


def _filters_described(form: ResultsFilterForm) -> list[tuple[str, str]]:
    if not form.is_bound or not form.is_valid():
        return []
    described = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not value:
            continue
        if name == "channel":
            shown = str(dict(field.choices)[value])  # type: ignore[attr-defined]
        elif name.startswith("date_"):
            shown = value.strftime("%d.%m.%Y")
        elif name == "version":
            shown = field.label_from_instance(value)  # type: ignore[attr-defined]
        else:
            shown = str(value)
        described.append((str(field.label), shown))
    return described


def _querystring(request: CentreRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if v and k != "page"])


@centre_staff_view(Capability.SURVEYS_RESULTS)
@reading
def results(request: CentreRequest, questionnaire: Questionnaire) -> HttpResponse:
    """Headline figures, the trend, tables by office, service and channel, every question's
    distribution and the disaggregation with small cells suppressed (aggregates only)."""
    form = _filter_form(request, questionnaire)
    report = results_report_for_page(
        centre=request.centre, questionnaire=questionnaire, filters=form.filters()
    )
    can_moderate = has_capability(request.membership, Capability.SURVEYS_MODERATE)
    return render(
        request,
        "surveys/staff/results/results.html",
        {
            "centre": request.centre,
            "questionnaire": questionnaire,
            "form": form,
            "report": report,
            "figures": report_figures(report, prefix="results"),
            "querystring": _querystring(request),
            "filters_described": _filters_described(form),
            "can_moderate": can_moderate,
            "comment_counts": comment_counts(centre=request.centre, questionnaire=questionnaire)
            if can_moderate
            else None,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@centre_staff_view(Capability.SURVEYS_RESULTS)
@reading
def results_pdf(request: CentreRequest, questionnaire: Questionnaire) -> HttpResponse:
    form = _filter_form(request, questionnaire)
    if _filters_invalid(form):
        return _back_to_results(request, questionnaire)
    report = results_report(
        centre=request.centre, questionnaire=questionnaire, filters=form.filters()
    )
    content = report_pdf(
        centre=request.centre,
        questionnaire=questionnaire,
        report=report,
        filters_described=_filters_described(form),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = export_filename(questionnaire, "pdf", today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _filters_invalid(form: ResultsFilterForm) -> bool:
    return form.is_bound and not form.is_valid()


def _back_to_results(request: CentreRequest, questionnaire: Questionnaire) -> HttpResponse:
    """Filters that do not hold (a garbled date, an end before the start) never export
    everything instead: back to the results page, which shows what is wrong."""
    target = reverse("surveys_staff:results", args=[request.centre.slug, questionnaire.pk])
    return redirect(f"{target}?{request.GET.urlencode()}")


def _export(
    request: CentreRequest, questionnaire: Questionnaire, extension: str
) -> ExportQuery | None:
    form = _filter_form(request, questionnaire)
    if _filters_invalid(form):
        return None
    # Members who moderate read the respondents' own words anyway; others get only the
    # moderated public text of approved comments.
    raw_text = has_capability(request.membership, Capability.SURVEYS_MODERATE)
    audit_record(
        actor=request.user,
        centre=request.centre,
        action=AuditAction.EXPORT,
        obj=questionnaire,
        changes={
            "format": extension,
            "filters": {k: v for k, v in request.GET.items() if v},
            "raw_text": raw_text,
        },
    )
    query = results_export_query(
        centre=request.centre,
        questionnaire=questionnaire,
        filters=form.filters(),
        include_raw_text=raw_text,
    )
    return query


@centre_staff_view(Capability.SURVEYS_RESULTS)
@reading
def export_csv(
    request: CentreRequest, questionnaire: Questionnaire
) -> HttpResponse | StreamingHttpResponse:
    """One row per response, streamed as PostgreSQL sends it (constant memory); audited."""
    query = _export(request, questionnaire, "csv")
    if query is None:
        return _back_to_results(request, questionnaire)
    return csv_response(
        query, filename=export_filename(questionnaire, "csv", today=timezone.localdate())
    )


@centre_staff_view(Capability.SURVEYS_RESULTS)
@reading
def export_xlsx(
    request: CentreRequest, questionnaire: Questionnaire
) -> HttpResponse | StreamingHttpResponse:
    query = _export(request, questionnaire, "xlsx")
    if query is None:
        return _back_to_results(request, questionnaire)
    return xlsx_response(
        query,
        title=questionnaire.title_uk,
        filename=export_filename(questionnaire, "xlsx", today=timezone.localdate()),
    )


# --- moderation ----------------------------------------------------------------------------------


def _status(request: CentreRequest) -> str:
    status = request.GET.get("status", Moderation.PENDING)
    return status if status in Moderation.values else Moderation.PENDING


def _comments_page(
    request: CentreRequest,
    questionnaire: Questionnaire,
    *,
    bound: dict[int, ModerationForm] | None = None,
    bulk_form: BulkRejectForm | None = None,
    status: str | None = None,
    page_number: str | None = None,
    http_status: int = 200,
) -> HttpResponse:
    status = status or _status(request)
    comments = comments_for_moderation(
        centre=request.centre, questionnaire=questionnaire, status=status
    )
    page = Paginator(comments, COMMENTS_PAGE_SIZE).get_page(page_number or request.GET.get("page"))
    bound = bound or {}
    items = [
        (
            answer,
            bound.get(answer.pk)
            or ModerationForm(
                prefix=f"c{answer.pk}",
                initial={"public_text": answer.public_text or answer.text},
            ),
        )
        for answer in page.object_list
    ]
    if items:
        # The respondents' own words may name someone: reading them is recorded.
        audit_record(
            actor=request.user,
            centre=request.centre,
            action=AuditAction.VIEW,
            obj=questionnaire,
            changes={"comments": [answer.pk for answer, _form in items], "status": status},
        )
    error_forms = [form for form in bound.values() if form.errors]
    return render(
        request,
        "surveys/staff/results/comments.html",
        {
            "centre": request.centre,
            "questionnaire": questionnaire,
            "page": page,
            "items": items,
            "status": status,
            "statuses": Moderation.choices,
            "counts": comment_counts(centre=request.centre, questionnaire=questionnaire),
            "error_forms": error_forms,
            "bulk_form": bulk_form,
            "querystring": urlencode({"status": status}),
        },
        status=http_status,
    )


@centre_staff_view(Capability.SURVEYS_MODERATE)
@reading
def comments(request: CentreRequest, questionnaire: Questionnaire) -> HttpResponse:
    """The queue of free-text comments waiting for a decision (or those already decided)."""
    return _comments_page(request, questionnaire)


def _back_to_queue(request: CentreRequest, questionnaire: Questionnaire) -> HttpResponse:
    url = reverse("surveys_staff:comments", args=[request.centre.slug, questionnaire.pk])
    status = request.POST.get("status", "")
    page = request.POST.get("page", "")
    query = {"status": status if status in Moderation.values else Moderation.PENDING}
    if page.isascii() and page.isdigit():
        query["page"] = page
    return redirect(f"{url}?{urlencode(query)}")


@centre_staff_view(Capability.SURVEYS_MODERATE)
def comment_decide(request: CentreRequest, pk: int, answer_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    if not comment_exists(centre=request.centre, questionnaire=questionnaire, answer_id=answer_id):
        raise Http404("No such comment")
    if request.method != "POST":
        return _back_to_queue(request, questionnaire)
    form = ModerationForm(request.POST, prefix=f"c{answer_id}")
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == ModerationForm.PUBLISH:
                comment_publish(
                    centre=request.centre,
                    questionnaire=questionnaire,
                    answer_id=answer_id,
                    public_text=form.cleaned_data["public_text"],
                    actor=request.user,
                )
                messages.success(request, _("Коментар оприлюднено."))
            else:
                comment_reject(
                    centre=request.centre,
                    questionnaire=questionnaire,
                    answer_id=answer_id,
                    actor=request.user,
                )
                messages.success(request, _("Коментар не буде оприлюднено."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_queue(request, questionnaire)
    return _comments_page(
        request,
        questionnaire,
        bound={answer_id: form},
        status=request.POST.get("status"),
        page_number=request.POST.get("page"),
        http_status=400,
    )


@centre_staff_view(Capability.SURVEYS_MODERATE)
def comments_reject(request: CentreRequest, pk: int) -> HttpResponse:
    """Refuse every ticked comment at once (spam, abuse); all of them or none."""
    questionnaire = _questionnaire(request, pk)
    if request.method != "POST":
        return _back_to_queue(request, questionnaire)
    form = BulkRejectForm(request.POST)
    if form.is_valid():
        try:
            count = comments_reject_bulk(
                centre=request.centre,
                questionnaire=questionnaire,
                answer_ids=form.cleaned_data["comments"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s коментар не буде оприлюднено.",
                    "%(count)s коментарів не буде оприлюднено.",
                    count,
                )
                % {"count": count},
            )
            return _back_to_queue(request, questionnaire)
    return _comments_page(
        request,
        questionnaire,
        bulk_form=form,
        status=request.POST.get("status"),
        page_number=request.POST.get("page"),
        http_status=400,
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/results/", results, name="results"),
    path("<int:pk>/results/report.pdf", results_pdf, name="results_pdf"),
    path("<int:pk>/export.csv", export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", export_xlsx, name="export_xlsx"),
    path("<int:pk>/comments/", comments, name="comments"),
    path("<int:pk>/comments/reject/", comments_reject, name="comments_reject"),
    path("<int:pk>/comments/<int:answer_id>/", comment_decide, name="comment_decide"),
]
