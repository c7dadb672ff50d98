"""Reads of the communication plan, scoped to the centre (issue 13, point 8). A measure is
overdue when its deadline has passed and it is not done — derived, never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vidhuk.core.models import Centre

from ..models import MeasureStatus, PlanMeasure

OVERDUE = "overdue"


@dataclass
class PlanBlock:
    name: str
    measures: list[PlanMeasure] = field(default_factory=list)


def measure_list_for_staff(
    *, centre: Centre, today: dt.date, status: str = "", block: str = "", query: str = ""
) -> QuerySet[PlanMeasure]:
    """The centre's measures in plan order; ``status`` may be a stored status or "overdue"."""
    measures = PlanMeasure.objects.filter(centre=centre).select_related(
        "owner__user", "publication", "mailing", "event"
    )
    if status == OVERDUE:
        measures = measures.filter(due_on__lt=today).exclude(status=MeasureStatus.DONE)
    elif status:
        measures = measures.filter(status=status)
    if block:
        measures = measures.filter(block=block)
    if query:
        measures = measures.filter(description__icontains=query)
    return measures.order_by("position", "pk")


def measure_blocks(*, measures: QuerySet[PlanMeasure], today: dt.date) -> list[PlanBlock]:
    """Measures grouped under their theme block, in plan order; each carries ``is_overdue``."""
    blocks = []
    for name, group in groupby(measures, key=lambda measure: measure.block):
        items = list(group)
        for measure in items:
            measure.is_overdue = (  # type: ignore[attr-defined]
                measure.due_on is not None
                and measure.due_on < today
                and measure.status != MeasureStatus.DONE
            )
        blocks.append(PlanBlock(name=name, measures=items))
    return blocks


def measure_block_names(*, centre: Centre) -> list[str]:
    names = PlanMeasure.objects.filter(centre=centre).order_by("position", "pk")
    return list(dict.fromkeys(names.values_list("block", flat=True)))


def measure_get_for_staff(*, centre: Centre, pk: int) -> PlanMeasure:
    return get_object_or_404(PlanMeasure, centre=centre, pk=pk)


def measures_overdue_count(*, centre: Centre, today: dt.date) -> int:
    return (
        PlanMeasure.objects.filter(centre=centre, due_on__lt=today)
        .exclude(status=MeasureStatus.DONE)
        .count()
    )
