"""The register on other apps' pages (core's object slots, registered from `extensions.py`).

``queue.visit.finished`` — the receipt page of a finished visit: the operator sees the service
the visit recorded in the register (`receivers.py`) and changes its result — provided, refused
or only a consultation. Shown to whoever operates the queue or keeps the register; one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vidhuk.accounts.permissions import has_capability
from vidhuk.core.objectslots import SlotEntry, register_slot_entry

from .capabilities import Capability
from .choices import ProvisionResult
from .selectors.provisions import provisions_of_visit

if TYPE_CHECKING:
    from django.http import HttpRequest

QUEUE_OPERATE = "queue.operate"


def _visit_outcome(request: HttpRequest | None, ticket: Any) -> dict[str, Any] | None:
    membership = getattr(request, "membership", None)
    if not (
        has_capability(membership, Capability.PROVISIONS)
        or has_capability(membership, QUEUE_OPERATE)
    ):
        return None
    provisions = provisions_of_visit(
        centre_id=ticket.centre_id,
        ticket_id=ticket.pk,
        service_id=ticket.service_id,
        appointment_id=ticket.appointment_id,
    )
    if not provisions:
        return None
    return {"provisions": provisions, "results": ProvisionResult.choices}


def register() -> None:
    register_slot_entry(
        SlotEntry(
            slot="queue.visit.finished",
            key="analytics.provisions",
            template="analytics/provisions/_visit_outcome.html",
            context=_visit_outcome,
        )
    )
