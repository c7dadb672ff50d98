"""Posters of a decision and of a service (issue 13, point 5: "from any publication, event,
decision or service"): the A4/A3 PDF read back, its QR code decoded to the public page with the
tracking parameter, and the links offered on the decision's and the service's staff pages
through their object slots — only where a public page exists."""

import datetime as dt

import pytest
import time_machine

from vidhuk.accounts.choices import Role
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.decisions.choices import DecisionState
from vidhuk.decisions.tests.factories import DecisionFactory

from .publication_factories import NOW
from .test_posters import _read

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/posters/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_decision_poster_opens_its_public_page(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    decision = DecisionFactory(
        centre=centre, number=7, title="Додати лави в зал очікування",
        summary="Поставили 12 нових місць.", state=DecisionState.IN_PROGRESS,
        due_on=dt.date(2027, 5, 29),
    )  # fmt: skip

    response = client.get(f"{BASE}decision/{decision.pk}.pdf", {"place": "Старостат"})

    reader, text, link = _read(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]
    assert "Рішення № 7. Додати лави в зал очікування" in text
    assert "Виконати до 29.05.2027" in text
    assert "Поставили 12 нових місць." in text
    assert link == (
        "http://testserver/verbivka/decisions/7/?utm_source=poster&utm_medium=starostat"
    )


def test_a_service_poster_in_a3_opens_its_card(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    service = ServiceFactory(
        centre=centre, name="Реєстрація місця проживання", slug="reyestratsiia", result="Довідка"
    )

    response = client.get(f"{BASE}service/{service.pk}.pdf", {"size": "A3", "place": "bus"})

    reader, text, link = _read(response.content)
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [842, 1191]
    assert "Реєстрація місця проживання" in text
    assert "Безоплатно" in text
    assert link == (
        "http://testserver/verbivka/services/reyestratsiia/?utm_source=poster&utm_medium=bus"
    )


def test_no_poster_without_a_public_page_or_of_another_centre(staff_client, centre, other_centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    draft = DecisionFactory(centre=centre, state=DecisionState.DRAFT)
    hidden = ServiceFactory(centre=centre, is_published=False)
    foreign = ServiceFactory(centre=other_centre)

    statuses = [
        client.get(f"{BASE}decision/{draft.pk}.pdf").status_code,
        client.get(f"{BASE}service/{hidden.pk}.pdf").status_code,
        client.get(f"{BASE}service/{foreign.pk}.pdf").status_code,
    ]

    assert statuses == [404, 404, 404]


def test_the_decision_and_service_staff_pages_offer_the_posters(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    decision = DecisionFactory(centre=centre, state=DecisionState.ADOPTED)
    draft = DecisionFactory(centre=centre, state=DecisionState.DRAFT)
    service = ServiceFactory(centre=centre)

    decision_page = client.get(f"/staff/verbivka/decisions/{decision.pk}/").text
    draft_page = client.get(f"/staff/verbivka/decisions/{draft.pk}/").text
    service_page = client.get(f"/staff/verbivka/services/{service.pk}/").text

    assert f'href="{BASE}decision/{decision.pk}.pdf"' in decision_page
    assert f'href="{BASE}decision/{decision.pk}.pdf?size=A3"' in decision_page
    assert f"{BASE}decision/{draft.pk}.pdf" not in draft_page
    assert f'href="{BASE}service/{service.pk}.pdf"' in service_page


def test_a_member_without_communications_sees_no_poster_link(staff_client, centre):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    service = ServiceFactory(centre=centre)

    page = client.get(f"/staff/verbivka/services/{service.pk}/")

    assert page.status_code == 200
    assert BASE not in page.text
