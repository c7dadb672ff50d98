"""Evidence sources: what a finding can rest on, and how each is quoted.

A source knows how to describe one of its objects as evidence — a label staff recognise, the
channel, the date, the office and service — reading its app only through that app's selectors
(``selectors/evidence.py``). Residents' own words never go into the evidence: only facts.

Sources: an appeal or feedback item of any channel (``appeal``; a suggestion-box entry is
``suggestion``), a hotline call (``hotline_call``), a survey figure (``survey_result``: a
question, a period, an office or service, with the figure at that time), a mystery-shopper
report (``mystery_visit``) and one of its failed criteria (``mystery_criterion``).

The «you said» summary of a finding is drafted from its evidence — counts by source and
channel, the period, survey figures — and then edited by staff (``finding_summary_draft``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidhuk.core.models import Centre

from .models import Evidence
from .selectors import evidence as reads
from .sources import (
    APPEAL,
    HOTLINE_CALL,
    MYSTERY_CRITERION,
    MYSTERY_VISIT,
    RESIDENT_SOURCES,
    SUGGESTION,
    SURVEY_RESULT,
)


@dataclass(frozen=True)
class EvidenceDraft:
    """What ``evidence_add`` is given for one object (ids, not model rows)."""

    source: str
    object_id: str
    label: str
    channel: str = ""
    occurred_on: dt.date | None = None
    office_id: int | None = None
    service_id: int | None = None
    figure: dict[str, Any] | None = None


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    label: Any  # lazy text: «Звернення», «Дзвінок на гарячу лінію»
    describe: Callable[[Centre, str], EvidenceDraft | None]  # None: not the centre's


_sources: dict[str, EvidenceSource] = {}


def register_source(source: EvidenceSource) -> None:
    _sources[source.key] = source


def source_get(key: str) -> EvidenceSource | None:
    return _sources.get(key)


def source_label(key: str) -> str:
    source = _sources.get(key)
    return str(source.label) if source else key


def evidence_draft(*, centre: Centre, source: str, object_id: str) -> EvidenceDraft | None:
    """The evidence one object of a source would give, or None (unknown source, another
    centre's object, nothing by that id)."""
    found = _sources.get(source)
    if found is None:
        return None
    try:
        return found.describe(centre, str(object_id))
    except ValueError:  # an id that is not one (typed into the address)
        return None


# --- the sources ---------------------------------------------------------------------------------


def _appeal(centre: Centre, object_id: str) -> EvidenceDraft | None:
    facts = reads.appeal_facts(centre=centre, pk=int(object_id))
    if facts is None:
        return None
    return EvidenceDraft(
        source=SUGGESTION if facts.is_box_entry else APPEAL,
        object_id=str(facts.pk),
        label=f"{facts.kind_label} № {facts.registration_index}",
        channel=facts.channel,
        occurred_on=facts.received_on,
        office_id=facts.office_id,
        service_id=facts.service_id,
    )


def _hotline_call(centre: Centre, object_id: str) -> EvidenceDraft | None:
    facts = reads.hotline_call_facts(centre=centre, pk=int(object_id))
    if facts is None:
        return None
    label = _("Дзвінок на гарячу лінію %(date)s") % {"date": f"{facts.started_on:%d.%m.%Y}"}
    if facts.topic_label:
        label = f"{label}: {facts.topic_label}"
    return EvidenceDraft(
        source=HOTLINE_CALL,
        object_id=str(facts.pk),
        label=label,
        channel="hotline",
        occurred_on=facts.started_on,
        office_id=facts.office_id,
        service_id=facts.service_id,
    )


def _mystery_visit(centre: Centre, object_id: str) -> EvidenceDraft | None:
    facts = reads.mystery_visit_facts(centre=centre, pk=int(object_id))
    if facts is None:
        return None
    return EvidenceDraft(
        source=MYSTERY_VISIT,
        object_id=str(facts.pk),
        label=_("Звіт таємного відвідувача: %(office)s, %(date)s")
        % {"office": facts.office_name, "date": f"{facts.visited_on:%d.%m.%Y}"},
        channel="mystery_shopper",
        occurred_on=facts.visited_on,
        office_id=facts.office_id,
        service_id=facts.service_id,
    )


register_source(EvidenceSource(APPEAL, gettext_lazy("Звернення або відгук"), _appeal))
register_source(EvidenceSource(SUGGESTION, gettext_lazy("Скринька для пропозицій"), _appeal))
register_source(
    EvidenceSource(HOTLINE_CALL, gettext_lazy("Дзвінок на гарячу лінію"), _hotline_call)
)
register_source(
    EvidenceSource(MYSTERY_VISIT, gettext_lazy("Звіт таємного відвідувача"), _mystery_visit)
)
register_source(
    EvidenceSource(
        MYSTERY_CRITERION,
        gettext_lazy("Критерій таємного відвідувача"),
        # "<report id>:<question code>"
        lambda centre, object_id: mystery_criterion_draft(
            centre=centre,
            visit_id=int(object_id.partition(":")[0]),
            question_code=object_id.partition(":")[2],
        ),
    )
)
register_source(
    EvidenceSource(
        SURVEY_RESULT,
        gettext_lazy("Результат опитування"),
        lambda centre, object_id: None,  # drafted from its question and period: survey_draft
    )
)


def mystery_criterion_draft(
    *, centre: Centre, visit_id: int, question_code: str
) -> EvidenceDraft | None:
    """A criterion the shopper found unmet, in one report: «Критерій «Є пандус» — не
    виконано (звіт 12.03.2026, Головний офіс)»."""
    facts = reads.mystery_criterion_facts(centre=centre, visit_id=visit_id, code=question_code)
    if facts is None:
        return None
    return EvidenceDraft(
        source=MYSTERY_CRITERION,
        object_id=f"{facts.visit_id}:{facts.code}",
        label=_("Критерій «%(criterion)s» — %(answer)s (%(office)s, %(date)s)")
        % {
            "criterion": facts.text,
            "answer": facts.answer,
            "office": facts.office_name,
            "date": f"{facts.visited_on:%d.%m.%Y}",
        },
        channel="mystery_shopper",
        occurred_on=facts.visited_on,
        office_id=facts.office_id,
        service_id=facts.service_id,
    )


def survey_draft(
    *,
    centre: Centre,
    questionnaire_id: int,
    question_code: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    office_id: int | None = None,
    service_id: int | None = None,
) -> EvidenceDraft | None:
    """A survey figure as it stands now, kept with the evidence: «Місця очікування: 2,9 з 5,
    n = 214 (01.10.2026 – 31.10.2026)». Fewer than 5 answers: the figure is withheld."""
    figure = reads.survey_figure(
        centre=centre,
        questionnaire_id=questionnaire_id,
        code=question_code,
        date_from=date_from,
        date_to=date_to,
        office_id=office_id,
        service_id=service_id,
    )
    if figure is None:
        return None
    return EvidenceDraft(
        source=SURVEY_RESULT,
        object_id="",
        label=f"{figure['label']}: {figure_text(figure)}"[:255],
        channel="survey",
        occurred_on=date_to,
        office_id=office_id,
        service_id=service_id,
        figure=figure,
    )


def figure_text(figure: dict[str, Any]) -> str:
    """«2,9 з 5, n = 214 (01.10.2026 – 31.10.2026)», or that fewer than 5 answered."""
    period = " – ".join(
        dt.date.fromisoformat(day).strftime("%d.%m.%Y")
        for day in (figure.get("period_from"), figure.get("period_to"))
        if day
    )
    if figure.get("value") is None:
        shown = _("відповіли менше 5 осіб, показник не наводиться")
    elif figure.get("scale_max") == 100:  # noqa: PLR2004 (a share in per cent)
        shown = _("%(value)s%%, n = %(n)s") % {
            "value": number_format(figure["value"], 1),
            "n": figure["n"],
        }
    else:
        shown = _("%(value)s з %(max)s, n = %(n)s") % {
            "value": number_format(figure["value"], 1),
            "max": figure["scale_max"],
            "n": figure["n"],
        }
    return f"{shown} ({period})" if period else shown


# --- the «you said» draft ------------------------------------------------------------------------


def finding_summary_draft(*, evidence: Iterable[Evidence | EvidenceDraft]) -> str:
    """Counts by source and channel, the period, and every survey figure, in plain Ukrainian
    for staff to edit: never a resident's words or name."""
    items = list(evidence)
    if not items:
        return ""
    lines = []
    counted = Counter(e.source for e in items if e.source != SURVEY_RESULT)
    days = sorted(e.occurred_on for e in items if e.occurred_on and e.source != SURVEY_RESULT)
    if counted:
        parts = [f"{source_label(source).lower()} — {n}" for source, n in counted.most_common()]
        line = _("Мешканці говорили про це %(total)s раз(и): %(parts)s.") % {
            "total": sum(counted.values()),
            "parts": ", ".join(parts),
        }
        if days:
            line += " " + _("Період: %(start)s – %(end)s.") % {
                "start": f"{days[0]:%d.%m.%Y}",
                "end": f"{days[-1]:%d.%m.%Y}",
            }
        channels = Counter(
            reads.channel_label(e.channel) for e in items if e.source in RESIDENT_SOURCES
        )
        if len(channels) > 1:
            line += " " + _("Канали: %(channels)s.") % {
                "channels": ", ".join(f"{name} — {n}" for name, n in channels.most_common())
            }
        lines.append(line)
    for item in items:
        if item.source == SURVEY_RESULT and item.figure:
            lines.append(
                _("Опитування: «%(question)s» — %(figure)s.")
                % {"question": item.figure.get("label", ""), "figure": figure_text(item.figure)}
            )
    return "\n".join(lines)


# --- on the finding page -------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceAction:
    label: str
    url: str


def evidence_actions_for(*, request: Any, finding: Any) -> list[EvidenceAction]:
    """Links the finding page shows to whoever may edit it: the «you said» draft from the
    evidence, and a survey figure from each visitor questionnaire."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from vidhuk.accounts.permissions import has_capability

    if not has_capability(request.membership, "decisions.edit"):
        return []
    slug = finding.centre.slug
    actions = [
        EvidenceAction(
            label=_("Скласти «ви сказали» з підстав"),
            url=reverse("decisions_loop:summary", args=[slug, finding.pk]),
        )
    ]
    for pk, title in reads.survey_questionnaires(centre=finding.centre):
        query = urlencode({"source": SURVEY_RESULT, "questionnaire": pk, "finding": finding.pk})
        actions.append(
            EvidenceAction(
                label=_("Додати показник опитування «%(title)s»") % {"title": title},
                url=reverse("decisions_loop:evidence_add", args=[slug]) + "?" + query,
            )
        )
    return actions
