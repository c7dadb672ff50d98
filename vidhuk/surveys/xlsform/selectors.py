"""Reads of the offline-collection pages, scoped to the centre."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from vidhuk.core.models import Centre

from ..choices import BatchKind, VersionStatus
from ..models import Questionnaire, QuestionnaireVersion, ResponseBatch


def offline_questionnaires(*, centre: Centre) -> QuerySet[Questionnaire]:
    """The centre's questionnaires with their versions, newest version first."""
    return (
        Questionnaire.objects.filter(centre=centre)
        .prefetch_related(
            Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number"))
        )
        .order_by("title_uk", "id")
    )


def offline_version(*, centre: Centre, pk: int) -> QuestionnaireVersion:
    """One version of the centre's questionnaires; ``DoesNotExist`` for another centre's."""
    return QuestionnaireVersion.objects.select_related("questionnaire").get(
        pk=pk, questionnaire__centre=centre
    )


def offline_importable_versions(*, version: QuestionnaireVersion) -> list[QuestionnaireVersion]:
    """The versions of ``version``'s questionnaire that take an import (published or retired,
    never a draft), newest first; the published one is also the one to collect on."""
    return list(
        QuestionnaireVersion.objects.filter(questionnaire_id=version.questionnaire_id)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-number")
    )


def import_batch_list(*, centre: Centre) -> QuerySet[ResponseBatch]:
    """Imported files, newest first, with the number of responses each one stored."""
    return (
        ResponseBatch.objects.filter(centre=centre, kind=BatchKind.IMPORT)
        .select_related("version__questionnaire", "created_by")
        .annotate(imported=Count("responses"))
        .order_by("-created_at", "-id")
    )
