"""The board as data: CSV (through the one writer, core/tabular.py) and JSON. The same records
and fields the board page shows — published decisions, public findings' summaries, the owner
unit — never a resident's words, name or contact, nor the responsible staff member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .models import Decision

CHUNK = 500


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def decision_record(
    decision: Decision, *, centre: Centre, base_url: str, today: dt.date
) -> dict[str, Any]:
    """One decision as the board publishes it (prefetched as ``decision_list_public`` does)."""
    return {
        "number": decision.number,
        "url": base_url + reverse("decisions:decision", args=[centre.slug, decision.number]),
        "title": decision.title,
        "title_en": decision.title_en,
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "order_number": decision.order_number,
        "order_date": _date(decision.order_date),
        "signed_by": decision.signed_by,
        "owner_unit": decision.owner_unit,
        "due_on": _date(decision.due_on),
        "state": decision.state,
        "state_label": decision.get_state_display(),
        "is_overdue": decision.is_overdue_on(today),
        "state_reason": decision.state_reason,
        "progress_percent": decision.progress_percent,
        "adopted_on": _date(decision.adopted_on),
        "done_on": _date(decision.done_on),
        "verified_on": _date(decision.verified_on),
        "summary": decision.summary,
        "summary_en": decision.summary_en,
        "offices": [office.name for office in decision.offices.all()],
        "services": [service.name for service in decision.services.all()],
        "milestones": [
            {
                "title": milestone.title,
                "title_en": milestone.title_en,
                "planned_on": _date(milestone.planned_on),
                "done_on": _date(milestone.done_on),
                "weight": milestone.weight,
                "is_slipped": milestone.is_slipped_on(today),
            }
            for milestone in decision.milestones.all()
        ],
        "findings": [
            {
                "number": finding.number,
                "title": finding.title,
                "title_en": finding.title_en,
                "summary": finding.summary,
                "summary_en": finding.summary_en,
                "topic": finding.topic,
                "opened_on": _date(finding.opened_on),
            }
            for finding in getattr(decision, "public_findings", [])
        ],
    }


def board_records(
    decisions: Iterable[Decision], *, centre: Centre, base_url: str, today: dt.date
) -> Iterator[dict[str, Any]]:
    for decision in decisions:
        yield decision_record(decision, centre=centre, base_url=base_url, today=today)


def csv_header() -> list[str]:
    return [
        _("Номер рішення"),
        _("Назва"),
        _("Вид рішення"),
        _("Номер документа"),
        _("Дата документа"),
        _("Відповідальний підрозділ"),
        _("Виконати до"),
        _("Стан"),
        _("Прострочено"),
        _("Виконано, %"),
        _("Етапів"),
        _("Етапів із запізненням"),
        _("Офіси"),
        _("Послуги"),
        _("Ви сказали (висновки)"),
        _("Ми зробили"),
        _("Причина або примітка"),
        _("Посилання"),
    ]


def csv_row(record: dict[str, Any]) -> list[Any]:
    milestones = record["milestones"]
    return [
        record["number"],
        record["title"],
        record["kind_label"],
        record["order_number"],
        record["order_date"],
        record["owner_unit"],
        record["due_on"],
        record["state_label"],
        _("так") if record["is_overdue"] else _("ні"),
        record["progress_percent"],
        len(milestones),
        sum(1 for m in milestones if m["is_slipped"]),
        "; ".join(record["offices"]),
        "; ".join(record["services"]),
        " | ".join(f"№ {f['number']}. {f['summary']}" for f in record["findings"]),
        record["summary"],
        record["state_reason"],
        record["url"],
    ]
