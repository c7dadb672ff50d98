"""The register fills itself from the queue: a served visit records its service once (a booked
one as «booking»), the operator changes the result on the receipt page; a no-show records
nothing."""

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.analytics.models import ServiceProvision
from vidhuk.analytics.receivers import provision_from_visit
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.events import VisitFinished
from vidhuk.queue import services as queue
from vidhuk.queue.choices import Outcome, Purpose
from vidhuk.queue.tests.factories import KYIV, NOW, booked, open_office, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def office(centre):
    return open_office(centre, slug="main", name="Головний офіс")


@pytest.fixture
def passport(centre, office):
    service = ServiceFactory(centre=centre, name="Оформлення паспорта для виїзду за кордон")
    service.offices.add(office)
    return service


@pytest.fixture
def window_1(office):
    return window(office, "1")


def _served(office, window_1, service, purpose=Purpose.SUBMIT):
    ticket = queue.ticket_issue(office=office, purpose=purpose, service=service)
    queue.ticket_call_next(window=window_1)
    queue.ticket_finish(ticket=ticket, window=window_1, outcome=Outcome.SERVED, actor=None)
    return ticket


def test_a_served_visit_records_its_service_once(centre, office, passport, window_1, now):
    ticket = _served(office, window_1, passport)
    # The event announced again (a retried request) adds nothing.
    provision_from_visit(
        VisitFinished(centre=centre, appointment_id=None, is_served=True, ticket_id=ticket.pk)
    )

    stored = ServiceProvision.objects.get()
    assert (
        stored.provided_on,
        stored.office,
        stored.service,
        stored.channel,
        stored.result,
        stored.source,
    ) == (NOW.date(), office, passport, "in_person", "provided", "queue")


def test_a_consultation_ticket_records_a_consultation(office, passport, window_1, now):
    _served(office, window_1, passport, purpose=Purpose.CONSULTATION)

    assert ServiceProvision.objects.get().result == "consultation"


def test_a_visitor_who_did_not_come_records_nothing(office, passport, window_1, now):
    ticket = queue.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    queue.ticket_call_next(window=window_1)

    queue.ticket_mark_no_show(ticket=ticket, window=window_1)

    assert ServiceProvision.objects.count() == 0


def test_a_ticket_without_a_service_records_nothing(office, window_1, now):
    _served(office, window_1, None)

    assert ServiceProvision.objects.count() == 0


def test_a_booked_visit_records_its_service_once_as_booking(
    centre, office, passport, window_1, time_machine
):
    visit = booked(
        office,
        service=passport,
        starts_at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=KYIV),
        at_window=window_1,
    )
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 55, tzinfo=KYIV), tick=False)
    ticket = queue.ticket_check_in(office=office, code="ACDEF3")
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 1, tzinfo=KYIV), tick=False)
    queue.ticket_call_next(window=window_1)
    queue.ticket_finish(ticket=ticket, window=window_1, outcome=Outcome.SERVED, actor=None)
    provision_from_visit(
        VisitFinished(centre=centre, appointment_id=visit.pk, is_served=True, ticket_id=ticket.pk)
    )

    stored = ServiceProvision.objects.get()
    assert (stored.source, stored.source_key, stored.service) == (
        "booking",
        f"appointment:{visit.pk}",
        passport,
    )


def test_the_operator_sets_the_result_on_the_receipt_page(
    staff_client, office, passport, window_1, now
):
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)
    ticket = queue.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    queue.ticket_call_next(window=window_1)
    finished = operator.post(
        f"/staff/verbivka/queue/window/{window_1.pk}/ticket/{ticket.pk}/finish/",
        {"outcome": "served"},
    )
    receipt_url = finished["Location"]
    receipt = operator.get(receipt_url).content.decode()
    stored = ServiceProvision.objects.get()
    assert "Результат для реєстру наданих послуг" in receipt
    assert (
        f'id="vd-result-{stored.pk}-provided" name="result" type="radio" value="provided" checked'
        in receipt
    )

    response = operator.post(
        f"/staff/verbivka/analytics/provisions/{stored.pk}/result/",
        {"result": "refused", "next": receipt_url},
    )

    assert response.status_code == 302
    assert response["Location"] == receipt_url
    stored.refresh_from_db()
    assert stored.result == "refused"


@pytest.mark.parametrize("target", ["analytics_staff:provisions", "9999-12-31", "//evil.example/"])
def test_a_next_that_is_not_a_path_of_this_site_returns_to_the_register(
    staff_client, office, passport, window_1, now, target
):
    head, _membership = staff_client(Role.HEAD)
    _served(office, window_1, passport)
    stored = ServiceProvision.objects.get()

    response = head.post(
        f"/staff/verbivka/analytics/provisions/{stored.pk}/result/",
        {"result": "refused", "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/staff/verbivka/analytics/provisions/"
    stored.refresh_from_db()
    assert stored.result == "refused"


def test_an_operator_cannot_change_an_earlier_days_provision(staff_client, centre, passport, now):
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)
    earlier = ServiceProvision.objects.create(
        centre=centre, provided_on=NOW.date() - dt.timedelta(days=1), service=passport,
        service_title=passport.name, channel="in_person", result="provided", source="queue",
        source_key="ticket:1:service:1",
    )  # fmt: skip

    response = operator.post(
        f"/staff/verbivka/analytics/provisions/{earlier.pk}/result/", {"result": "refused"}
    )

    assert response.status_code == 403
    earlier.refresh_from_db()
    assert earlier.result == "provided"
