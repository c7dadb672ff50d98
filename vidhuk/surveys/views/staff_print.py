"""Printing the paper questionnaire (/staff/<centre>/surveys/paper/…): choose a version, print
size, language and how many copies; the copies are one print run, numbered sheet by sheet
(``services.printing``), and its PDF opens at the run's own address. The centre's runs are
listed, so a run's PDF can be opened again (the same serials: reprint only what was lost)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.core.forms import add_service_error

from ..forms.staff_paper import PaperPrintForm
from ..models import PrintRun
from ..paper import SIZE_LARGE
from ..services.batches import paper_versions_for_print
from ..services.printing import print_run_create, print_run_get, print_run_list, print_run_pdf
from .staff_paper import require_print_capability

RUNS_PAGE_SIZE = 20


@centre_staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
def paper_print(request: CentreRequest) -> HttpResponse:
    require_print_capability(request)
    versions = paper_versions_for_print(centre=request.centre)
    form = PaperPrintForm(request.POST or None, versions=versions)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            run = print_run_create(
                centre=request.centre,
                version=data["version"],
                size=data["size"],
                language=data["language"],
                copies=data["copies"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect(
                "surveys_staff:print_run_pdf", centre_slug=request.centre.slug, pk=run.pk
            )
    runs = Paginator(print_run_list(centre=request.centre), RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/staff/paper/print.html",
        {
            "centre": request.centre,
            "form": form,
            "has_versions": versions.exists(),
            "page": runs,
        },
        status=400 if form.errors else 200,
    )


@centre_staff_view()
def print_run_pdf_view(request: CentreRequest, pk: int) -> HttpResponse:
    require_print_capability(request)
    try:
        run = print_run_get(centre=request.centre, pk=pk)
    except PrintRun.DoesNotExist:
        raise Http404("No such print run in this centre") from None
    if request.method not in ("GET", "HEAD"):  # looked up first: another centre's run is 404
        return HttpResponseNotAllowed(["GET"])
    suffix = ("-large" if run.size == SIZE_LARGE else "") + ("-en" if run.language == "en" else "")
    name = f"anketa-{run.version.questionnaire.slug}-v{run.version.number}{suffix}"
    response = HttpResponse(print_run_pdf(run=run), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{name}-{run.first_serial}-{run.last_serial}.pdf"'
    )
    return response


urlpatterns: list[URLPattern | URLResolver] = [
    path("paper/", paper_print, name="paper_print"),
    path("paper/runs/<int:pk>/questionnaire.pdf", print_run_pdf_view, name="print_run_pdf"),
]
