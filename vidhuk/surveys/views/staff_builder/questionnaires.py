"""The centre's questionnaires: the list, a new one, its settings and version history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.surveys.capabilities import Capability

from ...choices import VersionStatus
from ...forms.staff_builder import QuestionnaireForm
from ...models import Questionnaire
from ...selectors.builder import questionnaire_get_for_staff, questionnaire_list_for_staff
from ...services.questionnaires import questionnaire_create, questionnaire_update
from ._access import can_edit_surveys, saved_or_form, surveys_reader, version_path

PAGE_SIZE = 25
FORM = "surveys/staff/builder/questionnaire_form.html"


@surveys_reader
def home(request: CentreRequest) -> HttpResponse:
    """The centre's questionnaires: kind, published version and date, draft, responses."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    page = Paginator(questionnaire_list_for_staff(centre=request.centre), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for questionnaire in page.object_list:
        _summarise(questionnaire)
    return render(
        request,
        "surveys/staff/builder/home.html",
        {"centre": request.centre, "page": page, "can_edit": can_edit_surveys(request)},
    )


def _summarise(questionnaire: Questionnaire) -> None:
    """Facts the list and the questionnaire page show, from the prefetched versions."""
    versions = list(questionnaire.versions.all())
    questionnaire.published = next(  # type: ignore[attr-defined]
        (v for v in versions if v.status == VersionStatus.PUBLISHED), None
    )
    questionnaire.draft = next(  # type: ignore[attr-defined]
        (v for v in versions if v.status == VersionStatus.DRAFT), None
    )
    questionnaire.version_list = versions  # type: ignore[attr-defined]
    questionnaire.response_total = sum(v.response_count for v in versions)  # type: ignore[attr-defined]


@centre_staff_view(Capability.SURVEYS_EDIT)
def questionnaire_new(request: CentreRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = QuestionnaireForm(request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        questionnaire = questionnaire_create(
            centre=request.centre,
            actor=request.user,
            submission_key=form.key(),
            **form.settings(),
        )
        return (
            _("Анкету «%(title)s» створено. Додайте розділи й питання до версії 1.")
            % {"title": questionnaire.title_uk},
            version_path(request, questionnaire.versions.order_by("number")[0]),
        )

    return saved_or_form(request, form, save, template=FORM, context={"questionnaire": None})


@surveys_reader
def questionnaire_detail(request: CentreRequest, pk: int) -> HttpResponse:
    """A questionnaire's settings and its version history with responses per version."""
    questionnaire = questionnaire_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    _summarise(questionnaire)
    return render(
        request,
        "surveys/staff/builder/questionnaire.html",
        {
            "centre": request.centre,
            "questionnaire": questionnaire,
            "can_edit": can_edit_surveys(request),
        },
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def questionnaire_edit(request: CentreRequest, pk: int) -> HttpResponse:
    questionnaire = questionnaire_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    kind_locked = any(v.status != VersionStatus.DRAFT for v in questionnaire.versions.all())
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        initial=QuestionnaireForm.initial_of(questionnaire),
        kind_locked=kind_locked,
    )

    def save() -> tuple[str, str]:
        questionnaire_update(questionnaire=questionnaire, data=form.settings(), actor=request.user)
        return (
            _("Налаштування анкети збережено."),
            reverse(
                "surveys_staff:builder_questionnaire",
                kwargs={"centre_slug": request.centre.slug, "pk": questionnaire.pk},
            ),
        )

    return saved_or_form(
        request, form, save, template=FORM, context={"questionnaire": questionnaire}
    )
