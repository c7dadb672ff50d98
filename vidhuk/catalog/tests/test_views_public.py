import pytest

from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.choices import OfficeKind
from vidhuk.core.tests.factories import OfficeFactory


def test_catalog_lists_published_services_of_the_centre(client, centre, other_centre):
    ServiceFactory(centre=centre, name="Видача витягу")
    ServiceFactory(centre=centre, name="Прихована", is_published=False)
    ServiceFactory(centre=other_centre, name="Чужа послуга")

    response = client.get("/verbivka/services/")

    names = [s.name for s in response.context["page"].object_list]
    assert names == ["Видача витягу"]


def test_catalog_paginates_with_bounded_queries(client, centre, django_assert_max_num_queries):
    category = CategoryFactory(centre=centre)
    ServiceFactory.create_batch(45, centre=centre, category=category)

    with django_assert_max_num_queries(8):
        response = client.get("/verbivka/services/?page=3")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 5


def test_a_page_number_out_of_range_shows_the_last_page(client, centre):
    ServiceFactory.create_batch(3, centre=centre)

    response = client.get("/verbivka/services/?page=999")

    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_an_invalid_filter_value_gets_a_message_not_an_error(client, centre):
    response = client.get("/verbivka/services/?category=abc")

    assert response.status_code == 200
    assert "Такої категорії немає. Виберіть категорію зі списку." in response.content.decode()


def test_card_shows_every_field_the_law_asks_for(client, centre):
    office = OfficeFactory(centre=centre, name="Головний офіс", kind=OfficeKind.MAIN)
    service = ServiceFactory(
        centre=centre,
        name="Реєстрація місця проживання",
        provider_name="Вербівська міська рада",
        provider_phone="+380 53 000 00 05",
        legal_basis="Закон України «Про свободу пересування»",
        documents="Заява\nПаспорт",
        is_free=False,
        fee_amount="30.00",
        fee_details="Оплата на рахунок громади",
        max_term_days=1,
        result="Відомості внесено до реєстру",
        delivery_methods="Особисто",
        refusal_grounds="Неповний пакет документів",
        appeal_procedure="До суду",
    )
    service.offices.add(office)

    page = client.get(f"/verbivka/services/{service.slug}/").content.decode()

    for expected in [
        "Реєстрація місця проживання",
        "Вербівська міська рада",
        "+380 53 000 00 05",
        "Закон України «Про свободу пересування»",
        "Паспорт",
        "30,00 грн",
        "Оплата на рахунок громади",
        "Відомості внесено до реєстру",
        "Неповний пакет документів",
        "До суду",
        "Головний офіс",
    ]:
        assert expected in page


def test_print_view_has_the_card(client, centre):
    service = ServiceFactory(centre=centre, name="Видача довідки про склад")

    response = client.get(f"/verbivka/services/{service.slug}/print/")

    assert response.status_code == 200
    assert "Інформаційна картка адміністративної послуги" in response.content.decode()


@pytest.mark.parametrize("path", ["/verbivka/services/nope/", "/nowhere/services/"])
def test_unknown_service_or_centre_is_not_found(client, centre, path):
    assert client.get(path).status_code == 404


def test_another_centres_service_is_not_found_under_my_centre(client, centre, other_centre):
    service = ServiceFactory(centre=other_centre)

    assert client.get(f"/verbivka/services/{service.slug}/").status_code == 404
