"""Registry of object slots: named places on a page about one record where other apps add an
action or a panel, without the page knowing who filled it (Wagtail's `register_*_action` hooks,
Decidim's resource actions).

The owning page names the slot and passes its record::

    {% load objectslots %}
    {% object_slot "appeals.case.actions" appeal %}

Another app registers, from its `extensions.py`, an entry for that slot: a template and a
``context(request, obj)`` callable. The callable decides whether the entry applies (the record's
state, the member's capabilities — core cannot ask accounts, the registering app can) and returns
the template's context, or ``None`` to show nothing. Each applying entry is rendered with that
context plus ``object`` (the record) and ``request``, in order; the slot renders empty when no
entry applies, so a page may place a slot nobody fills yet.

Slots placed today (name — the record — where):

- ``appeals.case.actions`` — an Appeal — the case page's column of actions (staff);
- ``appeals.tracker.panels`` — an Appeal — the resident's tracker page, under the answer;
- ``surveys.results.actions`` — a Questionnaire — the staff results page (its filters in
  ``request.GET``);
- ``mystery.report.actions`` — a mystery-shopper report — the report page (staff);
- ``surveys.staff.subnav`` — the Centre — the surveys section's sub-navigation (more ``<li>``);
- ``surveys.questionnaire.results`` — a Questionnaire of kind ``mystery_shopper`` — its
  results cell in the questionnaire list (staff).
- ``catalog.service.notices`` — a Service — its public information card, above the actions
  (communications: a change in legislation that affects the service).
- ``queue.visit.finished`` — a finished Ticket — the operator's receipt page, under the receipt
  (analytics: the visit's result for the register of services provided).
- ``catalog.service.staff_actions`` — a Service — its back-office card, under the title
  (communications: posters with a QR code to the public card);
- ``decisions.decision.staff_actions`` — a Decision — its back-office page, under the summary
  (communications: posters with a QR code to the public page).

A callable must run a fixed, small number of queries: these pages have query-count guards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django.http import HttpRequest


SlotContext = Callable[["HttpRequest | None", Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class SlotEntry:
    slot: str  # "appeals.case.actions"
    key: str  # the registering app's own name for it, unique within the slot
    template: str
    context: SlotContext
    order: int = 100


_registry: dict[tuple[str, str], SlotEntry] = {}


def register_slot_entry(entry: SlotEntry) -> None:
    """Add (or replace, by slot and key) an entry: registries are keyed, never duplicated."""
    _registry[(entry.slot, entry.key)] = entry


def unregister_slot_entry(slot: str, key: str) -> None:
    _registry.pop((slot, key), None)


def slot_entries(slot: str) -> list[SlotEntry]:
    return sorted(
        (entry for entry in _registry.values() if entry.slot == slot),
        key=lambda e: (e.order, e.key),
    )


def slot_render(*, slot: str, obj: Any, request: HttpRequest | None) -> SafeString:
    """The HTML of every entry of ``slot`` that applies to ``obj``, in order."""
    parts = []
    for entry in slot_entries(slot):
        context = entry.context(request, obj)
        if context is None:
            continue
        parts.append(
            render_to_string(
                entry.template, {**context, "object": obj, "request": request}, request=request
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (each part is an autoescaped template's output)
