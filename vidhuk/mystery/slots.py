"""Where the mystery shopper shows in surveys' pages, through core's object slots: surveys'
staff pages name no mystery page. Reviewers reach the reports and the scores from the surveys
section; a mystery-shopper checklist in the questionnaire list links its scores."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.surveys.choices import QuestionnaireKind

from .capabilities import Capability

SURVEYS_RESULTS = "surveys.results"


def _access(request: HttpRequest | None) -> tuple[bool, bool]:
    """(may review reports, may see the scores) for the member on this staff page."""
    membership = getattr(request, "membership", None)
    can_review = has_capability(membership, Capability.MYSTERY_REVIEW)
    return can_review, can_review or has_capability(membership, SURVEYS_RESULTS)


def _subnav(request: HttpRequest | None, centre: Any) -> dict[str, Any] | None:
    can_review, can_see_scores = _access(request)
    if not can_see_scores:
        return None
    return {"centre": centre, "can_review": can_review, "can_see_scores": can_see_scores}


def _checklist_scores(request: HttpRequest | None, questionnaire: Any) -> dict[str, Any] | None:
    if questionnaire.kind != QuestionnaireKind.MYSTERY_SHOPPER or not _access(request)[1]:
        return None
    return {"centre_slug": request.centre.slug}  # type: ignore[union-attr]


def register() -> None:
    register_slot_entry(
        SlotEntry(
            slot="surveys.staff.subnav",
            key="mystery",
            template="mystery/slots/surveys_subnav.html",
            context=_subnav,
        )
    )
    register_slot_entry(
        SlotEntry(
            slot="surveys.questionnaire.results",
            key="mystery_scores",
            template="mystery/slots/checklist_scores.html",
            context=_checklist_scores,
        )
    )
