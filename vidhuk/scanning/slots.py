"""Where scanning shows in surveys' pages (core's object slots): the surveys section links the
scanned batches for whoever enters paper forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.surveys.capabilities import Capability as SurveysCapability


def _subnav(request: HttpRequest | None, centre: Any) -> dict[str, Any] | None:
    membership = getattr(request, "membership", None)
    if not has_capability(membership, SurveysCapability.SURVEYS_ENTER):
        return None
    return {"centre": centre}


def register() -> None:
    register_slot_entry(
        SlotEntry(
            slot="surveys.staff.subnav",
            key="scanning",
            template="scanning/slots/surveys_subnav.html",
            context=_subnav,
        )
    )
