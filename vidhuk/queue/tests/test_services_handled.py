"""Only services a working window handles: the kiosk lists them, tickets and transfers to
any other are refused."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.queue import services
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.queue.selectors.tickets import kiosk_services, services_handled_at

from .factories import open_office, window

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_the_kiosk_lists_only_services_a_window_handles(
    kiosk_client, centre, office, passport, land
):
    window(office, "1", services=[passport])
    window(office, "2", services=[land], is_active=False)

    page = kiosk_client.get("/verbivka/queue/main/", {"purpose": "submit"}).content.decode()

    assert passport.name in page
    assert land.name not in page
    assert list(kiosk_services(office=office)) == [passport]


def test_a_window_for_everything_offers_the_services_the_catalogue_lists_here(
    centre, office, passport, land, window_1
):
    elsewhere = ServiceFactory(centre=centre, name="Послуга іншого офісу")
    elsewhere.offices.add(open_office(centre, slug="other"))

    assert list(kiosk_services(office=office)) == [land, passport]
    assert elsewhere in services_handled_at(office=office)


def test_a_ticket_for_a_service_no_window_handles_is_refused(office, passport, land, now):
    window(office, "1", services=[passport])

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=land)

    assert refused.value.message_dict == {"service": ["Цю послугу в цьому офісі не надають."]}
    assert Ticket.objects.count() == 0


def test_a_transfer_to_a_service_no_window_handles_is_refused_and_changes_nothing(
    centre, office, passport, land, now
):
    window_1 = window(office, "1", services=[passport])
    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    services.ticket_call_next(window=window_1)

    with pytest.raises(ValidationError) as refused:
        services.ticket_transfer(ticket=ticket, window=window_1, to_service=land)

    assert "не обслуговує жодне працююче вікно" in refused.value.message_dict["to_service"][0]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.service, ticket.window) == (
        TicketStatus.CALLED,
        passport,
        window_1,
    )
    assert list(services_handled_at(office=office)) == [passport]


def test_a_transfer_to_a_service_another_window_handles_keeps_the_place(
    office, passport, land, now
):
    window_1 = window(office, "1", services=[passport])
    window_2 = window(office, "2", services=[land])
    ticket = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    services.ticket_call_next(window=window_1)

    services.ticket_transfer(ticket=ticket, window=window_1, to_service=land)

    assert services.ticket_call_next(window=window_2) == ticket
