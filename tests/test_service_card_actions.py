"""A service's card leads to action: «Записатися на цю послугу» when it can be booked online,
«Взяти талон» when a window of an office calls it; the provider's phone, e-mail and website are
links; the print view has a «Друкувати» button; search puts a match in the name first."""

import pytest

from vidhuk.appointments.models import ServiceBooking
from vidhuk.catalog.selectors import service_list_public
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.queue.tests.factories import open_office, window


@pytest.fixture
def service(centre):
    return ServiceFactory(
        centre=centre,
        slug="pasport",
        name="Оформлення паспорта громадянина України",
        is_published=True,
        provider_phone="+380 53 000 11 22, (0532) 55-66-77",
        provider_email="dms@verbivka.example",
        provider_website="https://dms.example/verbivka",
    )


def test_card_offers_booking_and_a_ticket(client, centre, service):
    office = open_office(centre, slug="main")
    window(office, "1", services=[service])

    page = client.get(f"/{centre.slug}/services/pasport/").content.decode()

    assert f'href="/{centre.slug}/booking/{service.pk}/"' in page
    assert "Записатися на цю послугу" in page
    assert f'href="/{centre.slug}/queue/main/web-ticket/"' in page
    assert "Взяти талон" in page


def test_card_without_windows_offers_neither(client, centre, service):
    page = client.get(f"/{centre.slug}/services/pasport/").content.decode()

    assert "Записатися на цю послугу" not in page
    assert "Взяти талон" not in page


def test_phone_only_service_is_not_offered_for_online_booking(client, centre, service):
    office = open_office(centre, slug="main")
    window(office, "1", services=[service])
    ServiceBooking.objects.create(centre=centre, service=service, is_bookable_online=False)

    page = client.get(f"/{centre.slug}/services/pasport/").content.decode()

    assert "Записатися на цю послугу" not in page
    assert "Взяти талон" in page


def test_provider_contacts_are_links(client, centre, service):
    page = client.get(f"/{centre.slug}/services/pasport/").content.decode()

    assert 'href="tel:+380530001122"' in page
    assert 'href="tel:0532556677"' in page
    assert 'href="mailto:dms@verbivka.example"' in page
    assert 'href="https://dms.example/verbivka"' in page


def test_print_view_has_a_print_button(client, centre, service):
    page = client.get(f"/{centre.slug}/services/pasport/print/").content.decode()

    assert "data-vd-print" in page
    assert ">Друкувати</button>" in page


def test_search_ranks_a_match_in_the_name_first(centre):
    in_text = ServiceFactory(centre=centre, name="Актовий запис про народження", is_published=True)
    in_text.search_document = " актовий запис про народження довідка паспорт паспорта "
    in_text.save()
    in_name = ServiceFactory(
        centre=centre, name="Вклеювання фотографії в паспорт", is_published=True
    )
    in_name.search_document = " вклеювання фотографія в паспорт "
    in_name.save()

    found = list(service_list_public(centre=centre, query="паспорта"))

    # By name alone «Актовий…» would come first; the word is in the other one's name.
    assert found == [in_name, in_text]
    assert list(service_list_public(centre=centre)) == [in_text, in_name]
