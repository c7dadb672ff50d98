"""The rule of the line, shared by the services (call next) and the selectors (the console).

See ``services.py`` for the rule in words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When

from vidhuk.core.models import Window


def window_handles(window: Window) -> Q:
    """Tickets this window may call: transferred to it, or of a service it handles."""
    not_assigned = Q(assigned_window__isnull=True)
    service_ids = list(window.services.values_list("pk", flat=True))
    if service_ids:
        not_assigned &= Q(service__isnull=True) | Q(service_id__in=service_ids)
    return Q(assigned_window=window) | not_assigned


def line_order(now: dt.datetime) -> list[Any]:
    """Booked visitors whose time has come first, then everyone by their place in the line."""
    is_due_booked = Case(
        When(is_booked=True, turn_at__lte=now, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return [is_due_booked, "turn_at", "id"]
