"""The register fills itself: a visit the queue finished records the service it was for.

Subscribed to core's «visit finished» event in `extensions.py`. A served ticket with a service
records one provision: source «booking» keyed by the appointment when the visitor had booked
(the appointment's service, counted once however often its ticket is finished), else source
«queue» keyed by the ticket and its service. The result is «provided», or «consultation» when the
visitor took a consultation ticket; the operator changes it on the visit's receipt page
(`slots.py`). A visitor who did not come, or a ticket without a service, records nothing.
"""

from __future__ import annotations

from vidhuk.appointments.selectors import appointment_get_for_staff
from vidhuk.core.events import VisitFinished
from vidhuk.queue.choices import Purpose
from vidhuk.queue.selectors.tickets import ticket_get_for_staff

from .choices import ProvisionChannel, ProvisionResult, ProvisionSource
from .selectors.provisions import booking_source_key, queue_source_key
from .services.provisions import ProvisionIntake, provision_record


def provision_from_visit(event: VisitFinished) -> None:
    if not event.is_served or event.ticket_id is None:
        return
    ticket = ticket_get_for_staff(centre=event.centre, pk=event.ticket_id)
    service = ticket.service
    source, key = ProvisionSource.QUEUE, ""
    if event.appointment_id is not None:
        visit = appointment_get_for_staff(centre=event.centre, pk=event.appointment_id)
        service = visit.service
        source, key = ProvisionSource.BOOKING, booking_source_key(appointment_id=visit.pk)
    if service is None:
        return
    if not key:
        key = queue_source_key(ticket_id=ticket.pk, service_id=service.pk)
    result = (
        ProvisionResult.CONSULTATION
        if ticket.purpose == Purpose.CONSULTATION
        else ProvisionResult.PROVIDED
    )
    provision_record(
        centre=event.centre,
        intake=ProvisionIntake(
            provided_on=ticket.day,
            office=ticket.office,
            service=service,
            channel=ProvisionChannel.IN_PERSON,
            result=result,
        ),
        actor=None,
        source=source,
        source_key=key,
    )
