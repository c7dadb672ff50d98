"""Lookups of questionnaires: the lists, the version residents answer, what the portal links to."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from vidhuk.core.models import Centre

from ..choices import (
    QuestionnaireKind,
    VersionStatus,
)
from ..models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)


def questionnaire_list(*, centre: Centre) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(centre=centre)
        .prefetch_related(
            Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("number"))
        )
        .order_by("title_uk")
    )


def version_get_published(*, centre: Centre, slug: str) -> QuestionnaireVersion:
    """The version residents answer now; raises QuestionnaireVersion.DoesNotExist if none."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position", "id").prefetch_related(
                    Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
                ),
            )
        )
        .get(
            questionnaire__centre=centre,
            questionnaire__slug=slug,
            status=VersionStatus.PUBLISHED,
        )
    )


def questionnaire_get_results_public(*, centre: Centre, slug: str) -> Questionnaire:
    """A visitor questionnaire whose results the centre chose to publish; raises
    ``Questionnaire.DoesNotExist`` otherwise (mystery-shopper checklists are never public)."""
    return Questionnaire.objects.get(
        centre=centre,
        slug=slug,
        kind=QuestionnaireKind.VISITOR_SURVEY,
        results_public=True,
    )


def visitor_survey_slug(*, centre: Centre) -> str | None:
    """The slug of the centre's published visitor questionnaire (the standard one first), or None
    when it has none: the portal links to it only when there is one to answer."""
    return visitor_survey_pick(
        [row["questionnaire__slug"] for row in visitor_survey_slugs(centre=centre)]
    )


def visitor_survey_slugs(*, centre: Centre) -> QuerySet[QuestionnaireVersion, Any]:
    """The slugs (``questionnaire__slug``) of the centre's published visitor questionnaires, for
    ``visitor_survey_pick`` (the portal's home sends it with its other reads)."""
    return QuestionnaireVersion.objects.filter(
        questionnaire__centre=centre,
        questionnaire__kind=QuestionnaireKind.VISITOR_SURVEY,
        status=VersionStatus.PUBLISHED,
    ).values("questionnaire__slug")


def visitor_survey_pick(slugs: list[str]) -> str | None:
    """The standard visitor questionnaire when published, else the first by slug."""
    if not slugs:
        return None
    return "visitor-survey" if "visitor-survey" in slugs else sorted(slugs)[0]


def questionnaires_with_public_results(*, centre: Centre) -> QuerySet[Questionnaire]:
    """The visitor questionnaires whose results the centre publishes, for the portal's links."""
    return Questionnaire.objects.filter(
        centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY, results_public=True
    ).order_by("title_uk")
