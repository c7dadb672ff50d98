"""Rules that propose findings (issue 12, point 2), run once a day per centre
(``vidhuk.core.dailyjobs``, registered in ``loop.py``):

- **complaints** — at least ``rule_complaints_per_month`` complaints and quality remarks about
  one office, one service or one topic in a calendar month (the last one and this one so far);
- **indicator** — a 1–5 rating of a visitor survey, for one office, under
  ``rule_indicator_threshold`` two months running (each month from at least 5 answers);
- **mystery** — a mystery-shopper criterion answered «ні» in ``rule_mystery_fails`` accepted
  reports on one office within three months.

A proposal is an ordinary open finding (``proposed_by_rule`` says which rule and what it saw),
with its evidence attached and the «you said» summary drafted — staff then edit it, decide or
close it with a reason. Idempotent: each proposal has a code (the rule, what it is about, the
month) and a submission key derived from it, so a second run — or two at once — proposes
nothing new; an indicator or criterion still failing while its earlier proposal is open is not
proposed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_queryset
from vidhuk.core.dailyjobs import DailyRun
from vidhuk.core.models import Centre, Office

from .choices import FindingState
from .effect import _month_end, _month_start
from .evidence import (
    EvidenceDraft,
    evidence_draft,
    finding_summary_draft,
    mystery_criterion_draft,
    survey_draft,
)
from .models import DecisionsSettings, Finding
from .selectors import evidence as reads
from .services.findings import evidence_add, finding_create

RULE_NAMESPACE = uuid.UUID("6f1c9b8e-2d4a-4b7e-9c1d-0a5e3f7b2c64")
MYSTERY_WINDOW_DAYS = 92


@dataclass(frozen=True)
class Proposal:
    code: str  # at most 40 characters: Finding.proposed_by_rule
    family: str  # the same thing in any month: no second proposal while one is open
    title: str
    topic: str
    drafts: Sequence[EvidenceDraft]
    office_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()


def _digest(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:12]


def rules_run(run: DailyRun) -> str:
    """The daily job: every rule for one centre; says how many findings it proposed."""
    centre = run.centre
    assert centre is not None  # noqa: S101 (registered per centre)
    settings = DecisionsSettings.objects.filter(centre=centre).first() or DecisionsSettings(
        centre=centre
    )
    if not settings.rules_enabled:
        return "rules off"
    proposals = [
        *complaint_proposals(centre=centre, settings=settings, today=run.today),
        *indicator_proposals(centre=centre, settings=settings, today=run.today),
        *mystery_proposals(centre=centre, settings=settings, today=run.today),
    ]
    made = sum(proposal_make(centre=centre, proposal=p, today=run.today) for p in proposals)
    return f"findings proposed: {made}"


def proposal_make(*, centre: Centre, proposal: Proposal, today: dt.date) -> bool:
    """Open the proposed finding with its evidence; False when it exists already."""
    if _already(centre, proposal):
        return False
    with transaction.atomic():
        key = uuid.uuid5(RULE_NAMESPACE, f"{centre.pk}:{proposal.code}")
        finding = finding_create(
            centre=centre,
            actor=None,
            title=proposal.title[:255],
            summary=finding_summary_draft(evidence=proposal.drafts),
            topic=proposal.topic[:120],
            offices=Office.objects.filter(centre=centre, pk__in=proposal.office_ids),
            services=service_queryset(centre=centre).filter(pk__in=proposal.service_ids),
            opened_on=today,
            proposed_by_rule=proposal.code,
            submission_key=key,
        )
        if finding.evidence.exists():  # the same proposal, made by a run at this very moment
            return False
        for draft in proposal.drafts:
            evidence_add(
                finding=finding,
                actor=None,
                source=draft.source,
                label=draft.label,
                object_id=draft.object_id,
                channel=draft.channel,
                occurred_on=draft.occurred_on,
                office=_office(centre, draft.office_id),
                service=_service(centre, draft.service_id),
                figure=draft.figure,
            )
    return True


def _office(centre: Centre, pk: int | None) -> Office | None:
    return None if pk is None else Office.objects.filter(centre=centre, pk=pk).first()


def _service(centre: Centre, pk: int | None) -> Service | None:
    return None if pk is None else service_queryset(centre=centre).filter(pk=pk).first()


def _already(centre: Centre, proposal: Proposal) -> bool:
    found = Finding.objects.filter(centre=centre)
    return (
        found.filter(proposed_by_rule=proposal.code).exists()
        or found.filter(
            proposed_by_rule__startswith=proposal.family, state=FindingState.OPEN
        ).exists()
    )


# --- complaints ----------------------------------------------------------------------------------


def _months(today: dt.date) -> list[dt.date]:
    return [_month_start(today, 1), _month_start(today)]


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def complaint_proposals(
    *, centre: Centre, settings: DecisionsSettings, today: dt.date
) -> list[Proposal]:
    proposals = []
    for month in _months(today):
        end = min(_month_end(month), today) + dt.timedelta(days=1)
        for group in reads.complaint_groups(
            centre=centre,
            start=_aware(month),
            end=_aware(end),
            at_least=settings.rule_complaints_per_month,
        ):
            drafts = [
                d
                for pk in group.pks
                if (d := evidence_draft(centre=centre, source="appeal", object_id=str(pk)))
            ]
            code = f"complaints:{group.by}:{group.key}:{month:%Y-%m}"[:40]
            proposals.append(
                Proposal(
                    code=code,
                    family=code,
                    title=_("Скарги за %(month)s (%(count)s): %(about)s")
                    % {"count": group.count, "month": f"{month:%m.%Y}", "about": group.label},
                    topic=group.label if group.by == "topic" else "",
                    drafts=drafts,
                    office_ids=(int(group.key),) if group.by == "office" else (),
                    service_ids=(int(group.key),) if group.by == "service" else (),
                )
            )
    return proposals


# --- survey indicators ---------------------------------------------------------------------------


def indicator_proposals(
    *, centre: Centre, settings: DecisionsSettings, today: dt.date
) -> list[Proposal]:
    """Two whole months running under the threshold: the last two before this one."""
    threshold = settings.rule_indicator_threshold
    if threshold is None:
        return []
    first, second = _month_start(today, 2), _month_start(today, 1)
    rows = reads.office_rating_months(centre=centre, date_from=first, date_to=_month_end(second))
    by_key: dict[tuple[int, str, int], dict[dt.date, float | None]] = {}
    labels: dict[tuple[int, str, int], str] = {}
    for row in rows:
        key = (row.questionnaire_id, row.code, row.office_id)
        by_key.setdefault(key, {})[row.month] = row.mean
        labels[key] = row.label
    proposals = []
    for key, means in sorted(by_key.items()):
        values = [means.get(first), means.get(second)]
        if any(v is None or v >= threshold for v in values):
            continue
        questionnaire_id, code, office_id = key
        drafts = [
            d
            for month in (first, second)
            if (
                d := survey_draft(
                    centre=centre,
                    questionnaire_id=questionnaire_id,
                    question_code=code,
                    date_from=month,
                    date_to=_month_end(month),
                    office_id=office_id,
                )
            )
        ]
        family = f"indicator:{_digest(questionnaire_id, code, office_id)}:"
        proposals.append(
            Proposal(
                code=f"{family}{second:%Y-%m}",
                family=family,
                title=_("Оцінка «%(question)s» нижче %(threshold)s два місяці поспіль")
                % {"question": labels[key], "threshold": number_format(threshold, 1)},
                topic="",
                drafts=drafts,
                office_ids=(office_id,),
            )
        )
    return proposals


# --- mystery-shopper criteria --------------------------------------------------------------------


def mystery_proposals(
    *, centre: Centre, settings: DecisionsSettings, today: dt.date
) -> list[Proposal]:
    since = today - dt.timedelta(days=MYSTERY_WINDOW_DAYS)
    proposals = []
    for failure in reads.mystery_failures(
        centre=centre, since=since, at_least=settings.rule_mystery_fails
    ):
        drafts = [
            d
            for visit_id in failure.visit_ids
            if (
                d := mystery_criterion_draft(
                    centre=centre, visit_id=visit_id, question_code=failure.code
                )
            )
        ]
        family = f"mystery:{_digest(failure.office_id, failure.code)}:"
        proposals.append(
            Proposal(
                code=f"{family}{max(failure.visit_ids)}"[:40],
                family=family,
                title=_("Критерій «%(criterion)s» не виконано (звітів: %(count)s): %(office)s")
                % {
                    "criterion": failure.text,
                    "count": len(failure.visit_ids),
                    "office": failure.office_name,
                },
                topic="",
                drafts=drafts,
                office_ids=(failure.office_id,),
            )
        )
    return proposals
