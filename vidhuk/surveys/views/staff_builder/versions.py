"""A version's builder page, a new draft copied from it, publishing, and the preview exactly as
residents see it. A published or retired version is frozen (issue 4, §1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.surveys.capabilities import Capability

from ...choices import VersionStatus
from ...forms.public import SurveyForm, in_language
from ...forms.staff_builder import SectionForm
from ...models import QuestionnaireVersion, Section
from ...selectors.builder import version_get_for_staff
from ...services.version_checks import version_validate
from ...services.versions import version_new_draft, version_publish
from ._access import can_edit_surveys, post_only, surveys_reader, version_redirect


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
    refused = post_only(request)
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
    return version_redirect(request, draft.pk)


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
        return version_redirect(request, version.pk)
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
            return version_redirect(request, version.pk)
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
