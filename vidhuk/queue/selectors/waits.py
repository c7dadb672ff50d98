"""**Estimated wait** (shown at the kiosk and on the centre's pages) for a purpose or a service at
an office, now::

    minutes = ⌈ people waiting × median service time ÷ windows that can serve them ⌉

* people waiting — today's tickets of that purpose (or service) not yet called, booked ones
  included;
* median service time — of the last 50 visits finished at the office in the last 14 days, of
  that service (or purpose) when there are at least 5 of them, else of any visit at the office,
  else 10 minutes (a new queue has no history yet);
* windows — the office's windows switched on that handle the service (a window with no
  services listed handles all); at least one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office
from vidhuk.core.opening import office_opening_states
from vidhuk.core.selectors import window_list_for_office

from ..choices import Purpose, TicketStatus
from ..models import Ticket
from .figures import minutes_between, percentile
from .tickets import offices_with_queue

SAMPLE_DAYS = 14
SAMPLE_SIZE = 50
MIN_SAMPLES = 5
DEFAULT_SERVICE_MINUTES = 10.0

Visit = tuple[Any, Any]  # (called, finished) of a finished ticket


@dataclass(frozen=True)
class WaitEstimate:
    label: str
    waiting: int
    minutes: int


def recent_service_minutes(
    *,
    office: Office,
    now: dt.datetime,
    purpose: str = "",
    service: Service | None = None,
) -> float:
    """The median service time of the office's recent visits (see the module's docstring)."""
    recent = Ticket.objects.filter(
        office=office,
        status=TicketStatus.DONE,
        finished_at__gte=now - dt.timedelta(days=SAMPLE_DAYS),
        finished_at__lte=now,
    ).order_by("-finished_at")
    narrowed = recent
    if service is not None:
        narrowed = recent.filter(service=service)
    elif purpose:
        narrowed = recent.filter(purpose=purpose)
    for sample in (narrowed, recent):
        times = [
            minutes_between(finished - called)
            for called, finished in sample.values_list("last_called_at", "finished_at")[
                :SAMPLE_SIZE
            ]
            if called is not None and finished is not None
        ]
        if len(times) >= MIN_SAMPLES:
            return percentile(times, 0.5) or DEFAULT_SERVICE_MINUTES
    return DEFAULT_SERVICE_MINUTES


def _windows_for(office: Office, service: Service | None) -> int:
    windows = window_list_for_office(office=office, only_active=True)
    if service is not None:
        windows = windows.annotate(service_count=Count("services")).filter(
            Q(services=service) | Q(service_count=0)
        )
    return windows.distinct().count()


def wait_estimate(
    *,
    office: Office,
    purpose: str = "",
    service: Service | None = None,
    now: dt.datetime | None = None,
) -> WaitEstimate:
    """The estimated wait for a new ticket of the purpose or service at the office now."""
    now = now or timezone.now()
    waiting = Ticket.objects.filter(
        office=office, day=timezone.localdate(now), status=TicketStatus.WAITING
    )
    if service is not None:
        waiting = waiting.filter(service=service)
        label = service.name
    else:
        waiting = waiting.filter(purpose=purpose) if purpose else waiting
        label = str(Purpose(purpose).label) if purpose else ""
    count = waiting.count()
    per_visit = recent_service_minutes(office=office, now=now, purpose=purpose, service=service)
    windows = max(_windows_for(office, service), 1)
    return WaitEstimate(label=label, waiting=count, minutes=math.ceil(count * per_visit / windows))


def wait_estimates_by_purpose(
    *, office: Office, now: dt.datetime | None = None
) -> dict[str, WaitEstimate]:
    """``wait_estimate`` of every purpose at the office, in three statements instead of three
    or four for each purpose (the kiosk's first page shows all three)."""
    now = now or timezone.now()
    waiting = dict(
        Ticket.objects.filter(
            office=office, day=timezone.localdate(now), status=TicketStatus.WAITING
        )
        .values_list("purpose")
        .annotate(count=Count("pk"))
        .order_by()
    )
    samples = _recent_samples_by_purpose(office, now)
    windows = max(_windows_for(office, None), 1)
    estimates = {}
    for purpose in Purpose.values:
        per_visit = _median_of_first(samples.get(purpose, []), samples[""])
        count = waiting.get(purpose, 0)
        estimates[purpose] = WaitEstimate(
            label=str(Purpose(purpose).label),
            waiting=count,
            minutes=math.ceil(count * per_visit / windows),
        )
    return estimates


def _recent_samples_by_purpose(office: Office, now: dt.datetime) -> dict[str, list[Visit]]:
    """The last ``SAMPLE_SIZE`` finished visits of each purpose (one statement), and under ""
    the last ``SAMPLE_SIZE`` of any purpose, which are among them."""
    rank = Window(RowNumber(), partition_by=[F("purpose")], order_by=F("finished_at").desc())
    rows = (
        Ticket.objects.filter(
            office=office,
            status=TicketStatus.DONE,
            finished_at__gte=now - dt.timedelta(days=SAMPLE_DAYS),
            finished_at__lte=now,
        )
        .annotate(rank=rank)
        .filter(rank__lte=SAMPLE_SIZE)
        .values_list("purpose", "finished_at", "last_called_at")
    )
    samples: dict[str, list[Visit]] = {"": []}
    for purpose, finished, called in rows:
        samples.setdefault(purpose, []).append((called, finished))
        samples[""].append((called, finished))
    for visits in samples.values():
        visits.sort(key=lambda visit: visit[1], reverse=True)
    samples[""] = samples[""][:SAMPLE_SIZE]
    return samples


def _median_of_first(*samples: list[Visit]) -> float:
    """As ``recent_service_minutes``: the first sample with enough complete visits."""
    for sample in samples:
        times = [
            minutes_between(finished - called)
            for called, finished in sample
            if called is not None and finished is not None
        ]
        if len(times) >= MIN_SAMPLES:
            return percentile(times, 0.5) or DEFAULT_SERVICE_MINUTES
    return DEFAULT_SERVICE_MINUTES


@dataclass(frozen=True)
class OfficeWait:
    office: Office
    is_open: bool
    estimates: list[WaitEstimate]


def wait_times_for_centre(*, centre: Centre, now: dt.datetime | None = None) -> list[OfficeWait]:
    """The estimated wait per purpose at each office with a queue (for the centre's pages)."""
    now = now or timezone.now()
    offices = list(offices_with_queue(centre=centre).prefetch_related("hours"))
    states = office_opening_states(offices=offices, at=now)
    return [
        OfficeWait(
            office=office,
            is_open=states[office.pk].is_open,
            estimates=list(wait_estimates_by_purpose(office=office, now=now).values()),
        )
        for office in offices
    ]
