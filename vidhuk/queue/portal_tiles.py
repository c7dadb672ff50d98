"""The queue's tile and service-card action on the portal (registered by extensions.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office
from vidhuk.core.portal import (
    PersonalDataKind,
    Reads,
    ServiceAction,
    Tile,
    register_personal_data,
    register_service_action,
    register_tile,
)
from vidhuk.core.readtogether import Count, Read

from .choices import TicketStatus
from .models import Ticket
from .selectors.tickets import offices_with_queue


def _reads(centre: Centre, now: dt.datetime) -> dict[str, Read]:
    """Sent with the rest of the home page's reads: whether any office has a queue, and how
    many people wait in the centre today."""
    return {
        "offices": Count(offices_with_queue(centre=centre).order_by()),
        "waiting": Count(
            Ticket.objects.filter(
                centre=centre, day=timezone.localdate(now), status=TicketStatus.WAITING
            )
        ),
    }


def _index_url(centre: Centre, reads: Reads) -> str | None:
    if not reads.values["offices"]:
        return None
    return reverse("queue:index", args=[centre.slug])


def _state(centre: Centre, now: dt.datetime, reads: Reads) -> str:
    waiting = reads.values["waiting"]
    if not waiting:
        return gettext("Зараз у черзі нікого немає")
    return ngettext("Зараз у черзі %(count)s людина", "Зараз у черзі %(count)s людей", waiting) % {
        "count": waiting
    }


def _ticket_url(service: Service) -> str | None:
    """The web ticket of the office whose windows call this service; the list when there are
    several."""
    offices = list(
        Office.objects.filter(centre_id=service.centre_id, is_active=True)
        .filter(
            Q(windows__is_active=True, windows__services=service)
            | Q(windows__is_active=True, windows__services__isnull=True)
        )
        .distinct()
        .values_list("slug", flat=True)[:2]
    )
    if not offices:
        return None
    slug = service.centre.slug
    if len(offices) == 1:
        return reverse("queue:web_ticket", args=[slug, offices[0]])
    return reverse("queue:index", args=[slug])


def register() -> None:
    register_tile(
        Tile(
            key="queue",
            order=30,
            label=gettext_lazy("Взяти талон у черзі"),
            description=gettext_lazy("Електронна черга: термінал, табло і ваш талон у телефоні."),
            url=_index_url,
            state=_state,
            reads=_reads,
        )
    )
    register_service_action(
        ServiceAction(
            key="queue_ticket", order=20, label=gettext_lazy("Взяти талон"), url=_ticket_url
        )
    )
    register_personal_data(
        PersonalDataKind(
            key="queue",
            order=30,
            title=gettext_lazy("Електронна черга"),
            what=gettext_lazy(
                "Талон не містить персональних даних: номер, мета візиту, послуга, вікно і час."
            ),
            purpose=gettext_lazy("Викликати відвідувачів по черзі й оцінювати час очікування."),
            retention=lambda centre: gettext(
                "Талони зберігаються для статистики черги; вони не пов’язані з вашою особою."
            ),
        )
    )
