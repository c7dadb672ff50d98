"""The site footer's contacts on every page of a centre: address, hours, phones (two queries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from vidhuk.core.models import Centre
from vidhuk.core.selectors import DayHours, main_office, office_list_for_centre, office_week

register = template.Library()


@dataclass(frozen=True)
class HoursLine:
    days: str  # "Понеділок – П’ятниця" or one day
    hours: str  # "08:00–17:00" or "" for a day off


def _hours_text(day: DayHours) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in day.intervals)


def hours_lines(week: list[DayHours]) -> list[HoursLine]:
    """Consecutive days with the same hours on one line; days off are left out."""
    lines: list[HoursLine] = []
    run: list[DayHours] = []
    for day in [*week, None]:
        if run and (day is None or _hours_text(day) != _hours_text(run[0])):
            if not run[0].is_closed:
                days = run[0].label if len(run) == 1 else f"{run[0].label} – {run[-1].label}"
                lines.append(HoursLine(days=days, hours=_hours_text(run[0])))
            run = []
        if day is not None:
            run.append(day)
    return lines


@register.inclusion_tag("portal/includes/footer_contacts.html")
def centre_footer(centre: Centre | None) -> dict[str, Any]:
    if centre is None or not getattr(centre, "pk", None):
        return {"centre": None}
    offices = list(office_list_for_centre(centre=centre).prefetch_related(None))
    main = main_office(offices=offices)
    return {
        "centre": centre,
        "office": main,
        "hours": hours_lines(office_week(office=main)) if main else [],
    }
