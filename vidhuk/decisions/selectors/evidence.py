"""What the loop reads — of other apps only through their selectors (appeals, surveys, mystery),
and of its own findings: the evidence an object would give, the residents to tell, the open
findings a piece of evidence may join."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from vidhuk.appeals.choices import Channel as AppealChannel
from vidhuk.appeals.selectors_evidence import (
    AppealFacts,
    ComplaintGroup,
    HotlineCallFacts,
    NoticeContact,
    appeal_facts,
    appeal_facts_all,
    appeal_notice_contacts,
    complaint_groups,
    hotline_call_facts,
)
from vidhuk.core.models import Centre
from vidhuk.mystery.selectors_evidence import (
    CriterionFacts,
    CriterionFailure,
    MysteryVisitFacts,
    mystery_criterion_facts,
    mystery_failed_criteria,
    mystery_filed_visit_ids,
    mystery_visit_facts,
)
from vidhuk.mystery.selectors_evidence import (
    mystery_criterion_failures as mystery_failures,
)
from vidhuk.surveys.results.indicator import (
    OfficeRatingMonth,
    indicator_figure,
    indicator_questionnaire,
    indicator_questions,
    visitor_questionnaires,
)
from vidhuk.surveys.results.indicator import (
    rating_months_by_office as office_rating_months,
)

from ..choices import DecisionState, FindingState, NoticeChannel
from ..models import Decision, DecisionEvent, DecisionNotice, Evidence, Finding
from ..sources import RESIDENT_SOURCES

# Other apps' reads the loop uses as they are (rules.py, evidence.py, notify.py).
__all__ = [
    "AppealFacts",
    "ComplaintGroup",
    "CriterionFacts",
    "CriterionFailure",
    "HotlineCallFacts",
    "MysteryVisitFacts",
    "NoticeContact",
    "OfficeRatingMonth",
    "appeal_facts",
    "appeal_facts_all",
    "complaint_groups",
    "hotline_call_facts",
    "mystery_criterion_facts",
    "mystery_failed_criteria",
    "mystery_failures",
    "mystery_filed_visit_ids",
    "mystery_visit_facts",
    "office_rating_months",
]

# Channels of evidence that is not an appeal row.
OTHER_CHANNELS = {
    "survey": "Опитування",
    "mystery_shopper": "Таємний відвідувач",
}


def channel_label(channel: str) -> str:
    if channel in AppealChannel.values:
        return str(AppealChannel(channel).label)
    return OTHER_CHANNELS.get(channel, channel)


def survey_figure(
    *,
    centre: Centre,
    questionnaire_id: int,
    code: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    office_id: int | None = None,
    service_id: int | None = None,
) -> dict[str, Any] | None:
    """One question's figure for the period and office or service (Evidence.figure's shape),
    computed through surveys' results; None for another centre's questionnaire or a question
    that gives no figure."""
    questionnaire = indicator_questionnaire(centre=centre, pk=questionnaire_id)
    if questionnaire is None:
        return None
    figure = indicator_figure(
        centre=centre,
        questionnaire=questionnaire,
        code=code,
        date_from=date_from,
        date_to=date_to,
        office_id=office_id,
        service_id=service_id,
    )
    return None if figure is None else figure.as_json()


def survey_questions(*, centre: Centre, questionnaire_id: int) -> list[tuple[str, str]]:
    """(code, text) of the questions of a visitor questionnaire that give a figure."""
    questionnaire = indicator_questionnaire(centre=centre, pk=questionnaire_id)
    if questionnaire is None:
        return []
    return [(q.code, q.text) for q in indicator_questions(questionnaire=questionnaire)]


def findings_open_for_evidence(*, centre: Centre) -> QuerySet[Finding]:
    """The open findings a new piece of evidence may join, newest first."""
    return (
        Finding.objects.filter(centre=centre, state=FindingState.OPEN)
        .annotate(evidence_count=Count("evidence"))
        .order_by("-opened_on", "-number")
    )


def findings_of_object(
    *, centre: Centre, sources: tuple[str, ...], object_id: str
) -> list[Finding]:
    """The findings an object is already evidence of."""
    return list(
        Finding.objects.filter(
            centre=centre, evidence__source__in=sources, evidence__object_id=object_id
        )
        .distinct()
        .order_by("number")
    )


def decision_resident_appeal_ids(*, decision: Decision) -> list[int]:
    """The appeals (and suggestion-box entries) that are evidence of the decision's findings."""
    ids = (
        Evidence.objects.filter(
            centre_id=decision.centre_id,
            finding__decisions=decision,
            source__in=RESIDENT_SOURCES,
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    return sorted({int(pk) for pk in ids if pk.isdecimal()})


def decision_notice_contacts(*, decision: Decision) -> list[NoticeContact]:
    """Who is to be told of the decision's public changes: the writers of its evidence who
    asked to be told and left an e-mail or a postal address."""
    return appeal_notice_contacts(
        centre=decision.centre, pks=decision_resident_appeal_ids(decision=decision)
    )


def decisions_of_appeal(*, centre: Centre, appeal_id: int) -> list[Decision]:
    """The public decisions answering the findings an appeal is evidence of (the tracker)."""
    return list(
        Decision.objects.filter(
            centre=centre,
            findings__evidence__source__in=RESIDENT_SOURCES,
            findings__evidence__object_id=str(appeal_id),
        )
        .exclude(state="draft")
        .distinct()
        .prefetch_related("milestones")
        .order_by("number")
    )


def survey_questionnaires(*, centre: Centre) -> list[tuple[int, str]]:
    """(id, title) of the centre's visitor questionnaires: where indicators come from."""
    return visitor_questionnaires(centre=centre)


@dataclass(frozen=True)
class Letter:
    """One printed notice: to whom, where, and about which change of which decision."""

    decision_number: int
    decision_title: str
    revision: int
    state_label: str
    note: str
    changed_at: dt.datetime | None
    registration_index: str
    full_name: str
    address: str


def letter_list(*, centre: Centre, decision_number: int | None = None) -> list[Letter]:
    """The notices to send by post (residents who asked to be told and left no e-mail), newest
    change first. Three queries whatever their number."""
    notices = DecisionNotice.objects.filter(
        decision__centre=centre, channel=NoticeChannel.LETTER
    ).select_related("decision")
    if decision_number is not None:
        notices = notices.filter(decision__number=decision_number)
    notices_list = list(notices.order_by("-decision__number", "-public_revision", "id"))
    contacts = {
        c.pk: c
        for c in appeal_notice_contacts(
            centre=centre,
            pks=[int(n.recipient_key.partition(":")[2]) for n in notices_list],
        )
    }
    events = {
        (e.decision_id, e.public_revision): e
        for e in DecisionEvent.objects.filter(
            decision__centre=centre,
            public_revision__isnull=False,
            decision_id__in={n.decision_id for n in notices_list},
        )
    }
    letters = []
    for notice in notices_list:
        contact = contacts.get(int(notice.recipient_key.partition(":")[2]))
        if contact is None:  # anonymised since, or withdrew: nobody to write to
            continue
        event = events.get((notice.decision_id, notice.public_revision))
        state = event.to_state if event and event.to_state else notice.decision.state
        letters.append(
            Letter(
                decision_number=notice.decision.number,
                decision_title=notice.decision.title,
                revision=notice.public_revision,
                state_label=str(DecisionState(state).label),
                note=event.note if event else "",
                changed_at=event.at if event else None,
                registration_index=contact.registration_index,
                full_name=contact.full_name,
                address=contact.address,
            )
        )
    return letters


def open_findings_of_appeal(*, centre: Centre, appeal_id: int) -> list[Finding]:
    """The public findings an appeal is evidence of that still wait for a decision."""
    return list(
        Finding.objects.filter(
            centre=centre,
            is_public=True,
            state=FindingState.OPEN,
            evidence__source__in=RESIDENT_SOURCES,
            evidence__object_id=str(appeal_id),
        )
        .distinct()
        .order_by("number")
    )


def appeal_is_evidence(*, centre: Centre, appeal_id: int) -> bool:
    return Evidence.objects.filter(
        centre=centre, source__in=RESIDENT_SOURCES, object_id=str(appeal_id)
    ).exists()
