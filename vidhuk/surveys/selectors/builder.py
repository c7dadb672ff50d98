"""The builder's reads: questionnaires, versions, sections and questions of the member's centre."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from vidhuk.core.models import Centre

from ..models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)


def questionnaire_list_for_staff(*, centre: Centre) -> QuerySet[Questionnaire]:
    """The centre's questionnaires with their versions and each version's number of responses.

    Three queries whatever the number of questionnaires on the page: the page, its versions
    with a COUNT each, and the paginator's count.
    """
    versions = QuestionnaireVersion.objects.annotate(response_count=Count("responses")).order_by(
        "number"
    )
    return (
        Questionnaire.objects.filter(centre=centre)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("title_uk", "id")
    )


def questionnaire_get_for_staff(*, centre: Centre, pk: int) -> Questionnaire:
    try:
        return questionnaire_list_for_staff(centre=centre).get(pk=pk)
    except Questionnaire.DoesNotExist:
        raise Http404("No such questionnaire in this centre") from None


def version_get_for_staff(*, centre: Centre, pk: int) -> QuestionnaireVersion:
    """A version with its sections and questions in order, as the builder and the preview
    show it."""
    questions = Question.objects.order_by("position", "id")
    sections = Section.objects.order_by("position", "id").prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    try:
        return (
            QuestionnaireVersion.objects.select_related("questionnaire")
            .prefetch_related(Prefetch("sections", queryset=sections))
            .get(questionnaire__centre=centre, pk=pk)
        )
    except QuestionnaireVersion.DoesNotExist:
        raise Http404("No such version in this centre") from None


def section_get_for_staff(*, centre: Centre, pk: int) -> Section:
    try:
        return Section.objects.select_related("version__questionnaire").get(
            version__questionnaire__centre=centre, pk=pk
        )
    except Section.DoesNotExist:
        raise Http404("No such section in this centre") from None


def question_get_for_staff(*, centre: Centre, pk: int) -> Question:
    try:
        return Question.objects.select_related("version__questionnaire", "section").get(
            version__questionnaire__centre=centre, pk=pk
        )
    except Question.DoesNotExist:
        raise Http404("No such question in this centre") from None


def section_of_version(*, version: QuestionnaireVersion, pk: int) -> Section | None:
    """A section of this version, or None (a section id from a form is never trusted)."""
    return Section.objects.filter(version=version, pk=pk).first()


def question_dependants(*, question: Question) -> list[str]:
    """Codes of the questions whose skip logic reads this one: deleting it would orphan them."""
    return [
        other.code
        for other in question.version.questions.exclude(pk=question.pk).only("code", "show_if")
        if (other.show_if or {}).get("question") == question.code
    ]
