"""Reads of events and registrations, scoped to the centre (public: scheduled and cancelled
events; staff: their own centre's, with the registrations' counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vidhuk.core.models import Centre

from ..models import Event, EventRegistration, RegistrationState

PUBLIC_PAST_DAYS = 90  # ended events stay on the public list this long


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)
        ),
    )


def event_list_public(*, centre: Centre, now: dt.datetime) -> QuerySet[Event]:
    """Coming events first (soonest first); ended ones of the last 90 days after them."""
    return _with_counts(
        Event.objects.filter(centre=centre, ends_at__gte=now - dt.timedelta(days=PUBLIC_PAST_DAYS))
    ).order_by("starts_at", "pk")


def event_list_calendar(*, centre: Centre) -> QuerySet[Event]:
    """Every event of the centre for its calendar feed (cancelled ones too: STATUS:CANCELLED)."""
    return Event.objects.filter(centre=centre).order_by("starts_at", "pk")


def event_get_public(*, centre: Centre, pk: int) -> Event:
    event = (
        _with_counts(Event.objects.filter(centre=centre, pk=pk))
        .prefetch_related("documents")
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def event_list_for_staff(*, centre: Centre) -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(centre=centre)).order_by("-starts_at", "-pk")


def event_get_for_staff(*, centre: Centre, pk: int) -> Event:
    event = (
        _with_counts(Event.objects.filter(centre=centre, pk=pk))
        .prefetch_related("documents", "offices")
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def registration_list_for_staff(*, event: Event) -> QuerySet[EventRegistration]:
    return EventRegistration.objects.filter(centre_id=event.centre_id, event=event).order_by(
        "created_at", "pk"
    )


def speaker_list_for_staff(*, event: Event) -> QuerySet[EventRegistration]:
    """Requests to speak, in the order they came, of those not cancelled."""
    return registration_list_for_staff(event=event).filter(
        wants_to_speak=True,
        state__in=(RegistrationState.CONFIRMED, RegistrationState.WAITLISTED),
    )


def document_get_public(*, event: Event, pk: int):  # type: ignore[no-untyped-def]
    document = event.documents.filter(pk=pk).first()
    if document is None:
        raise Http404("No such document")
    return document
