"""Free-text answers for moderation, and the approved public texts."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from vidhuk.core.models import Centre

from ..choices import (
    Moderation,
    QuestionType,
)
from ..models import (
    Answer,
    Question,
    Questionnaire,
)


def comments_for_moderation(
    *, centre: Centre, questionnaire: Questionnaire, status: str = Moderation.PENDING
) -> QuerySet[Answer]:
    """Free-text answers of the questionnaire in one moderation state, newest first."""
    return (
        Answer.objects.filter(
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
            moderation=status,
        )
        .exclude(text="")
        .select_related("question", "response")
        .order_by("-response__submitted_on", "-id")
    )


def comment_exists(*, centre: Centre, questionnaire: Questionnaire, answer_id: int) -> bool:
    """Whether ``answer_id`` is a moderated free-text answer of the centre's questionnaire."""
    return (
        Answer.objects.filter(
            pk=answer_id,
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
        )
        .exclude(moderation="")
        .exists()
    )


def comment_counts(*, centre: Centre, questionnaire: Questionnaire) -> dict[str, int]:
    """How many comments are in each moderation state: two queries — the questionnaire's
    free-text questions (of this centre), then their comments counted from the partial index
    ``answer_text_moderation`` alone, without joining a million responses."""
    questions = list(
        Question.objects.filter(
            version__questionnaire=questionnaire,
            version__questionnaire__centre=centre,
            type=QuestionType.TEXT,
        ).values_list("pk", flat=True)
    )
    counts = dict(
        Answer.objects.filter(question_id__in=questions)
        .exclude(moderation="")
        .order_by()
        .values_list("moderation")
        .annotate(n=Count("*"))
    )
    return {status: counts.get(status, 0) for status in Moderation.values}


def comments_public(*, centre: Centre, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """Only what a moderator approved, and only its edited public text — never the raw text."""
    return (
        Answer.objects.filter(
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
            moderation=Moderation.PUBLISHED,
        )
        .exclude(public_text="")
        .order_by("-response__submitted_on", "-id")
        .only(
            "id", "public_text", "question__text_uk", "question__text_en", "response__submitted_on"
        )
        .select_related("question", "response")
    )
