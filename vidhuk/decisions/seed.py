"""Demo findings and decisions (issue 12, point 8): a year of «you said — we did» for the demo
centre, drawn from its demo appeals, survey results and mystery-shopper reports, with a decision
in every state — a draft, adopted, in progress with a slipped milestone, done, verified with the
survey figure before and after, partly done, not done, cancelled, reopened — and open findings
in and past their term, and one closed with a reason.

Written through the services like real use (numbering, history, audit); the dates of the story
are then moved back into the past year on the rows this app owns. Loaded once: a centre that has
findings already is left alone. Registered in ``loop.py`` (``seed_demo``, after every app whose
data it quotes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership
from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedResult, SeedRun

from .choices import DecisionKind, DecisionState
from .effect import indicator_baseline
from .evidence import EvidenceDraft, evidence_draft, finding_summary_draft, survey_draft
from .models import Decision, DecisionEvent, Finding, ProgressUpdate
from .selectors import evidence as reads
from .services import (
    decision_create,
    decision_transition,
    evidence_add,
    finding_close_no_action,
    finding_create,
    indicator_add,
    milestone_done,
    milestone_save,
    progress_update_add,
)
from .sources import APPEAL, MYSTERY_VISIT

S = DecisionState


@dataclass(frozen=True)
class Story:
    """One finding and what came of it; days are counted back from today."""

    title: str
    summary_tail: str
    opened_days_ago: int
    decision: str = ""  # the decision's title; none: the finding waits or ends without action
    kind: str = DecisionKind.ORGANISATIONAL
    path: tuple[str, ...] = ()  # the states it went through after the draft
    reason: str = ""  # the public reason or note the last step needs
    no_action: str = ""
    milestones: tuple[tuple[str, int, int | None], ...] = ()  # title, planned, done (days ago)
    updates: tuple[str, ...] = ()
    sources: tuple[str, ...] = (APPEAL,)
    indicator: str = ""  # a question code of the visitor survey
    extra: dict[str, Any] = field(default_factory=dict)


STORIES = (
    Story(
        "Мало місць у залі очікування",
        "Просять більше місць для сидіння.",
        330,
        "Додати 12 місць у залі очікування",
        DecisionKind.HEAD_ORDER,
        (S.ADOPTED, S.IN_PROGRESS, S.DONE, S.VERIFIED),
        "Оцінка комфорту зросла за опитуванням відвідувачів.",
        milestones=(("Закупити лави", 290, 292), ("Встановити лави", 270, 268)),
        updates=("Лави закуплено й встановлено біля вікон 1–4.",),
        indicator="rate_comfort",
    ),
    Story(
        "Довгі черги в понеділок зранку",
        "Скаржаться на чергу до обіду в понеділок.",
        280,
        "Друге вікно прийому в понеділок до 13:00",
        path=(S.ADOPTED, S.IN_PROGRESS, S.DONE),
        milestones=(("Графік працівників", 250, 249),),
        updates=("З понеділка 3-го числа працюють два вікна.",),
    ),
    Story(
        "Немає пандуса в старостаті",
        "Люди з інвалідністю та батьки з візками не можуть зайти.",
        220,
        "Облаштувати пандус біля старостату",
        DecisionKind.EXECUTIVE_COMMITTEE,
        (S.ADOPTED, S.IN_PROGRESS),
        milestones=(("Проєкт і кошторис", 180, 175), ("Будівельні роботи", 20, None)),
        updates=("Кошторис погоджено, підрядника обрано.",),
        sources=(APPEAL, MYSTERY_VISIT),
    ),
    Story(
        "Термінал черги не друкує талони",
        "Талон доводиться брати в адміністратора.",
        120,
        "Замінити принтер термінала черги",
        path=(S.ADOPTED,),
    ),
    Story(
        "Субота — замало годин",
        "Просять працювати в суботу до 17:00.",
        200,
        "Подовжити суботній прийом",
        DecisionKind.REGULATION_CHANGE,
        (S.ADOPTED, S.IN_PROGRESS, S.PARTLY_DONE),
        "До 17:00 працює лише головний офіс: у віддалених місцях бракує працівників.",
    ),
    Story(
        "Незрозумілі інформаційні картки",
        "Не можуть зрозуміти, які документи потрібні.",
        240,
        "Переписати картки послуг простою мовою",
        path=(S.ADOPTED, S.IN_PROGRESS, S.NOT_DONE),
        reason="Роботу зупинено до оновлення переліку послуг міністерством.",
    ),
    Story(
        "Паркування біля входу",
        "Немає де залишити авто.",
        160,
        "Позначити паркомісця біля ЦНАП",
        path=(S.CANCELLED,),
        reason="Ділянка належить іншому власнику; громада готує нове рішення.",
    ),
    Story(
        "Спекотно в приміщенні влітку",
        "Влітку в залі дуже спекотно.",
        300,
        "Встановити кондиціонер",
        path=(S.ADOPTED, S.IN_PROGRESS, S.DONE, S.IN_PROGRESS),
        reason="Кондиціонер знову не працює: ремонт за гарантією.",
    ),
    Story(
        "Онлайн-запис: мало вільних годин",
        "Пишуть, що вільні години закінчуються за день.",
        25,
        "Відкрити запис на два тижні вперед",
        path=(),
    ),
    Story("Табличка з годинами роботи", "Просять вивіску з годинами.", 20),
    Story("Ввічливість на гарячій лінії", "Скарги на тон відповідей.", 75),
    Story(
        "Вхід через двір",
        "Просять відкрити вхід із двору.",
        140,
        no_action="Двір — евакуаційний вихід; за правилами пожежної безпеки вхід неможливий.",
    ),
)


def seed_demo(run: SeedRun) -> SeedResult:
    added = seed_decisions(centre=run.centre, offices=run.offices)
    return SeedResult(summary=f"висновків і рішень: {added}")


def seed_decisions(*, centre: Centre, offices: dict[str, Office]) -> int:
    """Add the demo's findings and decisions once; returns how many findings were added."""
    if Finding.objects.filter(centre=centre).exists():
        return 0
    head = (
        Membership.objects.filter(centre=centre, role=Role.HEAD, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    appeals = reads.appeal_facts_all(centre=centre)
    visits = reads.mystery_filed_visit_ids(centre=centre)
    for index, story in enumerate(STORIES):
        with transaction.atomic():
            _story(centre, head, story, index, appeals=appeals, visits=visits)
    return len(STORIES)


def _drafts(
    centre: Centre, story: Story, index: int, appeals: list[Any], visits: list[int]
) -> list[EvidenceDraft]:
    drafts: list[EvidenceDraft] = []
    if APPEAL in story.sources and appeals:
        for facts in (appeals[index % len(appeals)], appeals[(index * 3 + 1) % len(appeals)]):
            found = evidence_draft(centre=centre, source=APPEAL, object_id=str(facts.pk))
            drafts += [found] if found and found not in drafts else []
    if MYSTERY_VISIT in story.sources and visits:
        found = evidence_draft(centre=centre, source=MYSTERY_VISIT, object_id=str(visits[0]))
        drafts += [found] if found else []
    if story.indicator:
        for questionnaire_id, _title in reads.survey_questionnaires(centre=centre)[:1]:
            today = timezone.localdate()
            found = survey_draft(
                centre=centre,
                questionnaire_id=questionnaire_id,
                question_code=story.indicator,
                date_from=today - dt.timedelta(days=180),
                date_to=today,
            )
            drafts += [found] if found else []
    return drafts


def _story(
    centre: Centre,
    head: Membership | None,
    story: Story,
    index: int,
    *,
    appeals: list[Any],
    visits: list[int],
) -> None:
    actor = head.user if head else None
    today = timezone.localdate()
    drafts = _drafts(centre, story, index, appeals, visits)
    summary = "\n".join(
        part for part in (finding_summary_draft(evidence=drafts), story.summary_tail) if part
    )
    finding = finding_create(
        centre=centre,
        actor=actor,
        title=story.title,
        summary=summary,
        opened_on=today - dt.timedelta(days=story.opened_days_ago),
    )
    for draft in drafts:
        evidence_add(
            finding=finding,
            actor=actor,
            source=draft.source,
            label=draft.label,
            object_id=draft.object_id,
            channel=draft.channel,
            occurred_on=draft.occurred_on,
            figure=draft.figure,
        )
    if story.no_action:
        finding_close_no_action(finding=finding, actor=actor, reason=story.no_action)
    if story.decision:
        _decision(centre, head, story, finding)


def _decision(centre: Centre, head: Membership | None, story: Story, finding: Finding) -> None:
    actor = head.user if head else None
    today = timezone.localdate()
    opened = today - dt.timedelta(days=story.opened_days_ago)
    decision = decision_create(
        centre=centre,
        actor=actor,
        kind=story.kind,
        title=story.decision,
        findings=[finding],
        data={
            "order_number": f"{story.opened_days_ago}-р" if story.kind != "organisational" else "",
            "order_date": opened + dt.timedelta(days=10),
            "signed_by": "Керівник ЦНАП" if story.kind != "organisational" else "",
            "owner": head,
            "owner_unit": "Відділ «Центр надання адміністративних послуг»",
            "due_on": opened + dt.timedelta(days=90),
            "summary": f"{story.decision}.",
        },
    )
    for title, planned, done in story.milestones:
        milestone = milestone_save(
            decision=decision, actor=actor, title=title, planned_on=today - dt.timedelta(planned)
        )
        if done is not None:
            milestone_done(milestone=milestone, actor=actor, done_on=today - dt.timedelta(done))
    for text in story.updates:
        progress_update_add(decision=decision, actor=actor, text=text, is_public=True)
    if story.indicator:
        _indicator(decision, actor, story, opened)
    _walk(decision, actor, story)
    _backdate(decision, opened)


def _indicator(decision: Decision, actor: Any, story: Story, opened: dt.date) -> None:
    for questionnaire_id, _title in reads.survey_questionnaires(centre=decision.centre)[:1]:
        decision.adopted_on = opened + dt.timedelta(days=10)
        indicator_add(
            decision=decision,
            actor=actor,
            questionnaire_id=questionnaire_id,
            question_key=story.indicator,
            label="Комфорт у залі очікування",
            baseline=indicator_baseline(
                decision=decision, questionnaire_id=questionnaire_id, question_key=story.indicator
            ),
        )


def _walk(decision: Decision, actor: Any, story: Story) -> None:
    states = list(story.path)
    for position, state in enumerate(states):
        last = position == len(states) - 1
        reopen = state == S.IN_PROGRESS and S.DONE in states[:position]
        needs = state in (S.PARTLY_DONE, S.NOT_DONE, S.CANCELLED, S.VERIFIED) or reopen
        reason = (story.reason if last else "") if needs else ""
        decision_transition(decision=decision, to_state=state, actor=actor, reason=reason)


def _backdate(decision: Decision, opened: dt.date) -> None:
    """Spread the story's history over its months (the services stamp today)."""
    events = list(DecisionEvent.objects.filter(decision=decision).order_by("at", "id"))
    step = max((timezone.localdate() - opened).days // (len(events) + 1), 1)
    for position, event in enumerate(events, start=1):
        at = timezone.now() - dt.timedelta(days=(len(events) - position + 1) * step)
        DecisionEvent.objects.filter(pk=event.pk).update(at=at)
    adopted = opened + dt.timedelta(days=10)
    done = adopted + dt.timedelta(days=60)
    fields: dict[str, Any] = {}
    if decision.adopted_on:
        fields["adopted_on"] = adopted
    if decision.done_on:
        fields["done_on"] = done
    if decision.verified_on:
        fields["verified_on"] = done + dt.timedelta(days=120)
    Decision.objects.filter(pk=decision.pk).update(**fields)
    ProgressUpdate.objects.filter(decision=decision).update(
        created_at=timezone.now() - dt.timedelta(days=max(step, 1) * 2)
    )
    Finding.objects.filter(decisions=decision, decided_on__isnull=False).update(decided_on=adopted)
