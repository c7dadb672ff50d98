"""What the loop (evidence, notices, effect, rules) adds to the extension points; imported by
``extensions.py``. Its pages are mounted beside the staff's own; its actions and panels go into
other apps' object slots (``vidhuk.core.objectslots``), which never name decisions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.core.seeds import register_seed
from vidhuk.core.urlmounts import register_urls

from .notify import decision_notices_resume
from .rules import rules_run
from .selectors import evidence as reads
from .sources import APPEAL, MYSTERY_VISIT, RESIDENT_SOURCES, SURVEY_RESULT

EDIT = "decisions.edit"
# The results page's filters that a survey figure keeps.
FIGURE_FILTERS = ("date_from", "date_to", "office", "service")


def _can_edit(request: Any) -> bool:
    return has_capability(getattr(request, "membership", None), EDIT)


def _add_url(request: Any, **query: Any) -> str:
    slug = request.centre.slug
    return reverse("decisions_loop:evidence_add", args=[slug]) + "?" + urlencode(query)


def _case_action(request: Any, appeal: Any) -> dict[str, Any] | None:
    if not _can_edit(request):
        return None
    return {
        "add_url": _add_url(request, source=APPEAL, id=appeal.pk),
        "findings": reads.findings_of_object(
            centre=request.centre, sources=RESIDENT_SOURCES, object_id=str(appeal.pk)
        ),
    }


def _results_action(request: Any, questionnaire: Any) -> dict[str, Any] | None:
    if not _can_edit(request):
        return None
    kept = {name: request.GET[name] for name in FIGURE_FILTERS if request.GET.get(name)}
    query = {"source": SURVEY_RESULT, "questionnaire": questionnaire.pk, **kept}
    return {"add_url": _add_url(request, **query), "findings": []}


def _mystery_action(request: Any, visit: Any) -> dict[str, Any] | None:
    if (
        not _can_edit(request)
        or reads.mystery_visit_facts(centre=request.centre, pk=visit.pk) is None
    ):
        return None
    return {
        "add_url": _add_url(request, source=MYSTERY_VISIT, id=visit.pk),
        "findings": reads.findings_of_object(
            centre=request.centre, sources=(MYSTERY_VISIT,), object_id=str(visit.pk)
        ),
    }


def _tracker_panel(request: Any, appeal: Any) -> dict[str, Any] | None:
    """The resident's tracker: the public decisions answering what they wrote, and the public
    findings still waiting for one."""
    if not reads.appeal_is_evidence(centre=appeal.centre, appeal_id=appeal.pk):
        return None  # one query on every tracker page; the rest only where there is news
    decisions = reads.decisions_of_appeal(centre=appeal.centre, appeal_id=appeal.pk)
    findings = reads.open_findings_of_appeal(centre=appeal.centre, appeal_id=appeal.pk)
    if not decisions and not findings:
        return None
    return {"decisions": decisions, "findings": findings, "centre": appeal.centre}


for slot, key, template, context in (
    ("appeals.case.actions", "decisions", "decisions/loop/slot_action.html", _case_action),
    ("surveys.results.actions", "decisions", "decisions/loop/slot_action.html", _results_action),
    ("mystery.report.actions", "decisions", "decisions/loop/slot_action.html", _mystery_action),
    ("appeals.tracker.panels", "decisions", "decisions/loop/slot_tracker.html", _tracker_panel),
):
    register_slot_entry(SlotEntry(slot=slot, key=key, template=template, context=context))

register_urls(
    "decisions_loop", "vidhuk.decisions.urls_loop", prefix="decisions", is_staff=True, order=71
)


def _notices_daily(run: DailyRun) -> str:
    return str(decision_notices_resume())


# Rules propose findings once a day; the notices' own sweep runs every minute
# (`manage.py decisions_notify`) and once more in the daily run.
register_daily_job("decisions_rules", rules_run, order=80, per_centre=True)
register_daily_job("decisions_notices", _notices_daily, order=81)
# The demo's year of findings and decisions, after the appeals, surveys and mystery seeds it quotes.
register_seed("decisions", "vidhuk.decisions.seed.seed_demo", order=90)
