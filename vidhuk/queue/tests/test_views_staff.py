"""The operator's console and the head's figures through their views."""

import csv
import datetime as dt
import io

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.queue.choices import Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.queue.services import ticket_call_next, ticket_issue
from vidhuk.queue.views.staff import RECEIPT_SESSION_KEY
from vidhuk.surveys.models import VisitToken

from .factories import KYIV, NOW, TicketFactory, open_office, served, window

pytestmark = pytest.mark.django_db

BASE = "/staff/verbivka/queue/"


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def operator(staff_client, now):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    return client


@pytest.fixture
def head(staff_client, now):
    client, _membership = staff_client(Role.HEAD)
    return client


def _state():
    return list(
        Ticket.objects.order_by("pk").values_list("status", "window_id", "outcome", "call_count")
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- choosing a window and calling ----------------------------------------------------------


def test_any_member_chooses_a_window_of_the_centre(operator, office, window_1, other_centre):
    foreign = window(OfficeFactory(centre=other_centre), "9")

    page = _page(operator.get(BASE))

    assert f'href="{BASE}window/{window_1.pk}/"' in page
    assert f"window/{foreign.pk}/" not in page


def test_an_evaluator_does_not_reach_the_console(staff_client, office, window_1, now):
    client, _membership = staff_client(Role.EVALUATOR)

    assert client.post(f"{BASE}window/{window_1.pk}/call-next/").status_code == 403


@pytest.mark.parametrize("role", [Role.ANALYST, Role.COMMUNICATIONS])
def test_roles_that_do_not_serve_visitors_do_not_work_at_a_window(
    staff_client, office, window_1, role, now
):
    # Finishing a visit issues a survey visit code: only roles that serve visitors may.
    client, _membership = staff_client(role)
    ticket = ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}window/{window_1.pk}/").status_code == 403
    assert client.post(f"{BASE}window/{window_1.pk}/call-next/").status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING


def test_calling_the_next_visitor(operator, office, window_1):
    ticket = ticket_issue(office=office, purpose=Purpose.SUBMIT)

    response = operator.post(f"{BASE}window/{window_1.pk}/call-next/")

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}window/{window_1.pk}/"
    page = _page(operator.get(response["Location"]))
    assert f'<p class="vd-queue-console__code">{ticket.code}</p>' in page
    assert Ticket.objects.get().status == TicketStatus.CALLED


def test_calling_with_nobody_waiting_says_so(operator, office, window_1):
    response = operator.post(f"{BASE}window/{window_1.pk}/call-next/", follow=True)

    assert "Зараз ніхто не чекає на це вікно." in _messages(response)


def test_an_action_is_a_post(operator, office, window_1):
    assert operator.get(f"{BASE}window/{window_1.pk}/call-next/").status_code == 405
    assert Ticket.objects.count() == 0


def test_a_window_of_another_centre_is_not_found(operator, other_centre):
    foreign = window(OfficeFactory(centre=other_centre), "9")

    assert operator.get(f"{BASE}window/{foreign.pk}/").status_code == 404
    assert operator.post(f"{BASE}window/{foreign.pk}/call-next/").status_code == 404


def test_the_console_shows_the_line_in_few_queries(
    operator, office, window_1, django_assert_max_num_queries
):
    for minute in range(30):
        TicketFactory(office=office, issued_at=NOW - dt.timedelta(minutes=minute))
    ticket_call_next(window=window_1)

    with django_assert_max_num_queries(16):
        response = operator.get(f"{BASE}window/{window_1.pk}/")

    assert "Черга до вашого вікна: 29" in _page(response)


# --- finishing and the receipt --------------------------------------------------------------


def _called(office, window_):
    ticket = ticket_issue(office=office, purpose=Purpose.SUBMIT)
    ticket_call_next(window=window_)
    return ticket


def test_finishing_prints_a_receipt_with_the_survey_qr_code(operator, office, window_1):
    ticket = _called(office, window_1)

    response = operator.post(
        f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/finish/", {"outcome": "served"}
    )

    assert response.status_code == 302
    page = _page(operator.get(response["Location"]))
    assert '<img class="vd-queue-receipt__qr" src="data:image/svg+xml;base64,' in page
    assert "http://testserver/verbivka/survey/v/" in page
    assert VisitToken.objects.count() == 1
    assert Ticket.objects.get().outcome == "served"


def test_a_double_click_on_finish_gives_one_receipt(operator, office, window_1):
    ticket = _called(office, window_1)
    url = f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/finish/"

    first = operator.post(url, {"outcome": "served"})
    second = operator.post(url, {"outcome": "served"})

    assert first["Location"] == second["Location"]
    assert VisitToken.objects.count() == 1


def test_the_receipt_shows_the_visit_code_once_and_the_session_keeps_no_code(
    operator, office, window_1
):
    ticket = _called(office, window_1)
    url = f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/finish/"

    finished = operator.post(url, {"outcome": "served"})
    kept_until_shown = dict(operator.session[RECEIPT_SESSION_KEY])
    first = _page(operator.get(finished["Location"]))
    again = _page(operator.get(finished["Location"]))
    double_click = operator.post(url, {"outcome": "served"})

    assert set(kept_until_shown) == {"ticket", "code"}
    assert "vd-queue-receipt__qr" in first
    assert "Код візиту:" in first
    # Shown once: the session now holds only the ticket's id, never the plain code.
    assert operator.session[RECEIPT_SESSION_KEY] == {"ticket": ticket.pk}
    assert kept_until_shown["code"] not in str(dict(operator.session.items()))
    assert "vd-queue-receipt__qr" not in again
    assert "Код для опитування показують лише один раз" in again
    # A late second click on «finish» still leads to the receipt, and issues no second code.
    assert double_click["Location"] == finished["Location"]
    assert VisitToken.objects.count() == 1


def test_finishing_without_an_outcome_asks_for_it(operator, office, window_1):
    ticket = _called(office, window_1)
    before = _state()

    response = operator.post(f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/finish/", {})

    assert response.status_code == 400
    page = _page(response)
    assert "Виникла проблема" in page
    assert '<a href="#id_outcome_0">Оберіть результат обслуговування.</a>' in page
    assert "Оберіть результат обслуговування." in page
    assert _state() == before


def test_finishing_someone_elses_ticket_changes_nothing(operator, office, window_1, window_2):
    ticket = _called(office, window_1)
    before = _state()

    response = operator.post(
        f"{BASE}window/{window_2.pk}/ticket/{ticket.pk}/finish/",
        {"outcome": "served"},
        follow=True,
    )

    assert _messages(response) == [f"Талон {ticket.code} обслуговує інше вікно."]
    assert _state() == before
    assert VisitToken.objects.count() == 0


def test_a_window_of_another_office_cannot_finish_the_ticket(operator, centre, office, window_1):
    ticket = _called(office, window_1)
    elsewhere = window(open_office(centre, slug="luhove"), "1")
    before = _state()

    response = operator.post(
        f"{BASE}window/{elsewhere.pk}/ticket/{ticket.pk}/no-show/", follow=True
    )

    assert _messages(response) == [f"Талон {ticket.code} належить іншому офісу."]
    assert _state() == before


def test_no_show_and_call_again(operator, office, window_1):
    ticket = _called(office, window_1)

    operator.post(f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/call-again/")
    again = Ticket.objects.get().call_count
    operator.post(f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/no-show/")

    assert again == 2
    assert Ticket.objects.get().status == TicketStatus.NO_SHOW


# --- transfer -------------------------------------------------------------------------------


def test_transfer_needs_one_destination(operator, office, window_1, window_2):
    ticket = _called(office, window_1)
    before = _state()

    response = operator.post(f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/transfer/", {})

    assert "Оберіть або вікно, або послугу — одне з двох." in _page(response)
    assert _state() == before


def test_transfer_to_another_window(operator, office, window_1, window_2):
    ticket = _called(office, window_1)

    response = operator.post(
        f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/transfer/",
        {"to_window": window_2.pk},
        follow=True,
    )

    ticket.refresh_from_db()
    assert _messages(response) == [f"Талон {ticket.code} передано. Він зберіг своє місце в черзі."]
    assert (ticket.status, ticket.assigned_window) == (TicketStatus.WAITING, window_2)


def test_transfer_offers_only_windows_of_the_same_office(operator, centre, office, window_1):
    ticket = _called(office, window_1)
    same = window(office, "2")
    elsewhere = window(open_office(centre, slug="luhove"), "7")

    page = _page(operator.get(f"{BASE}window/{window_1.pk}/ticket/{ticket.pk}/transfer/"))

    assert f'value="{same.pk}"' in page
    assert f'value="{elsewhere.pk}"' not in page


# --- the figures ----------------------------------------------------------------------------


def _history(office, passport):
    monday = dt.datetime(2026, 2, 23, 9, 0, tzinfo=KYIV)
    for minutes, wait, service in [(0, 4, 10), (10, 8, 12), (20, 12, 20), (30, 16, 30)]:
        served(
            office,
            issued=monday + dt.timedelta(minutes=minutes),
            wait=wait,
            service_minutes=service,
            service=passport,
        )
    TicketFactory(
        office=office,
        day=monday.date(),
        issued_at=monday,
        status=TicketStatus.NO_SHOW,
        called_at=monday + dt.timedelta(minutes=3),
        last_called_at=monday + dt.timedelta(minutes=3),
        finished_at=monday + dt.timedelta(minutes=5),
    )


def test_the_head_reads_the_figures(head, office, passport):
    _history(office, passport)

    response = head.get(BASE + "figures/", {"date_from": "2026-02-23", "date_to": "2026-03-02"})

    page = _page(response)
    assert response.status_code == 200
    assert passport.name in page
    # Waits 4, 8, 12, 16 and 3 (the no-show): median 8, p90 14.4.
    assert "8,0 / 14,4" in page or "8.0 / 14.4" in page
    assert "export.csv?date_from=2026-02-23&amp;date_to=2026-03-02&amp;office=" in page


def test_an_operator_may_not_read_the_figures(operator):
    assert operator.get(BASE + "figures/").status_code == 403
    assert operator.get(BASE + "figures/export.csv").status_code == 403


def test_a_reversed_period_is_refused(head):
    response = head.get(BASE + "figures/", {"date_from": "2026-03-02", "date_to": "2026-02-01"})

    assert response.status_code == 400
    assert "Кінець періоду має бути не раніше за початок." in _page(response)


def test_the_figures_take_few_queries_however_many_tickets(
    head, office, passport, django_assert_max_num_queries
):
    for day in range(20):
        _history_day = dt.datetime(2026, 2, 1, 9, tzinfo=KYIV) + dt.timedelta(days=day)
        for n in range(10):
            served(
                office,
                issued=_history_day + dt.timedelta(minutes=n),
                wait=n,
                service_minutes=5,
                service=passport,
            )

    with django_assert_max_num_queries(12):
        response = head.get(BASE + "figures/", {"date_from": "2026-02-01", "date_to": "2026-03-01"})

    assert response.status_code == 200


def test_the_export_streams_every_ticket_of_the_period(head, office, passport):
    _history(office, passport)
    TicketFactory(office=office, day=dt.date(2026, 1, 5), issued_at=NOW - dt.timedelta(days=56))

    response = head.get(
        BASE + "figures/export.csv", {"date_from": "2026-02-23", "date_to": "2026-03-02"}
    )

    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Дата", "Офіс", "Талон"]
    assert len(rows) == 1 + 5
    assert rows[1][-2:] == ["4.0", "10.0"]
    assert {row[10] for row in rows[1:]} == {"Обслуговано", "Не підійшов"}


def test_the_home_page_sums_up_todays_queue(head, office, window_1):
    served(office, issued=NOW - dt.timedelta(minutes=40), wait=6, service_minutes=10)
    served(office, issued=NOW - dt.timedelta(minutes=30), wait=10, service_minutes=10)
    TicketFactory(office=office, issued_at=NOW)

    page = _page(head.get("/staff/verbivka/"))

    assert "Черга сьогодні" in page
    assert '<span class="vd-key-figure__value">8 хв</span>' in page
    assert 'href="/staff/verbivka/queue/figures/"' in page


def test_the_home_page_without_a_queue_today_says_nothing_of_it(head, office):
    assert "Черга сьогодні" not in _page(head.get("/staff/verbivka/"))


# --- the console's line, refreshed by htmx ---------------------------------------------------


def _line_url(window_):
    return f"{BASE}window/{window_.pk}/line/"


def test_the_console_line_shows_who_waits(operator, office, passport, window_1):
    ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    ticket_issue(office=office, purpose=Purpose.SUBMIT, service=passport)
    ticket_issue(office=office, purpose=Purpose.CONSULTATION)

    response = operator.get(_line_url(window_1))

    page = _page(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Черга до вашого вікна: 3" in page
    assert f"Подати документи: {passport.name} — <strong>2</strong>" in page
    assert "Консультація — <strong>1</strong>" in page
    assert page.index("П-001") < page.index("П-002") < page.index("К-001")
    # Only the read-only panel comes back: no form of the console.
    assert "<form" not in page


def test_the_console_line_is_not_redrawn_while_nothing_changes(operator, office, window_1):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)
    first = _page(operator.get(_line_url(window_1)))
    key = first.split("line/?v=")[1].split('"')[0]

    unchanged = operator.get(_line_url(window_1), {"v": key})
    ticket_issue(office=office, purpose=Purpose.COLLECT)
    changed = operator.get(_line_url(window_1), {"v": key})

    assert unchanged.status_code == 204
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert "О-001" in _page(changed)
    assert "Черга до вашого вікна: 2" in _page(changed)


def test_the_console_polls_its_line_and_keeps_a_reload_link(operator, office, window_1):
    page = _page(operator.get(f"{BASE}window/{window_1.pk}/"))

    assert f'hx-get="{_line_url(window_1)}?v=' in page
    assert 'hx-trigger="every 5s"' in page
    assert f'<a class="govuk-link" href="{BASE}window/{window_1.pk}/">Оновити</a>' in page
    assert 'http-equiv="refresh"' not in page


def test_the_line_of_a_foreign_window_is_not_found(operator, other_centre):
    foreign = window(OfficeFactory(centre=other_centre), "9")

    assert operator.get(_line_url(foreign)).status_code == 404


def test_the_line_is_read_only(operator, office, window_1):
    ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert operator.post(_line_url(window_1)).status_code == 405
    assert _state() == [(TicketStatus.WAITING, None, "", 0)]


def test_an_evaluator_does_not_see_the_line(staff_client, office, window_1, now):
    client, _membership = staff_client(Role.EVALUATOR)
    ticket_issue(office=office, purpose=Purpose.SUBMIT)

    response = client.get(_line_url(window_1))

    # Kept out as from the console itself: shown nothing of the line.
    assert response.status_code == 403
    assert client.post(_line_url(window_1)).status_code == 403


def test_the_line_takes_few_queries(operator, office, window_1, django_assert_max_num_queries):
    for minute in range(30):
        TicketFactory(office=office, issued_at=NOW - dt.timedelta(minutes=minute))

    with django_assert_max_num_queries(10):
        response = operator.get(_line_url(window_1))

    assert "Черга до вашого вікна: 30" in _page(response)
