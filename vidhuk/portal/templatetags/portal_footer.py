"""The site footer's contacts on every residents' page of a centre (address, hours, phones) and
the public navigation, both kept as rendered under the centre's page version.

The main office's week is cached per centre (no query on most pages); ``vidhuk.portal.signals``
drops it when hours, an office or the centre change, and it expires on its own after
``FOOTER_CACHE_SECONDS`` in any case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from vidhuk.core.choices import OfficeKind, Weekday
from vidhuk.core.models import Centre, Office
from vidhuk.core.pagecache import public_fragment
from vidhuk.core.portal import NavItem, footer_links, nav_items
from vidhuk.core.selectors import DayHours

register = template.Library()

FOOTER_CACHE_SECONDS = 600

Week = list[tuple[int, list[tuple[dt.time, dt.time]]]]


def footer_cache_key(centre_id: int) -> str:
    return f"portal:footer-week:{centre_id}"


@dataclass(frozen=True)
class HoursLine:
    days: str  # "Понеділок – П’ятниця" or one day
    hours: str  # "08:00–17:00"


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


def _main_week(centre: Centre) -> Week:
    key = footer_cache_key(centre.pk)
    week: Week | None = cache.get(key)
    if week is None:
        week = _main_week_from_database(centre)
        cache.set(key, week, FOOTER_CACHE_SECONDS)
    return week


def _main_week_from_database(centre: Centre) -> Week:
    """One query: every active office with its hours (an office without hours still has a
    row), then the main office as ``core.selectors.main_office`` picks it."""
    rows = (
        Office.objects.filter(centre=centre, is_active=True)
        .order_by("position", "name", "hours__opens")
        .values_list("pk", "kind", "hours__weekday", "hours__opens", "hours__closes")
    )
    offices: dict[int, str] = {}
    hours: dict[int, list[tuple[int, dt.time, dt.time]]] = {}
    for pk, kind, weekday, opens, closes in rows:
        offices.setdefault(pk, kind)
        if weekday is not None:
            hours.setdefault(pk, []).append((weekday, opens, closes))
    main = next((pk for pk, kind in offices.items() if kind == OfficeKind.MAIN), None)
    if main is None:
        main = next(iter(offices), None)
    if main is None:
        return []
    return [
        (day, sorted((o, c) for d, o, c in hours.get(main, []) if d == day))
        for day in Weekday.values
    ]


@register.inclusion_tag("portal/includes/footer_contacts.html", takes_context=True)
def centre_footer(context: template.Context, centre: Centre | None) -> dict[str, Any]:
    """Residents' pages only: a signed-in member's back-office page (the request carries their
    membership) has its own header and needs no public contacts."""
    request = context.get("request")
    if request is not None and getattr(request, "membership", None) is not None:
        return {"centre": None}
    if centre is None or not getattr(centre, "pk", None):
        return {"centre": None}
    week = [
        DayHours(weekday=day, label=str(Weekday(day).label), intervals=intervals)
        for day, intervals in _main_week(centre)
    ]
    return {"centre": centre, "hours": hours_lines(week)}


@register.simple_tag(takes_context=True)
def centre_footer_kept(context: template.Context, centre: Centre) -> str:
    """The centre's part of the footer (contacts, hours, links), rendered once per language and
    kept under the centre's page version (`public_fragment`): the pages that cannot be cached
    whole (forms, booking steps) do not render it again. A member's back-office page renders it
    live, without the public contacts (`centre_footer`)."""
    request = context.get("request")
    member = request is not None and getattr(request, "membership", None) is not None
    if member or not getattr(centre, "pk", None):
        html = render_to_string(FOOTER_TEMPLATE, {"centre": centre}, request=request)
        return mark_safe(html)  # noqa: S308 — HTML the template rendered and escaped
    return public_fragment(
        centre, "footer", lambda: render_to_string(FOOTER_TEMPLATE, {"centre": centre})
    )


FOOTER_TEMPLATE = "portal/includes/footer_centre.html"


@register.simple_tag
def centre_footer_links(centre: Centre) -> list[tuple[str, str]]:
    """The links apps registered for the footer (``core.portal.register_footer_link``)."""
    return footer_links(centre=centre)


@register.simple_tag(takes_context=True)
def centre_navigation_kept(context: template.Context, centre: Centre) -> str:
    """The centre's public navigation, the current page's section marked: rendered once per
    page kind and language, kept under the centre's page version like the footer."""
    match = getattr(context.get("request"), "resolver_match", None)
    here, section = (match.view_name, match.namespace) if match else ("", "")
    values = {"centre": centre, "here": here, "section": section}
    if not getattr(centre, "pk", None):
        return mark_safe(render_to_string(NAVIGATION_TEMPLATE, values))  # noqa: S308
    return public_fragment(
        centre, f"nav:{here}:{section}", lambda: render_to_string(NAVIGATION_TEMPLATE, values)
    )


NAVIGATION_TEMPLATE = "portal/includes/navigation.html"


@register.simple_tag
def centre_nav_items(centre: Centre, here: str, section: str) -> list[NavItem]:
    """The navigation links apps registered (``core.portal.register_nav_link``), the section
    ``section`` (a namespace) marked, the page ``here`` (a view name) the current one."""
    return nav_items(centre_slug=centre.slug, view_name=here, namespace=section)
