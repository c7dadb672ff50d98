"""Reads of the register of services provided, scoped to the centre."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from vidhuk.core.models import Centre

from ..choices import ProvisionSource
from ..models import ProvisionImport, ServiceProvision

EXPORT_CHUNK = 2000


def queue_source_key(*, ticket_id: int, service_id: int) -> str:
    """A served ticket's service: recorded once, however often the visit is finished."""
    return f"ticket:{ticket_id}:service:{service_id}"


def booking_source_key(*, appointment_id: int) -> str:
    """A booked visit: its service is recorded once."""
    return f"appointment:{appointment_id}"


@dataclass(frozen=True)
class ProvisionFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    office_id: int | None = None
    service_id: int | None = None
    channel: str = ""
    result: str = ""
    source: str = ""


def provision_list_for_staff(
    *, centre: Centre, filters: ProvisionFilters
) -> QuerySet[ServiceProvision]:
    """The centre's provisions matching the filters, newest first."""
    provisions = ServiceProvision.objects.filter(centre=centre)
    if filters.date_from:
        provisions = provisions.filter(provided_on__gte=filters.date_from)
    if filters.date_to:
        provisions = provisions.filter(provided_on__lte=filters.date_to)
    if filters.office_id:
        provisions = provisions.filter(office_id=filters.office_id)
    if filters.service_id:
        provisions = provisions.filter(service_id=filters.service_id)
    for name in ("channel", "result", "source"):
        value = getattr(filters, name)
        if value:
            provisions = provisions.filter(**{name: value})
    return provisions.select_related("office").order_by("-provided_on", "-pk")


def provision_get_for_staff(*, centre: Centre, pk: int) -> ServiceProvision:
    provision = (
        ServiceProvision.objects.filter(centre=centre, pk=pk).select_related("office").first()
    )
    if provision is None:
        raise Http404("No such provision")
    return provision


def provisions_of_visit(
    *,
    centre_id: int,
    ticket_id: int,
    service_id: int | None,
    appointment_id: int | None,
) -> list[ServiceProvision]:
    """What the register recorded for one finished visit of the queue (`receivers.py`)."""
    keys: list[tuple[str, str]] = []
    if appointment_id is not None:
        keys.append((ProvisionSource.BOOKING, booking_source_key(appointment_id=appointment_id)))
    elif service_id is not None:
        keys.append(
            (ProvisionSource.QUEUE, queue_source_key(ticket_id=ticket_id, service_id=service_id))
        )
    if not keys:
        return []
    source, key = keys[0]
    return list(ServiceProvision.objects.filter(centre_id=centre_id, source=source, source_key=key))


def provision_export_rows(
    *, centre: Centre, filters: ProvisionFilters
) -> Iterator[tuple[Any, ...]]:
    """The filtered provisions as rows of the CSV export, streamed from the database."""
    rows = (
        provision_list_for_staff(centre=centre, filters=filters)
        .select_related(None)
        .values_list(
            "provided_on",
            "office__name",
            "service__code",
            "service_title",
            "channel",
            "result",
            "source",
            "sex",
            "age_group",
            "idp",
            "disability",
            "pensioner",
            "veteran",
        )
    )
    yield from rows.iterator(chunk_size=EXPORT_CHUNK)


def provision_import_sha_exists(*, centre: Centre, sha256: str) -> ProvisionImport | None:
    """The earlier import of the same file, if any (a file is imported once)."""
    return ProvisionImport.objects.filter(centre=centre, sha256=sha256).first()


def provision_import_list(*, centre: Centre) -> QuerySet[ProvisionImport]:
    return ProvisionImport.objects.filter(centre=centre).order_by("-created_at")[:20]


def provision_import_get_for_staff(*, centre: Centre, pk: int) -> ProvisionImport:
    found = ProvisionImport.objects.filter(centre=centre, pk=pk).first()
    if found is None:
        raise Http404("No such import")
    return found
