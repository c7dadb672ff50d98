"""Reads of subscriptions and mailings, scoped to the centre."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Centre
from vidhuk.core.selectors import office_list_for_centre

from ..models import DeliveryState, Mailing, MailingDelivery
from .publications import topic_list


def interest_choices(*, centre: Centre) -> dict[str, list[tuple[int, str]]]:
    """What a subscriber (or a mailing's segment) can choose: the centre's topics, services
    and offices."""
    return {
        "topics": [(t.pk, t.name) for t in topic_list(centre=centre)],
        "services": [(s.pk, s.name) for s in service_list_for_staff(centre=centre)],
        "offices": [(o.pk, o.name) for o in office_list_for_centre(centre=centre)],
    }


def mailing_list_for_staff(*, centre: Centre) -> QuerySet[Mailing]:
    return Mailing.objects.filter(centre=centre).order_by("-created_at")


def mailing_get_for_staff(*, centre: Centre, pk: int) -> Mailing:
    return get_object_or_404(Mailing, centre=centre, pk=pk)


def mailing_ambiguous(*, mailing: Mailing) -> QuerySet[MailingDelivery]:
    """Deliveries whose worker stopped mid-send: the only ones that may have arrived twice."""
    return mailing.deliveries.filter(state=DeliveryState.AMBIGUOUS).order_by("pk")
