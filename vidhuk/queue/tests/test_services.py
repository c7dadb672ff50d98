"""Issuing tickets, the rule of the line and the operator's actions."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from vidhuk.core.models import OfficeClosure
from vidhuk.queue import services
from vidhuk.queue.choices import Outcome, Purpose, TicketStatus
from vidhuk.queue.models import Ticket
from vidhuk.surveys.models import VisitToken
from vidhuk.surveys.tokens import visit_code_hash

from .factories import KYIV, NOW, TicketFactory, booked, open_office, window

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    day = day or NOW.date()
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=KYIV)


# --- issuing ---------------------------------------------------------------------------------


def test_tickets_are_numbered_per_purpose_and_day(office, now):
    codes = [
        services.ticket_issue(office=office, purpose=purpose).code
        for purpose in (Purpose.SUBMIT, Purpose.SUBMIT, Purpose.CONSULTATION, Purpose.COLLECT)
    ]
    next_day = services.ticket_issue(
        office=office, purpose=Purpose.SUBMIT, now=NOW + dt.timedelta(days=1)
    )

    assert codes == ["П-001", "П-002", "К-001", "О-001"]
    assert next_day.code == "П-001"
    assert next_day.day == dt.date(2026, 3, 3)


def test_numbering_is_per_office(centre, office, now):
    other = open_office(centre, slug="luhove")

    services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    ticket = services.ticket_issue(office=other, purpose=Purpose.SUBMIT)

    assert ticket.code == "П-001"


def test_a_double_tap_gives_one_ticket(office, now):
    key = uuid.uuid4()

    first = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, submission_key=key)
    second = services.ticket_issue(office=office, purpose=Purpose.SUBMIT, submission_key=key)

    assert first.pk == second.pk
    assert Ticket.objects.count() == 1


def test_a_ticket_keeps_the_chosen_service(office, passport, window_1, now):
    ticket = services.ticket_issue(office=office, purpose=Purpose.COLLECT, service=passport)

    assert ticket.service == passport
    assert ticket.turn_at == NOW
    assert ticket.status == TicketStatus.WAITING


@pytest.mark.parametrize(
    ("at", "message"),
    [
        pytest.param(_at(7, 59), "Відкриється 2 березня о 08:00", id="before-opening"),
        pytest.param(_at(17, 0), "Відкриється 3 березня о 08:00", id="after-closing"),
        pytest.param(
            _at(11, day=dt.date(2026, 3, 7)), "Відкриється 9 березня о 08:00", id="saturday"
        ),
    ],
)
def test_no_ticket_while_the_office_is_closed(office, time_machine, at, message):
    time_machine.move_to(at, tick=False)

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert message in refused.value.messages[0]
    assert refused.value.messages[0].startswith("Офіс зараз зачинено, талон не видано.")
    assert Ticket.objects.count() == 0


def test_no_ticket_on_a_closure_day(office, now):
    OfficeClosure.objects.create(office=office, date=NOW.date(), note="Навчання персоналу")

    with pytest.raises(ValidationError, match="Офіс зараз зачинено"):
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    assert Ticket.objects.count() == 0


def test_a_service_of_another_office_is_refused(centre, office, now):
    from vidhuk.catalog.tests.factories import ServiceFactory

    elsewhere = ServiceFactory(centre=centre)

    with pytest.raises(ValidationError) as refused:
        services.ticket_issue(office=office, purpose=Purpose.SUBMIT, service=elsewhere)

    assert refused.value.message_dict == {"service": ["Цю послугу в цьому офісі не надають."]}
    assert Ticket.objects.count() == 0


# --- the rule of the line --------------------------------------------------------------------


def _waiting(office, minutes_after_nine, **fields):
    at = _at(9) + dt.timedelta(minutes=minutes_after_nine)
    return TicketFactory(office=office, issued_at=at, turn_at=fields.pop("turn_at", at), **fields)


def test_call_next_is_first_come_first_served(office, window_1, now):
    later = _waiting(office, 20)
    earlier = _waiting(office, 10)

    called = services.ticket_call_next(window=window_1)

    assert called == earlier
    called.refresh_from_db()
    assert (called.status, called.window, called.called_at) == (TicketStatus.CALLED, window_1, NOW)
    assert later.status == TicketStatus.WAITING


def test_a_booked_visitor_goes_first_at_their_time(office, window_1, now):
    _waiting(office, 0)
    booked = _waiting(office, 50, is_booked=True, letter="З", turn_at=_at(9, 55))

    assert services.ticket_call_next(window=window_1) == booked


def test_a_booked_visitor_who_came_early_waits_for_their_time(office, window_1, now):
    walk_in = _waiting(office, 30)
    _waiting(office, 0, is_booked=True, letter="З", turn_at=_at(11))

    assert services.ticket_call_next(window=window_1) == walk_in


def test_a_window_calls_only_the_services_it_handles(office, passport, land, now):
    land_window = window(office, "3", services=[land])
    _waiting(office, 0, service=passport)
    consultation = _waiting(office, 5, purpose=Purpose.CONSULTATION)
    land_ticket = _waiting(office, 10, service=land)

    first = services.ticket_call_next(window=land_window)
    services.ticket_finish(ticket=first, window=land_window, outcome=Outcome.SERVED, actor=None)
    second = services.ticket_call_next(window=land_window)

    assert (first, second) == (consultation, land_ticket)


def test_nobody_waiting_calls_nobody(office, window_1, now):
    assert services.ticket_call_next(window=window_1) is None


def test_a_window_serves_one_visitor_at_a_time(office, window_1, now):
    first = _waiting(office, 0)
    second = _waiting(office, 1)
    services.ticket_call_next(window=window_1)

    with pytest.raises(ValidationError, match="Спершу завершіть обслуговування талона П-"):
        services.ticket_call_next(window=window_1)

    second.refresh_from_db()
    assert second.status == TicketStatus.WAITING
    assert Ticket.objects.get(status=TicketStatus.CALLED) == first


def test_calling_again_puts_the_ticket_first_on_the_board(office, window_1, time_machine, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    time_machine.move_to(NOW + dt.timedelta(minutes=2), tick=False)

    again = services.ticket_call_again(ticket=ticket, window=window_1)

    assert again.call_count == 2
    assert again.called_at == NOW
    assert again.last_called_at == NOW + dt.timedelta(minutes=2)


def test_a_transfer_to_a_window_keeps_the_place(office, window_1, window_2, now):
    transferred = _waiting(office, 0)
    _waiting(office, 5)
    services.ticket_call_next(window=window_1)

    services.ticket_transfer(ticket=transferred, window=window_1, to_window=window_2)
    window_3 = window(office, "3")

    assert services.ticket_call_next(window=window_3).code != transferred.code
    assert services.ticket_call_next(window=window_2) == transferred


def test_a_transfer_to_a_service_joins_its_line_in_place(office, passport, land, window_1, now):
    land_window = window(office, "3", services=[land])
    transferred = _waiting(office, 0, service=passport)
    _waiting(office, 5, service=land)
    services.ticket_call_next(window=window_1)

    services.ticket_transfer(ticket=transferred, window=window_1, to_service=land)

    assert services.ticket_call_next(window=land_window) == transferred


def test_finishing_issues_a_visit_code_for_the_survey(office, passport, window_1, now):
    ticket = _waiting(office, 0, service=passport)
    services.ticket_call_next(window=window_1)

    visit = services.ticket_finish(
        ticket=ticket, window=window_1, outcome=Outcome.ANOTHER_VISIT, actor=None
    )

    ticket.refresh_from_db()
    assert (ticket.status, ticket.outcome, ticket.finished_at) == (
        TicketStatus.DONE,
        Outcome.ANOTHER_VISIT,
        NOW,
    )
    token = VisitToken.objects.get(code_hash=visit_code_hash(visit.visit_code))
    assert (token.office, token.service, token.valid_on) == (office, passport, NOW.date())


def test_a_no_show_ends_the_ticket_without_a_visit_code(office, window_1, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)

    services.ticket_mark_no_show(ticket=ticket, window=window_1)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.finished_at) == (TicketStatus.NO_SHOW, NOW)
    assert VisitToken.objects.count() == 0


# --- bad input: nothing changes --------------------------------------------------------------


def _state():
    return list(Ticket.objects.values_list("status", "window_id", "outcome", "call_count"))


def test_finishing_someone_elses_ticket_is_refused(office, window_1, window_2, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    before = _state()

    with pytest.raises(ValidationError, match="Талон П-\\d+ обслуговує інше вікно."):
        services.ticket_finish(ticket=ticket, window=window_2, outcome="served", actor=None)

    assert _state() == before
    assert VisitToken.objects.count() == 0


def test_a_window_of_another_office_cannot_touch_the_ticket(centre, office, window_1, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    elsewhere = window(open_office(centre, slug="luhove"), "1")
    before = _state()

    with pytest.raises(ValidationError, match="належить іншому офісу"):
        services.ticket_mark_no_show(ticket=ticket, window=elsewhere)

    assert _state() == before


def test_a_finished_ticket_cannot_be_finished_again(office, window_1, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    services.ticket_finish(ticket=ticket, window=window_1, outcome="served", actor=None)
    before = _state()

    with pytest.raises(ValidationError, match="уже не обслуговується: обслуговано"):
        services.ticket_finish(ticket=ticket, window=window_1, outcome="referred", actor=None)

    assert _state() == before
    assert VisitToken.objects.count() == 1


def test_a_transfer_to_a_window_of_another_office_is_refused(centre, office, window_1, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    elsewhere = window(open_office(centre, slug="luhove"), "2")
    before = _state()

    with pytest.raises(ValidationError) as refused:
        services.ticket_transfer(ticket=ticket, window=window_1, to_window=elsewhere)

    assert refused.value.message_dict == {"to_window": ["Оберіть працююче вікно цього офісу."]}
    assert _state() == before


def test_an_unknown_outcome_is_refused(office, window_1, now):
    ticket = _waiting(office, 0)
    services.ticket_call_next(window=window_1)
    before = _state()

    with pytest.raises(ValidationError):
        services.ticket_finish(ticket=ticket, window=window_1, outcome="lost", actor=None)

    assert _state() == before


# --- booked visitors -------------------------------------------------------------------------


def test_a_booked_visitor_checks_in_and_is_called_first_at_their_time(
    office, passport, window_1, time_machine, now
):
    from vidhuk.appointments.choices import AppointmentStatus

    from .factories import booked

    visit = booked(office, service=passport, starts_at=_at(10, 15))
    walk_in = services.ticket_issue(office=office, purpose=Purpose.SUBMIT)

    ticket = services.ticket_check_in(office=office, code="acd-ef3")

    visit.refresh_from_db()
    assert (ticket.code, ticket.is_booked, ticket.turn_at) == ("З-001", True, _at(10, 15))
    assert ticket.service == passport
    assert visit.status == AppointmentStatus.CHECKED_IN
    assert services.ticket_call_next(window=window_1) == walk_in
    services.ticket_finish(ticket=walk_in, window=window_1, outcome="served", actor=None)
    services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    time_machine.move_to(_at(10, 15), tick=False)
    assert services.ticket_call_next(window=window_1) == ticket


@pytest.mark.parametrize(
    ("served", "status"), [pytest.param(True, "served", id="served"), (False, "no_show")]
)
def test_the_booked_visit_learns_how_it_ended(office, passport, window_1, now, served, status):
    from .factories import booked

    visit = booked(office, service=passport, starts_at=_at(9, 45))
    ticket = services.ticket_check_in(office=office, code="ACDEF3")
    services.ticket_call_next(window=window_1)

    if served:
        services.ticket_finish(ticket=ticket, window=window_1, outcome="referred", actor=None)
    else:
        services.ticket_mark_no_show(ticket=ticket, window=window_1)

    visit.refresh_from_db()
    assert visit.status == status


NOT_HERE_TODAY = (
    "Сьогодні в цьому офісі немає запису з таким кодом. Перевірте код або зверніться до "
    "адміністратора в залі."
)


@pytest.mark.parametrize(
    ("code", "starts_at", "elsewhere"),
    [
        pytest.param("WRONG9", _at(10, 15), False, id="unknown-code"),
        pytest.param("ACDEF3", _at(10, 15, day=dt.date(2026, 3, 3)), False, id="other-day"),
        pytest.param("ACDEF3", _at(10, 15), True, id="other-office"),
    ],
)
def test_a_bad_code_gives_no_ticket_and_the_same_answer(
    centre, office, passport, now, code, starts_at, elsewhere
):
    # given a visit booked here another day, or today at another office, or no such code
    at_office = open_office(centre, slug="east", name="Східний офіс") if elsewhere else office
    booked(at_office, service=passport, starts_at=starts_at)

    with pytest.raises(ValidationError) as refused:
        services.ticket_check_in(office=office, code=code)

    # then the kiosk says the same in every case: it is no oracle of other bookings
    assert refused.value.messages == [NOT_HERE_TODAY]
    assert Ticket.objects.count() == 0


def test_a_used_code_gives_no_second_ticket(office, passport, now):
    from .factories import booked

    booked(office, service=passport, starts_at=_at(10, 15))
    first = services.ticket_check_in(office=office, code="ACDEF3", submission_key=uuid.uuid4())

    again = services.ticket_check_in(office=office, code="ACDEF3", submission_key=uuid.uuid4())

    assert again == first
    assert Ticket.objects.count() == 1


def test_no_check_in_while_the_office_is_closed(office, passport, time_machine):
    from vidhuk.appointments.choices import AppointmentStatus

    from .factories import booked

    time_machine.move_to(_at(7, 30), tick=False)
    visit = booked(office, service=passport, starts_at=_at(8, 0))

    with pytest.raises(ValidationError, match="Офіс зараз зачинено"):
        services.ticket_check_in(office=office, code="ACDEF3")

    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.BOOKED
    assert Ticket.objects.count() == 0
