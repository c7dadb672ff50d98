"""What other apps read of mystery-shopper reports to quote them as evidence (decisions, issue
12): the visit's facts and the criteria answered «ні» — never the evaluator's name or comments.
Only reports filed for review (submitted or accepted) count; the rule that proposes a finding
reads accepted reports only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from vidhuk.core.models import Centre
from vidhuk.surveys.choices import NO, QuestionType
from vidhuk.surveys.selectors.checklists import answer_tallies, checklist_questions

from .choices import MysteryVisitStatus
from .models import MysteryVisit

FILED = (MysteryVisitStatus.SUBMITTED, MysteryVisitStatus.ACCEPTED)


@dataclass(frozen=True)
class MysteryVisitFacts:
    pk: int
    office_id: int
    office_name: str
    service_id: int | None
    visited_on: dt.date


@dataclass(frozen=True)
class CriterionFacts:
    visit_id: int
    code: str
    text: str
    answer: str
    office_id: int
    office_name: str
    service_id: int | None
    visited_on: dt.date


def _filed(centre: Centre) -> QuerySet[MysteryVisit]:
    return MysteryVisit.objects.filter(centre=centre, status__in=FILED).select_related("office")


def _facts(visit: MysteryVisit) -> MysteryVisitFacts:
    return MysteryVisitFacts(
        pk=visit.pk,
        office_id=visit.office_id,
        office_name=visit.office.name,
        service_id=visit.service_id,
        visited_on=timezone.localdate(visit.visited_at),
    )


def mystery_visit_facts(*, centre: Centre, pk: int) -> MysteryVisitFacts | None:
    visit = _filed(centre).filter(pk=pk).first()
    return None if visit is None else _facts(visit)


def mystery_failed_criteria(*, centre: Centre, visit_id: int) -> list[CriterionFacts]:
    """The yes/no criteria a filed report answered «ні», in the checklist's order."""
    visit = _filed(centre).select_related("version").filter(pk=visit_id).first()
    if visit is None or visit.response_id is None:
        return []
    failed = {
        t.question_code
        for t in answer_tallies(response_ids=[visit.response_id])
        if t.question_type == QuestionType.YES_NO and t.choice == NO
    }
    facts = _facts(visit)
    return [
        CriterionFacts(
            visit_id=visit.pk,
            code=q.code,
            text=q.text,
            answer="ні",
            office_id=facts.office_id,
            office_name=facts.office_name,
            service_id=facts.service_id,
            visited_on=facts.visited_on,
        )
        for q in checklist_questions(version=visit.version)
        if q.code in failed
    ]


def mystery_criterion_facts(*, centre: Centre, visit_id: int, code: str) -> CriterionFacts | None:
    return next(
        (c for c in mystery_failed_criteria(centre=centre, visit_id=visit_id) if c.code == code),
        None,
    )


@dataclass(frozen=True)
class CriterionFailure:
    office_id: int
    office_name: str
    code: str
    text: str
    visit_ids: list[int]


def mystery_criterion_failures(
    *, centre: Centre, since: dt.date, at_least: int
) -> list[CriterionFailure]:
    """Criteria answered «ні» in at least ``at_least`` accepted reports on one office visited
    since ``since``. Three queries: the visits, the tallies, the checklist of the newest."""
    zone = timezone.get_current_timezone()
    visits = list(
        MysteryVisit.objects.filter(
            centre=centre,
            status=MysteryVisitStatus.ACCEPTED,
            visited_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone),
            response__isnull=False,
        )
        .select_related("office", "version")
        .order_by("visited_at", "pk")
    )
    if not visits:
        return []
    by_response = {v.response_id: v for v in visits if v.response_id is not None}
    failed: dict[tuple[int, str], list[int]] = defaultdict(list)
    for tally in answer_tallies(response_ids=list(by_response)):
        if tally.question_type == QuestionType.YES_NO and tally.choice == NO:
            visit = by_response[tally.response_id]
            failed[(visit.office_id, tally.question_code)].append(visit.pk)
    texts = {q.code: q.text for q in checklist_questions(version=visits[-1].version)}
    offices = {v.office_id: v.office.name for v in visits}
    return [
        CriterionFailure(
            office_id=office_id,
            office_name=offices[office_id],
            code=code,
            text=texts.get(code, code),
            visit_ids=sorted(set(visit_ids)),
        )
        for (office_id, code), visit_ids in sorted(failed.items())
        if len(set(visit_ids)) >= at_least
    ]


def mystery_filed_visit_ids(*, centre: Centre) -> list[int]:
    """The reports filed for review, oldest visit first (the decisions demo links them)."""
    return list(_filed(centre).order_by("visited_at", "pk").values_list("pk", flat=True))
