"""The kiosk, the ticket page and the display board through their views."""

import datetime as dt
import re
import uuid

import pytest
from django.core.cache import cache

from vidhuk.core.services import office_closure_set
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.queue.references import ticket_reference
from vidhuk.queue.services import ticket_call_next, ticket_issue

from .factories import KYIV, NOW, TicketFactory

pytestmark = pytest.mark.django_db

KIOSK = "/verbivka/queue/main/"
BOARD = "/verbivka/queue/main/board/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def _page(response) -> str:
    return response.content.decode()


def _take(client, purpose=Purpose.SUBMIT, **extra):
    return client.post(KIOSK, {"purpose": purpose, "submission_key": str(uuid.uuid4()), **extra})


def test_the_kiosk_offers_the_three_purposes_with_their_wait_then_the_services(
    kiosk_client, office, passport, window_1, now
):
    TicketFactory(office=office, purpose=Purpose.CONSULTATION, issued_at=NOW)

    page = _page(kiosk_client.get(KIOSK))

    assert "Консультація" in page
    assert "Подати документи" in page
    assert "Отримати результат" in page
    assert "У черзі: 1 · очікування ≈ 10 хв" in page
    assert 'class="govuk-service-navigation' not in page  # a device page, not the website
    services = _page(kiosk_client.get(KIOSK, {"purpose": Purpose.SUBMIT}))
    assert f'name="service" value="{passport.pk}"' in services
    assert "<select" not in services


def test_taking_a_ticket_shows_it_in_large_type(kiosk_client, office, passport, window_1, now):
    response = _take(kiosk_client, Purpose.COLLECT, service=passport.pk)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    reference = ticket_reference(ticket.public_id)
    assert response["Location"] == f"/verbivka/queue/main/issued/?t={reference}"
    page = _page(kiosk_client.get(response["Location"]))
    assert '<span class="vd-kiosk-ticket__code">О-001</span>' in page
    assert passport.name in page
    assert ticket.service == passport


def test_a_browser_that_is_not_a_registered_kiosk_gets_no_ticket(client, office, window_1, now):
    response = _take(client)

    assert response.status_code == 403
    assert "Це сторінка терміналу в залі" in _page(response)
    assert 'href="/verbivka/queue/main/web-ticket/"' in _page(response)
    assert Ticket.objects.count() == 0


def test_a_revoked_kiosk_gets_no_ticket(kiosk_client, office, window_1, now):
    from vidhuk.queue.devices import queue_device_revoke
    from vidhuk.queue.models import QueueDevice

    queue_device_revoke(device=QueueDevice.objects.get(), actor=None)

    response = _take(kiosk_client)

    assert response.status_code == 403
    assert Ticket.objects.count() == 0


def test_a_resident_takes_a_web_ticket_within_a_limit(
    client, office, passport, window_1, now, settings
):
    settings.QUEUE_WEB_TICKET_RATE_LIMIT = 2
    web = "/verbivka/queue/main/web-ticket/"

    def take():
        return client.post(web, {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())})

    first = take()
    take()
    third = take()

    assert first.status_code == 302
    assert first["Location"].startswith("/verbivka/queue/main/ticket/?t=")
    assert third.status_code == 429
    assert Ticket.objects.count() == 2
    assert "Послуга (необов’язково)" in _page(client.get(web))
    assert "(необов’язково) (необов’язково)" not in _page(client.get(web))


def test_a_double_tap_gives_one_ticket(kiosk_client, office, now):
    key = str(uuid.uuid4())

    first = kiosk_client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": key})
    second = kiosk_client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": key})

    assert first["Location"] == second["Location"]
    assert Ticket.objects.count() == 1


def test_a_closed_office_says_so_once_and_disables_the_buttons(kiosk_client, office, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 7, 11, tzinfo=KYIV), tick=False)

    response = _take(kiosk_client)

    page = _page(response)
    assert response.status_code == 400
    assert page.count("Офіс зараз зачинено") == 1
    assert "Відкриється 9 березня о 08:00." in page
    assert re.search(r'<button type="submit" name="service" value=""[^>]*disabled', page)
    assert Ticket.objects.count() == 0
    start = _page(kiosk_client.get(KIOSK))
    assert start.count("Офіс зараз зачинено") == 1
    assert "?purpose=" not in start


def test_a_service_not_offered_here_is_refused(kiosk_client, centre, office, now):
    from vidhuk.catalog.tests.factories import ServiceFactory

    elsewhere = ServiceFactory(centre=centre)

    page = _page(_take(kiosk_client, service=elsewhere.pk))

    assert "Оберіть послугу зі списку." in page
    assert Ticket.objects.count() == 0


def test_too_many_tickets_from_one_kiosk_are_refused(kiosk_client, office, now, settings):
    settings.QUEUE_KIOSK_RATE_LIMIT = 2
    _take(kiosk_client)
    _take(kiosk_client)

    response = _take(kiosk_client)

    assert response.status_code == 429
    assert "Забагато талонів за короткий час" in _page(response)
    assert Ticket.objects.count() == 2


def test_an_unknown_office_or_ticket_is_not_found(client, office, now):
    assert client.get("/verbivka/queue/nowhere/").status_code == 404
    assert client.get("/verbivka/queue/main/ticket/", {"t": "x" * 22}).status_code == 404
    assert client.get("/verbivka/queue/main/ticket/").status_code == 404


def test_another_centres_office_is_not_found(client, office, other_centre, now):
    assert client.get("/luhove/queue/main/").status_code == 404


def test_the_board_reloads_itself_and_shows_the_newest_call_first(
    client, office, window_1, window_2, time_machine, now
):
    first = ticket_issue(office=office, purpose=Purpose.SUBMIT)
    second = ticket_issue(office=office, purpose=Purpose.CONSULTATION)
    ticket_call_next(window=window_1)
    time_machine.move_to(NOW + dt.timedelta(minutes=1), tick=False)
    ticket_call_next(window=window_2)

    page = _page(client.get(BOARD))

    assert '<meta http-equiv="refresh" content="2">' in page
    assert re.search(r'aria-live="polite"[^>]*>\s*Талон К-001 — до вікна 2', page)
    assert page.index(second.code) < page.index(first.code)
    assert "новий виклик" in page


def test_the_board_fragment_answers_no_content_while_nothing_changes(client, office, window_1, now):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    page = _page(client.get(BOARD + "calls/"))
    key = re.search(r"\?v=(\w+)", page).group(1)

    unchanged = client.get(BOARD + "calls/", {"v": key})
    ticket_call_next(window=window_1)
    changed = client.get(BOARD + "calls/", {"v": key})

    assert unchanged.status_code == 204
    assert changed.status_code == 200
    assert 'hx-swap-oob="innerHTML">Талон П-001 — до вікна 1' in _page(changed)


def test_the_board_shows_a_special_day_as_soon_as_it_is_set_and_reads_the_hours_once(
    client, office, window_1, now, django_assert_num_queries
):
    open_before = _page(client.get(BOARD + "calls/"))
    with django_assert_num_queries(2):  # the office with its centre; calls and people waiting
        client.get(BOARD + "calls/")
    today = NOW.astimezone(KYIV).date()
    office_closure_set(office=office, date=today, opens=None, closes=None, note="", actor=None)
    closed_after = _page(client.get(BOARD + "calls/"))

    assert "vd-board-closed" not in open_before
    assert "Зачинено до" in closed_after


def test_the_queue_index_lists_offices_with_windows(client, office, window_1, now):
    page = _page(client.get("/verbivka/queue/"))

    assert office.name in page
    assert 'href="/verbivka/queue/main/board/"' in page


def test_the_ticket_page_shows_the_window_once_called(client, office, window_1, now):
    ticket = ticket_issue(office=office, purpose=Purpose.SUBMIT)
    ticket_call_next(window=window_1)

    reference = ticket_reference(ticket.public_id)
    page = _page(client.get("/verbivka/queue/main/ticket/", {"t": reference}))

    assert "Підійдіть до вікна 1" in page
    assert Ticket.objects.get().status == TicketStatus.CALLED


def test_a_booked_visitor_checks_in_with_the_code(kiosk_client, office, passport, now):
    from .factories import booked

    booked(office, service=passport, starts_at=NOW + dt.timedelta(minutes=15))

    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": "acdef3", "submission_key": str(uuid.uuid4())}
    )

    page = _page(kiosk_client.get(response["Location"]))
    assert '<span class="vd-kiosk-ticket__code">З-001</span>' in page
    assert "За записом на 10:15" in page


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param("", "Введіть код підтвердження запису.", id="empty"),
        pytest.param("ZZZZZZ", "Сьогодні в цьому офісі немає запису з таким кодом.", id="wrong"),
    ],
)
def test_a_wrong_code_is_explained(kiosk_client, office, now, code, message):
    response = kiosk_client.post(
        "/verbivka/queue/main/check-in/", {"code": code, "submission_key": str(uuid.uuid4())}
    )

    page = _page(response)
    assert response.status_code == 400
    assert "Виникла проблема" in page
    assert message in page
    assert Ticket.objects.count() == 0
