import pytest

from vidhuk.accounts.choices import Role
from vidhuk.catalog.models import Service
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory


def _card(**overrides):
    data = {
        "code": "05-001",
        "name": "Видача будівельного паспорта",
        "provider_name": "Відділ архітектури Вербівської міської ради",
        "legal_basis": "Закон України «Про регулювання містобудівної діяльності»",
        "documents": "Заява\nКопія документа на земельну ділянку",
        "is_free": "on",
        "max_term_days": "10",
        "result": "Будівельний паспорт",
        "delivery_methods": "Особисто у ЦНАП",
        "appeal_procedure": "До суду",
        "is_published": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_administrator_adds_a_service_with_a_full_card(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    office = OfficeFactory(centre=centre)

    response = client.post("/staff/verbivka/services/new/", _card(offices=[office.pk]), follow=True)

    service = Service.objects.get(centre=centre, code="05-001")
    assert response.status_code == 200
    assert "Послугу «Видача будівельного паспорта» додано." in response.content.decode()
    assert service.slug == "vydacha-budivelnoho-pasporta"
    assert list(service.offices.all()) == [office]
    assert AuditEvent.objects.filter(action="create", object_id=str(service.pk)).count() == 1


def test_missing_required_fields_are_named_in_ukrainian_and_nothing_is_saved(staff_client):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post("/staff/verbivka/services/new/", _card(name="", documents="", result=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Виникла проблема" in page
    assert page.count("Це поле обов&#x27;язкове.") == 6  # in the summary and at each field
    assert Service.objects.count() == 0


def test_paid_service_needs_an_amount(staff_client):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post("/staff/verbivka/services/new/", _card(is_free=None))

    assert "Вкажіть розмір плати за платну послугу." in response.content.decode()
    assert Service.objects.count() == 0


def test_duplicate_code_is_refused_with_a_message(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    ServiceFactory(centre=centre, code="05-001")

    response = client.post("/staff/verbivka/services/new/", _card())

    assert response.status_code == 200
    assert "вже існує" in response.content.decode()
    assert Service.objects.filter(code="05-001").count() == 1


def test_double_submit_creates_one_service(staff_client):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    client.post("/staff/verbivka/services/new/", _card())
    client.post("/staff/verbivka/services/new/", _card())

    assert Service.objects.filter(code="05-001").count() == 1


def test_editing_records_what_changed_in_the_audit_log(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    service = ServiceFactory(centre=centre, code="05-001", name="Стара назва")

    client.post(f"/staff/verbivka/services/{service.pk}/", _card(name="Нова назва"))

    service.refresh_from_db()
    event = AuditEvent.objects.get(action="update", object_id=str(service.pk))
    assert service.name == "Нова назва"
    assert event.changes["name"] == ["Стара назва", "Нова назва"]


def test_viewing_a_card_in_the_back_office_is_audited(staff_client, centre):
    client, membership = staff_client(Role.ANALYST)
    service = ServiceFactory(centre=centre)

    response = client.get(f"/staff/verbivka/services/{service.pk}/")

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view", actor=membership.user).count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.HOTLINE_OPERATOR])
def test_roles_without_catalog_rights_cannot_change_it(staff_client, centre, role):
    client, _membership = staff_client(role)
    service = ServiceFactory(centre=centre, name="Без змін")

    create = client.post("/staff/verbivka/services/new/", _card())
    edit = client.post(f"/staff/verbivka/services/{service.pk}/", _card(name="Змінено"))

    service.refresh_from_db()
    assert (create.status_code, edit.status_code) == (403, 403)
    assert service.name == "Без змін"
    assert Service.objects.count() == 1


def test_staff_list_is_paginated_with_bounded_queries(
    staff_client, centre, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.ANALYST)
    ServiceFactory.create_batch(60, centre=centre, category=CategoryFactory(centre=centre))

    with django_assert_max_num_queries(12):
        response = client.get("/staff/verbivka/services/?page=2")

    assert len(response.context["page"].object_list) == 10


def test_category_can_be_added(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    client.post("/staff/verbivka/services/categories/", {"name": "Соціальні послуги"})

    assert list(centre.category_set.values_list("name", flat=True)) == ["Соціальні послуги"]
