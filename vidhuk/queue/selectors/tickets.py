"""Reads of the queue's offices, windows and tickets, each scoped to a centre or an office."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_ids_offered_at, service_queryset
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.pagecache import centre_value, public_value
from vidhuk.core.selectors import (
    office_list_with_windows,
    window_get_for_centre,
    window_list_for_centre,
    window_list_for_office,
)

from ..choices import TicketStatus
from ..models import Ticket
from ..references import public_id_from_reference


def office_get_public_with_centre(
    *, centre_slug: str, office_slug: str, with_hours: bool = False
) -> Office:
    """An active office of an active centre behind a public URL, with its centre
    (``office.centre``) in one query, for the board that every screen polls and the kiosk; 404
    for an unknown or switched-off centre or office.
    ``with_hours``: its weekly hours prefetched (the opening state then reads no hours)."""
    offices = Office.objects.filter(
        centre__slug=centre_slug, centre__is_active=True, slug=office_slug, is_active=True
    ).select_related("centre")
    if with_hours:
        offices = offices.prefetch_related("hours")
    office = offices.first()
    if office is None:
        raise Http404("No such office")
    return office


def place_get_public(*, centre_slug: str, office_slug: str) -> tuple[Centre, Office]:
    """The centre and the office behind a kiosk's or a resident's queue page (with the office's
    hours), in one query and its prefetch, kept under the centre's page version: the services
    that change offices and their hours announce it. An unknown office keeps nothing."""
    office = centre_value(
        centre_slug,
        f"queue-place:{office_slug}",
        lambda: office_get_public_with_centre(
            centre_slug=centre_slug, office_slug=office_slug, with_hours=True
        ),
    )
    return office.centre, office


def offices_with_queue(*, centre: Centre) -> QuerySet[Office]:
    """Active offices of the centre that have at least one window switched on."""
    return office_list_with_windows(centre=centre)


def services_handled_at(*, office: Office) -> QuerySet[Service]:
    """Services of the centre that some window of the office can call: an active window lists
    the service, or an active window lists no services (it handles all). A ticket for any other
    service would wait in a line no window ever calls (``line.window_handles``)."""
    active = window_list_for_office(office=office, only_active=True).order_by()
    listed = active.filter(services__isnull=False).values("services")
    handles_all = Exists(active.filter(services__isnull=True))
    return (
        service_queryset(centre=office.centre_id)
        .filter(Q(pk__in=listed) | handles_all)
        .order_by("name")
    )


def kiosk_services(*, office: Office) -> QuerySet[Service]:
    """Published services a window of the office handles, for the kiosk's optional choice.

    A window that handles everything does not put the centre's whole catalogue on the kiosk:
    through it only the services the catalogue offers at this office are listed."""
    listed = (
        window_list_for_office(office=office, only_active=True)
        .filter(services__isnull=False)
        .values("services")
    )
    offered_here = service_ids_offered_at(office=office)
    return services_handled_at(office=office).filter(
        Q(pk__in=listed) | Q(pk__in=offered_here), is_published=True
    )


def kiosk_services_kept(*, office: Office) -> list[Service]:
    """`kiosk_services` by name with their categories, only what the kiosk shows of them (its
    buttons, the form's choices and check), kept under the centre's page version like
    `kiosk_service_ids`; `office.centre` must be loaded."""

    def read() -> list[Service]:
        ids = kiosk_service_ids(office=office)
        services = service_queryset(centre=office.centre_id).filter(pk__in=ids)
        return list(
            services.select_related("category")
            .only("centre", "name", "category", "category__name", "category__position")
            .order_by("name")
        )

    return public_value(office.centre, f"kiosk-service-rows:{office.pk}", read)


def kiosk_service_ids(*, office: Office) -> frozenset[int]:
    """The ids of `kiosk_services`, kept under the centre's page version (the catalog's and the
    windows' services announce their changes); `office.centre` must be loaded."""
    return public_value(
        office.centre,
        f"kiosk-services:{office.pk}",
        lambda: frozenset(kiosk_services(office=office).values_list("pk", flat=True)),
    )


def window_list_for_staff(*, centre: Centre) -> QuerySet[Window]:
    """The centre's windows for the operator's choice, office by office."""
    return window_list_for_centre(centre=centre)


def window_get_for_staff(*, centre: Centre, pk: int) -> Window:
    return window_get_for_centre(centre=centre, pk=pk)


def ticket_get_for_staff(*, centre: Centre, pk: int) -> Ticket:
    ticket = Ticket.objects.filter(centre=centre, pk=pk).select_related("office").first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_get_public(*, office: Office, public_id: UUID) -> Ticket:
    ticket = (
        Ticket.objects.filter(office=office, public_id=public_id)
        .select_related("service", "window", "appointment")
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_from_reference(*, office: Office, reference: str) -> Ticket:
    """The ticket behind a short reference (``references.py``) at the office; 404 otherwise."""
    public_id = public_id_from_reference(reference)
    if public_id is None:
        raise Http404("No such ticket")
    return ticket_get_public(office=office, public_id=public_id)


def tickets_ahead(*, ticket: Ticket, now: dt.datetime | None = None) -> int:
    """How many waiting tickets of the same line are before this one (for the ticket page)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    same_line = Ticket.objects.filter(
        office_id=ticket.office_id, day=ticket.day, status=TicketStatus.WAITING
    ).exclude(pk=ticket.pk)
    if ticket.service_id is not None:
        same_line = same_line.filter(Q(service_id=ticket.service_id) | Q(service__isnull=True))
    else:
        same_line = same_line.filter(purpose=ticket.purpose)
    return same_line.filter(turn_at__lt=ticket.turn_at).count()
