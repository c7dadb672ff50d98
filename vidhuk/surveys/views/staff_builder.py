"""The questionnaire builder: the centre's questionnaires, their versions, sections and questions,
publishing, and a preview of any version exactly as residents see it.

A published or retired version is frozen (issue 4, §1): its page is read-only and offers
«Створити нову версію», which copies it into a new draft. Changing anything needs
``surveys.edit``; reading the pages needs any of the surveys capabilities.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.choices import Capability
from vidhuk.accounts.permissions import has_capability

from ..choices import QuestionType, VersionStatus
from ..forms.public import SurveyForm, in_language
from ..forms.staff_builder import MoveForm, QuestionForm, QuestionnaireForm, SectionForm
from ..models import QUESTION_ORDER, Question, Questionnaire, QuestionnaireVersion, Section
from ..selectors.builder import (
    question_dependants,
    question_get_for_staff,
    questionnaire_get_for_staff,
    questionnaire_list_for_staff,
    section_get_for_staff,
    section_of_version,
    version_get_for_staff,
)
from ..services.builder import (
    question_add,
    question_move,
    question_remove,
    question_update,
    questionnaire_create,
    questionnaire_update,
    section_add,
    section_move,
    section_remove,
    section_update,
    version_new_draft,
    version_publish,
    version_validate,
)

PAGE_SIZE = 25
SURVEYS_CAPABILITIES = (
    Capability.SURVEYS_EDIT,
    Capability.SURVEYS_ENTER,
    Capability.SURVEYS_RESULTS,
    Capability.SURVEYS_MODERATE,
    Capability.MYSTERY_REVIEW,
)

# --- access --------------------------------------------------------------------------------------


def can_read_surveys(request: CentreRequest) -> bool:
    return any(has_capability(request.membership, c) for c in SURVEYS_CAPABILITIES)


def can_edit_surveys(request: CentreRequest) -> bool:
    return has_capability(request.membership, Capability.SURVEYS_EDIT)


def surveys_reader(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """A member with any of the surveys capabilities may read the builder's pages."""

    @centre_staff_view()
    @wraps(view)
    def wrapper(request: CentreRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read_surveys(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _post_only(request: CentreRequest) -> HttpResponse | None:
    # Called after the record was looked up: another centre's id is 404 whatever the method.
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: at the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
        return
    for message in error.messages:
        form.add_error(None, message)


def _version_url(request: CentreRequest, version_id: int) -> HttpResponse:
    return redirect("surveys_staff:builder_version", centre_slug=request.centre.slug, pk=version_id)


def _delete_refused(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse | None:
    """A delete page asks on GET and deletes on POST, in a draft only."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return _frozen(request, version)


def _frozen(request: CentreRequest, version: QuestionnaireVersion) -> HttpResponse | None:
    """A published or retired version cannot change: back to its page with the reason."""
    if version.status == VersionStatus.DRAFT:
        return None
    messages.error(
        request,
        _("Версію %(number)s уже опубліковано, її не можна змінювати; створіть нову версію.")
        % {"number": version.number},
    )
    return _version_url(request, version.pk)


# --- questionnaires ------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = questionnaire_create(
                centre=request.centre,
                actor=request.user,
                submission_key=form.key(),
                **form.settings(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Анкету «%(title)s» створено. Додайте розділи й питання до версії 1.")
                % {"title": questionnaire.title_uk},
            )
            return _version_url(request, questionnaire.versions.order_by("number")[0].pk)
    return render(
        request,
        "surveys/staff/builder/questionnaire_form.html",
        {"centre": request.centre, "form": form, "questionnaire": None},
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_update(
                questionnaire=questionnaire, data=form.settings(), actor=request.user
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Налаштування анкети збережено."))
            return redirect(
                "surveys_staff:builder_questionnaire",
                centre_slug=request.centre.slug,
                pk=questionnaire.pk,
            )
    return render(
        request,
        "surveys/staff/builder/questionnaire_form.html",
        {"centre": request.centre, "form": form, "questionnaire": questionnaire},
    )


# --- versions ------------------------------------------------------------------------------------


@surveys_reader
def version_detail(request: CentreRequest, pk: int) -> HttpResponse:
    """The builder page of a draft, or the frozen content of a published or retired version."""
    version = version_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    can_edit = can_edit_surveys(request) and version.is_draft
    sections = list(version.sections.all())
    problems = version_validate(version=version) if version.is_draft else {}
    context = {
        "centre": request.centre,
        "version": version,
        "questionnaire": version.questionnaire,
        "sections": _section_rows(sections),
        "can_edit": can_edit,
        "can_copy": can_edit_surveys(request) and not version.is_draft,
        "problems": _problem_list(problems),
        "section_form": SectionForm(auto_id="new-section-%s") if can_edit else None,
        "other_draft": _other_draft(version),
    }
    return render(request, "surveys/staff/builder/version.html", context)


def _other_draft(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    if version.is_draft:
        return None
    return version.questionnaire.versions.filter(status=VersionStatus.DRAFT).first()


def _section_rows(sections: list[Section]) -> list[dict[str, Any]]:
    """Each section and question with the targets of its up/down buttons.

    A question at the top of its section moves up to the end of the previous section, and at
    the bottom down to the start of the next one.
    """
    rows = []
    for index, section in enumerate(sections):
        questions = list(section.questions.all())
        previous = sections[index - 1] if index > 0 else None
        following = sections[index + 1] if index + 1 < len(sections) else None
        items = []
        for position, question in enumerate(questions):
            up = down = None
            if position > 0:
                up = (section.pk, position - 1)
            elif previous is not None:
                up = (previous.pk, len(previous.questions.all()))
            if position + 1 < len(questions):
                down = (section.pk, position + 1)
            elif following is not None:
                down = (following.pk, 0)
            items.append({"question": question, "up": up, "down": down})
        rows.append(
            {
                "section": section,
                "number": index + 1,
                "up": index - 1 if index > 0 else None,
                "down": index + 1 if following is not None else None,
                "questions": items,
            }
        )
    return rows


def _problem_list(problems: dict[str, list[str]]) -> list[str]:
    return [message for messages_ in problems.values() for message in messages_]


@centre_staff_view(Capability.SURVEYS_EDIT)
def version_copy(request: CentreRequest, pk: int) -> HttpResponse:
    """«Створити нову версію»: this version copied into a new draft (or the existing draft)."""
    version = version_get_for_staff(centre=request.centre, pk=pk)
    refused = _post_only(request)
    if refused:
        return refused
    existing = _other_draft(version)
    draft = version_new_draft(
        questionnaire=version.questionnaire, source=version, actor=request.user
    )
    if existing is not None:
        messages.info(
            request,
            _("Чернетка версії %(number)s уже є: змінюйте її.") % {"number": draft.number},
        )
    elif draft.pk != version.pk:
        messages.success(
            request,
            _("Створено чернетку версії %(number)s — копію версії %(source)s.")
            % {"number": draft.number, "source": version.number},
        )
    return _version_url(request, draft.pk)


@centre_staff_view(Capability.SURVEYS_EDIT)
def version_publish_view(request: CentreRequest, pk: int) -> HttpResponse:
    """What publishing will do, what stops it, and the button."""
    version = version_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not version.is_draft:
        if request.method == "POST":
            # A double submit: the first request published it.
            messages.info(
                request, _("Версію %(number)s опубліковано.") % {"number": version.number}
            )
        return _version_url(request, version.pk)
    problems = version_validate(version=version)
    if request.method == "POST" and not problems:
        try:
            version_publish(version=version, actor=request.user)
        except ValidationError as error:
            problems = {"": error.messages}
        else:
            messages.success(
                request,
                _("Версію %(number)s опубліковано: відтепер відповіді збираються за нею.")
                % {"number": version.number},
            )
            return _version_url(request, version.pk)
    current = version.questionnaire.versions.filter(status=VersionStatus.PUBLISHED).first()
    return render(
        request,
        "surveys/staff/builder/publish.html",
        {
            "centre": request.centre,
            "version": version,
            "questionnaire": version.questionnaire,
            "problems": _problem_list(problems),
            "current": current,
            "question_count": sum(len(s.questions.all()) for s in version.sections.all()),
        },
    )


@surveys_reader
def version_preview(request: CentreRequest, pk: int) -> HttpResponse:
    """Any version (a draft included) as residents see it, in the active language (the
    language switch or the /en/ address). A submit checks the answers as the real page does
    and saves nothing."""
    version = version_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    is_post = request.method == "POST"
    form = SurveyForm(request.POST if is_post else None, version=version, check_timing=False)
    checked = is_post and form.is_valid()
    return render(
        request,
        "surveys/public/survey.html",
        {
            "base_template": "surveys/staff/builder/preview_base.html",
            "centre": request.centre,
            "version": version,
            "questionnaire": version.questionnaire,
            "title": in_language(version.questionnaire, "title"),
            "privacy_note": in_language(version.questionnaire, "privacy_note"),
            "form": form,
            "visit": None,
            "preview": True,
            "preview_checked": checked,
        },
    )


# --- sections ------------------------------------------------------------------------------------


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_new(request: CentreRequest, pk: int) -> HttpResponse:
    version = version_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    frozen = _frozen(request, version)
    if frozen:
        return frozen
    form = SectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            section = section_add(
                version=version,
                title_uk=form.cleaned_data["title_uk"],
                title_en=form.cleaned_data["title_en"],
                submission_key=form.key(),
                actor=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Розділ «%(title)s» додано.") % {"title": section.title_uk})
            return redirect(f"{_version_path(request, version)}#section-{section.pk}")
    return render(
        request,
        "surveys/staff/builder/section_form.html",
        {"centre": request.centre, "form": form, "version": version, "section": None},
    )


def _version_path(request: CentreRequest, version: QuestionnaireVersion) -> str:
    return reverse(
        "surveys_staff:builder_version",
        kwargs={"centre_slug": request.centre.slug, "pk": version.pk},
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_edit(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = _delete_refused(request, section.version)
    if refused:
        return refused
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"title_uk": section.title_uk, "title_en": section.title_en},
    )
    if request.method == "POST" and form.is_valid():
        try:
            section_update(
                section=section,
                title_uk=form.cleaned_data["title_uk"],
                title_en=form.cleaned_data["title_en"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Розділ перейменовано."))
            return redirect(f"{_version_path(request, section.version)}#section-{section.pk}")
    return render(
        request,
        "surveys/staff/builder/section_form.html",
        {"centre": request.centre, "form": form, "version": section.version, "section": section},
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_move_view(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = _post_only(request) or _frozen(request, section.version)
    if refused:
        return refused
    form = MoveForm(request.POST)
    if form.is_valid():
        section_move(section=section, position=form.cleaned_data["position"], actor=request.user)
    return redirect(f"{_version_path(request, section.version)}#section-{section.pk}")


@centre_staff_view(Capability.SURVEYS_EDIT)
def section_delete(request: CentreRequest, pk: int) -> HttpResponse:
    section = section_get_for_staff(centre=request.centre, pk=pk)
    refused = _delete_refused(request, section.version)
    if refused:
        return refused
    if request.method == "POST":
        section_remove(section=section, actor=request.user)
        messages.success(request, _("Розділ «%(title)s» видалено.") % {"title": section.title_uk})
        return _version_url(request, section.version_id)
    return render(
        request,
        "surveys/staff/builder/delete.html",
        {
            "centre": request.centre,
            "version": section.version,
            "what": "section",
            "section": section,
            "question_count": section.questions.count(),
            "dependants": [],
        },
    )


# --- questions -----------------------------------------------------------------------------------


def _question_form(
    request: CentreRequest,
    version: QuestionnaireVersion,
    *,
    question: Question | None = None,
    initial: dict[str, Any] | None = None,
) -> QuestionForm:
    return QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        version=version,
        sections=list(version.sections.order_by("position", "id")),
        questions=list(version.questions.order_by(*QUESTION_ORDER)),
        question=question,
    )


def _section_of(version: QuestionnaireVersion, section_id: int) -> Section:
    section = section_of_version(version=version, pk=section_id)
    if section is None:
        raise Section.DoesNotExist
    return section


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_new(request: CentreRequest, pk: int) -> HttpResponse:
    """A new question at the end of a section (or of another section chosen on the form)."""
    section = section_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    version = section.version
    frozen = _frozen(request, version)
    if frozen:
        return frozen
    form = _question_form(
        request, version, initial={"section": section.pk, "type": QuestionType.RATING}
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = question_add(
                section=_section_of(version, form.cleaned_data["section"]),
                submission_key=form.key(),
                actor=request.user,
                **form.question_data(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Питання «%(code)s» додано.") % {"code": question.code})
            return redirect(f"{_version_path(request, version)}#question-{question.pk}")
    return render(
        request,
        "surveys/staff/builder/question_form.html",
        {"centre": request.centre, "form": form, "version": version, "question": None},
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_edit(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    version = question.version
    frozen = _frozen(request, version)
    if frozen:
        return frozen
    form = _question_form(
        request, version, question=question, initial=QuestionForm.initial_of(question)
    )
    if request.method == "POST" and form.is_valid():
        data = form.question_data()
        if not data["code"]:
            data["code"] = question.code
        try:
            question_update(
                question=question,
                data=data,
                section=_section_of(version, form.cleaned_data["section"]),
                actor=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Питання «%(code)s» збережено.") % {"code": data["code"]})
            return redirect(f"{_version_path(request, version)}#question-{question.pk}")
    return render(
        request,
        "surveys/staff/builder/question_form.html",
        {"centre": request.centre, "form": form, "version": version, "question": question},
    )


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_move_view(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    refused = _post_only(request) or _frozen(request, question.version)
    if refused:
        return refused
    form = MoveForm(request.POST)
    if form.is_valid():
        target = question.section
        if form.cleaned_data["section"]:
            target = (
                section_of_version(version=question.version, pk=form.cleaned_data["section"])
                or question.section
            )
        question_move(
            question=question,
            section=target,
            position=form.cleaned_data["position"],
            actor=request.user,
        )
    return redirect(f"{_version_path(request, question.version)}#question-{question.pk}")


@centre_staff_view(Capability.SURVEYS_EDIT)
def question_delete(request: CentreRequest, pk: int) -> HttpResponse:
    question = question_get_for_staff(centre=request.centre, pk=pk)
    refused = _delete_refused(request, question.version)
    if refused:
        return refused
    if request.method == "POST":
        question_remove(question=question, actor=request.user)
        messages.success(request, _("Питання «%(code)s» видалено.") % {"code": question.code})
        return _version_url(request, question.version_id)
    dependants = question_dependants(question=question)
    return render(
        request,
        "surveys/staff/builder/delete.html",
        {
            "centre": request.centre,
            "version": question.version,
            "what": "question",
            "question": question,
            "dependants": dependants,
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("", home, name="home"),
    path("new/", questionnaire_new, name="builder_new"),
    path("<int:pk>/", questionnaire_detail, name="builder_questionnaire"),
    path("<int:pk>/settings/", questionnaire_edit, name="builder_settings"),
    path("versions/<int:pk>/", version_detail, name="builder_version"),
    path("versions/<int:pk>/new-version/", version_copy, name="builder_version_copy"),
    path("versions/<int:pk>/publish/", version_publish_view, name="builder_publish"),
    path("versions/<int:pk>/preview/", version_preview, name="builder_preview"),
    path("versions/<int:pk>/sections/new/", section_new, name="builder_section_new"),
    path("sections/<int:pk>/", section_edit, name="builder_section"),
    path("sections/<int:pk>/move/", section_move_view, name="builder_section_move"),
    path("sections/<int:pk>/delete/", section_delete, name="builder_section_delete"),
    path("sections/<int:pk>/questions/new/", question_new, name="builder_question_new"),
    path("questions/<int:pk>/", question_edit, name="builder_question"),
    path("questions/<int:pk>/move/", question_move_view, name="builder_question_move"),
    path("questions/<int:pk>/delete/", question_delete, name="builder_question_delete"),
]
