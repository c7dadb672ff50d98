"""Reads behind the public board «Ви сказали — ми зробили» and its feed, calendar and exports.

Only what the centre published: decisions out of draft, findings marked ``is_public`` (their
staff-written summary, never a resident's words), public progress updates and public events.
A decision's responsible person is never read here: the board names the owner *unit*. Every
list runs a fixed number of queries whatever its length (the board's query count is tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_prefetch_queryset, service_queryset
from vidhuk.core.models import Centre, Office

from ..choices import OPEN_DECISION_STATES, DecisionState, FindingState
from ..models import Decision, DecisionEvent, Finding, Milestone, ProgressPhoto, ProgressUpdate

# The board's state filter: every public state, and overdue (derived, never stored).
OVERDUE = "overdue"
PUBLIC_STATES = [state for state in DecisionState if state != DecisionState.DRAFT]


@dataclass(frozen=True)
class BoardFilters:
    office_id: int | None = None
    service_id: int | None = None
    topic: str = ""
    state: str = ""  # a DecisionState value or OVERDUE

    @property
    def is_empty(self) -> bool:
        return not (self.office_id or self.service_id or self.topic or self.state)


NO_FILTERS = BoardFilters()


def _public_findings() -> QuerySet[Finding]:
    return Finding.objects.filter(is_public=True).order_by("number")


def decision_list_public(
    *, centre: Centre, filters: BoardFilters = NO_FILTERS, today: dt.date
) -> QuerySet[Decision]:
    """The centre's published decisions, newest first, each with what the board draws:
    offices, services, milestones and the public findings it answers."""
    decisions = Decision.objects.filter(centre=centre).exclude(state=DecisionState.DRAFT)
    if filters.office_id:
        decisions = decisions.filter(offices__id=filters.office_id)
    if filters.service_id:
        decisions = decisions.filter(services__id=filters.service_id)
    if filters.topic:
        # Exists, not a join: a decision answering two findings of the topic stays one row.
        decisions = decisions.filter(
            Exists(
                Finding.objects.filter(
                    decisions=OuterRef("pk"), topic=filters.topic, is_public=True
                )
            )
        )
    if filters.state == OVERDUE:
        decisions = decisions.filter(state__in=OPEN_DECISION_STATES, due_on__lt=today)
    elif filters.state:
        decisions = decisions.filter(state=filters.state)
    return decisions.order_by("-adopted_on", "-number").prefetch_related(
        Prefetch("offices", queryset=Office.objects.order_by("position", "name")),
        Prefetch("services", queryset=service_prefetch_queryset()),
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "planned_on", "id")),
        Prefetch("findings", queryset=_public_findings(), to_attr="public_findings"),
    )


def decision_get_public(*, centre: Centre, number: int) -> Decision:
    """One published decision with its milestones, public updates (and their photos), public
    history and public findings; a draft or another centre's decision is a 404."""
    try:
        return (
            Decision.objects.filter(centre=centre)
            .exclude(state=DecisionState.DRAFT)
            .prefetch_related(
                Prefetch("offices", queryset=Office.objects.order_by("position", "name")),
                Prefetch("services", queryset=service_prefetch_queryset()),
                Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")),
                Prefetch("findings", queryset=_public_findings(), to_attr="public_findings"),
                Prefetch(
                    "updates",
                    queryset=ProgressUpdate.objects.filter(is_public=True)
                    .order_by("-created_at", "-id")
                    .prefetch_related(
                        Prefetch("photos", queryset=ProgressPhoto.objects.order_by("id"))
                    ),
                    to_attr="public_updates",
                ),
                Prefetch(
                    "events",
                    queryset=DecisionEvent.objects.filter(is_public=True).order_by("at", "id"),
                    to_attr="public_events",
                ),
            )
            .get(number=number)
        )
    except Decision.DoesNotExist:
        raise Http404("No such published decision") from None


def decision_photo_get_public(*, centre: Centre, number: int, pk: int) -> ProgressPhoto:
    """A photo of a *public* progress update of a published decision, else a 404."""
    try:
        return ProgressPhoto.objects.exclude(update__decision__state=DecisionState.DRAFT).get(
            pk=pk,
            update__is_public=True,
            update__decision__centre=centre,
            update__decision__number=number,
        )
    except ProgressPhoto.DoesNotExist:
        raise Http404("No such public photo") from None


def finding_list_awaiting_public(
    *, centre: Centre, filters: BoardFilters = NO_FILTERS
) -> QuerySet[Finding]:
    """Public findings no published decision answers yet: awaiting a decision (overdue ones
    first) or closed with a public reason for no action."""
    answered = Decision.objects.exclude(state=DecisionState.DRAFT).filter(findings=OuterRef("pk"))
    findings = (
        Finding.objects.filter(centre=centre, is_public=True)
        .exclude(state=FindingState.DECIDED)
        .exclude(Exists(answered))
    )
    if filters.office_id:
        findings = findings.filter(offices__id=filters.office_id)
    if filters.service_id:
        findings = findings.filter(services__id=filters.service_id)
    if filters.topic:
        findings = findings.filter(topic=filters.topic)
    # One office or service per filter: the join through it cannot repeat a finding.
    return findings.order_by("-state", "due_on", "number")


def board_topics(*, centre: Centre) -> list[str]:
    """The topics of the centre's public findings, for the board's filter."""
    return list(
        Finding.objects.filter(centre=centre, is_public=True)
        .exclude(topic="")
        .values_list("topic", flat=True)
        .distinct()
        .order_by("topic")
    )


def board_offices(*, centre: Centre) -> QuerySet[Office]:
    return Office.objects.filter(centre=centre, is_active=True).order_by("position", "name")


def board_services(*, centre: Centre) -> QuerySet[Service]:
    """Services some published decision or public finding names (not the whole catalogue)."""
    in_decisions = Decision.objects.filter(centre=centre).exclude(state=DecisionState.DRAFT)
    in_findings = Finding.objects.filter(centre=centre, is_public=True)
    return (
        service_queryset(centre=centre)
        .filter(
            Q(pk__in=in_decisions.values("services")) | Q(pk__in=in_findings.values("services"))
        )
        .order_by("name")
        .distinct()
    )


def board_counts(*, centre: Centre, today: dt.date) -> dict[str, int]:
    """Headline figures: decisions published, done (or verified), overdue; findings awaiting."""
    decisions = Decision.objects.filter(centre=centre).exclude(state=DecisionState.DRAFT)
    figures = decisions.aggregate(
        published=Count("pk"),
        done=Count("pk", filter=Q(state__in=[DecisionState.DONE, DecisionState.VERIFIED])),
        overdue=Count("pk", filter=Q(state__in=OPEN_DECISION_STATES, due_on__lt=today)),
    )
    figures["findings_overdue"] = Finding.objects.filter(
        centre=centre, is_public=True, state=FindingState.OPEN, due_on__lt=today
    ).count()
    return figures


def decision_list_latest_done(*, centre: Centre, limit: int = 3) -> QuerySet[Decision]:
    """The latest «ми зробили»: decisions done or verified, most recent first (portal home,
    which sends it with its other reads)."""
    return Decision.objects.filter(
        centre=centre, state__in=[DecisionState.DONE, DecisionState.VERIFIED]
    ).order_by("-done_on", "-number")[:limit]
