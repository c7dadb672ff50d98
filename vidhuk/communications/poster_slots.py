"""Poster links on other apps' staff pages (issue 13, point 5: posters "from any publication,
event, decision or service"): the decision's page in the decisions register and the service's
card in the back-office catalog offer an A4 and an A3 poster with a QR code to the public page,
through their object slots (``vidhuk.core.objectslots``), so neither page names communications.
Shown to members who may read communications, and only where a public page exists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.decisions.choices import DecisionState

TEMPLATE = "communications/press/posters/slot_links.html"
READ = "communications.read"


def _links(request: HttpRequest | None, kind: str, obj: Any) -> dict[str, Any] | None:
    if request is None or not has_capability(getattr(request, "membership", None), READ):
        return None
    url = reverse(f"communications_staff:poster_{kind}", args=[obj.centre.slug, obj.pk])
    return {"poster_url": url}


def _decision(request: HttpRequest | None, decision: Any) -> dict[str, Any] | None:
    if decision.state == DecisionState.DRAFT:  # no public page yet for the QR code
        return None
    return _links(request, "decision", decision)


def _service(request: HttpRequest | None, service: Any) -> dict[str, Any] | None:
    if not service.is_published:
        return None
    return _links(request, "service", service)


def register() -> None:
    for slot, context in (
        ("decisions.decision.staff_actions", _decision),
        ("catalog.service.staff_actions", _service),
    ):
        register_slot_entry(
            SlotEntry(slot=slot, key="communications_posters", template=TEMPLATE, context=context)
        )
