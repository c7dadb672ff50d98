"""What the back office reads of findings and decisions, always scoped to the member's centre.
Lists put the overdue first, so what is late is what staff see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from vidhuk.accounts.models import Membership
from vidhuk.core.models import Centre

from ..choices import OPEN_DECISION_STATES, FindingState
from ..models import (
    Decision,
    DecisionEvent,
    DecisionsSettings,
    Evidence,
    Finding,
    Milestone,
    ProgressPhoto,
    ProgressUpdate,
)


@dataclass(frozen=True)
class StaffFilters:
    state: str = ""
    office_id: int | None = None
    service_id: int | None = None
    topic: str = ""
    overdue: bool = False


def _finding_overdue(today: dt.date) -> Q:
    return Q(state=FindingState.OPEN, due_on__lt=today)


def _decision_overdue(today: dt.date) -> Q:
    return Q(state__in=OPEN_DECISION_STATES, due_on__lt=today)


def finding_list_for_staff(
    *, centre: Centre, filters: StaffFilters, today: dt.date
) -> QuerySet[Finding]:
    """The centre's findings, the overdue first (oldest term first), then those awaiting a
    decision by their term, then the rest, newest first."""
    findings = Finding.objects.filter(centre=centre)
    if filters.state:
        findings = findings.filter(state=filters.state)
    if filters.office_id:
        findings = findings.filter(offices__id=filters.office_id)
    if filters.service_id:
        findings = findings.filter(services__id=filters.service_id)
    if filters.topic:
        findings = findings.filter(topic__iexact=filters.topic)
    if filters.overdue:
        findings = findings.filter(_finding_overdue(today))
    return (
        findings.annotate(
            overdue=Case(
                When(_finding_overdue(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_open=Case(
                When(state=FindingState.OPEN, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-overdue", "-is_open", "due_on", "-number")
        .distinct()
        .prefetch_related("offices", "decisions")
    )


def finding_get_for_staff(*, centre: Centre, pk: int) -> Finding:
    finding = (
        Finding.objects.filter(centre=centre, pk=pk)
        .select_related("created_by")
        .prefetch_related(
            "offices",
            "services",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("office", "service", "added_by"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("-number")),
        )
        .first()
    )
    if finding is None:
        raise Http404
    return finding


def evidence_get_for_staff(*, finding: Finding, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(finding=finding, pk=pk).select_related("finding").first()
    if evidence is None:
        raise Http404
    return evidence


def decision_list_for_staff(
    *, centre: Centre, filters: StaffFilters, today: dt.date
) -> QuerySet[Decision]:
    """The centre's decisions, the overdue first, then those being carried out by due date."""
    decisions = Decision.objects.filter(centre=centre)
    if filters.state:
        decisions = decisions.filter(state=filters.state)
    if filters.office_id:
        decisions = decisions.filter(offices__id=filters.office_id)
    if filters.service_id:
        decisions = decisions.filter(services__id=filters.service_id)
    if filters.topic:
        decisions = decisions.filter(findings__topic__iexact=filters.topic)
    if filters.overdue:
        decisions = decisions.filter(_decision_overdue(today))
    return (
        decisions.annotate(
            overdue=Case(
                When(_decision_overdue(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_running=Case(
                When(state__in=OPEN_DECISION_STATES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-overdue", "-is_running", "due_on", "-number")
        .distinct()
        .select_related("owner__user")
        .prefetch_related("milestones")
    )


def decision_get_for_staff(*, centre: Centre, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(centre=centre, pk=pk)
        .select_related("owner__user")
        .prefetch_related(
            "offices",
            "services",
            "indicators",
            Prefetch("findings", queryset=Finding.objects.order_by("number")),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("created_by").prefetch_related(
                    "photos"
                ),
            ),
            Prefetch("events", queryset=DecisionEvent.objects.select_related("actor")),
        )
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def milestone_get_for_staff(*, decision: Decision, pk: int) -> Milestone:
    milestone = Milestone.objects.filter(decision=decision, pk=pk).first()
    if milestone is None:
        raise Http404
    return milestone


def photo_get_for_staff(*, decision: Decision, pk: int) -> ProgressPhoto:
    photo = ProgressPhoto.objects.filter(update__decision=decision, pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def decision_choices_for_finding(*, finding: Finding) -> QuerySet[Decision]:
    """Decisions a finding may be linked to: the centre's, not yet linked, not cancelled."""
    return (
        Decision.objects.filter(centre_id=finding.centre_id)
        .exclude(findings=finding)
        .exclude(state="cancelled")
        .order_by("-number")
    )


def owner_choices(*, centre: Centre) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(centre=centre, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def decisions_settings_for(*, centre: Centre) -> DecisionsSettings:
    """The centre's settings, or the defaults (unsaved) when it never set any."""
    return DecisionsSettings.objects.filter(centre=centre).first() or DecisionsSettings(
        centre=centre
    )


def finding_count_overdue(*, centre: Centre, today: dt.date) -> int:
    return Finding.objects.filter(_finding_overdue(today), centre=centre).count()


def decision_count_overdue(*, centre: Centre, today: dt.date) -> int:
    return Decision.objects.filter(_decision_overdue(today), centre=centre).count()


def overdue_for_digest(*, centre: Centre, today: dt.date) -> tuple[list[Finding], list[Decision]]:
    findings = list(
        Finding.objects.filter(_finding_overdue(today), centre=centre).order_by("due_on")
    )
    decisions = list(
        Decision.objects.filter(_decision_overdue(today), centre=centre)
        .select_related("owner__user")
        .order_by("due_on")
    )
    return findings, decisions
