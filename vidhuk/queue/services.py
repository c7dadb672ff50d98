"""Writes of the electronic queue: issue a ticket, call, transfer, finish.

The rule of the line (DOMAIN.md: booked visitors are served first at their time):

* every ticket has a place in the line, ``turn_at``: the moment it was issued, or — for a booked
  visitor who checked in no later than 15 minutes after the booked start — the booked time (a
  visitor later than that gets a walk-in place: the booked time is lost);
* **call next** at a window takes, among today's waiting tickets of the window's office that
  the window handles, first the booked tickets whose time has come (earliest booked time
  first), then all others by their place (first come, first served);
* a window handles a ticket transferred to it, and otherwise every ticket whose service is one
  of the window's services; a ticket without a service (a consultation, a general question) and
  a window with no services listed go together with anything;
* a transferred ticket keeps its place, so it is called ahead of those who came after it.

Two operators pressing "call next" at the same moment lock different rows
(``SELECT … FOR UPDATE SKIP LOCKED``): nobody is called twice.

Times kept for the figures: waiting is from the place in the line (issue, or the booked time
when the visitor came early) to the first call; service is from the last call (a repeated call
means the visitor had not come yet) to the finish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vidhuk.appointments.choices import CHECK_IN_GRACE_MINUTES
from vidhuk.appointments.selectors import appointment_id_for_code
from vidhuk.appointments.services.checkin import appointment_check_in
from vidhuk.catalog.models import Service
from vidhuk.core import events
from vidhuk.core.models import Office, Window
from vidhuk.core.opening import office_opening_state
from vidhuk.core.sqlinsert import atomic_unless_alone
from vidhuk.surveys.services.responses import visit_tokens_issue

from .boardcache import board_changed
from .choices import BOOKED_LETTER, OPEN_STATUSES, PURPOSE_LETTERS, Outcome, Purpose, TicketStatus
from .line import line_order, window_handles
from .models import Ticket
from .numbering import ticket_insert_numbered
from .selectors.console import opening_kept
from .selectors.tickets import kiosk_service_ids, services_handled_at


@dataclass(frozen=True)
class FinishedVisit:
    ticket: Ticket
    visit_code: str  # the survey code for the receipt's QR code; shown once, stored only hashed


# --- issuing ---------------------------------------------------------------------------------


def _check_open(office: Office, now: dt.datetime) -> None:
    """A ticket is issued only while the office is open: its hours and special days, and not on
    a national day off or a non-working day of the centre's calendar (as booking honours them)."""
    if not office.is_active:
        raise ValidationError(_("Цей офіс зараз не приймає відвідувачів."))
    today = timezone.localdate(now)
    state = office_opening_state(office=office, at=now, data=opening_kept(office, today))
    if state.is_open:
        return
    if state.day_off == "holiday":
        reason = _("Сьогодні святковий вихідний день, офіс не працює, талон не видано.")
    elif state.day_off == "calendar":
        reason = _("Сьогодні центр не працює, талон не видано.")
    else:
        reason = _("Офіс зараз зачинено, талон не видано.")
    if state.next_opening is not None:
        opening = timezone.localtime(state.next_opening)
        reason += " " + _("Відкриється %(day)s о %(time)s.") % {
            "day": formats.date_format(opening.date(), "j E"),
            "time": opening.strftime("%H:%M"),
        }
    raise ValidationError(reason)


def _check_service(office: Office, service: Service | None) -> None:
    """Only a service the kiosk offers: one a window of the office will call."""
    if service is None:
        return
    if service.pk not in kiosk_service_ids(office=office):
        raise ValidationError({"service": _("Цю послугу в цьому офісі не надають.")})


def ticket_issue(
    *,
    office: Office,
    purpose: str,
    service: Service | None = None,
    submission_key: UUID | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Issue a walk-in ticket at the kiosk: «П-017», numbered per office, day and purpose.

    The same ``submission_key`` sent twice (a double tap) gives back the first ticket. It is
    not looked for first: the second ticket's row is refused by the key's unique constraint,
    its statement (`_ticket_issue`, atomic on its own) rolled back whole — its number too, so
    no gap — and only then is the first ticket read.
    """
    try:
        return _ticket_issue(
            office=office,
            purpose=purpose,
            service=service,
            submission_key=submission_key,
            now=now or timezone.now(),
        )
    except IntegrityError:
        existing = (
            Ticket.objects.filter(submission_key=submission_key).first()
            if submission_key is not None
            else None
        )
        if existing is None:
            raise
        return existing


def _ticket_issue(
    *,
    office: Office,
    purpose: str,
    service: Service | None,
    submission_key: UUID | None,
    now: dt.datetime,
) -> Ticket:
    """Checks that only read, then the ticket numbered and inserted in one statement, atomic on
    its own (``ticket_insert_numbered``): at a kiosk, no BEGIN and COMMIT around them."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Оберіть, з якою метою ви прийшли.")})
    _check_open(office, now)
    _check_service(office, service)
    with atomic_unless_alone():
        return _create(
            office=office,
            letter=PURPOSE_LETTERS[purpose],
            purpose=purpose,
            service=service,
            submission_key=submission_key,
            turn_at=now,
            now=now,
        )


def _create(
    *,
    office: Office,
    letter: str,
    purpose: str,
    service: Service | None,
    turn_at: dt.datetime,
    now: dt.datetime,
    submission_key: UUID | None = None,
    **extra: Any,
) -> Ticket:
    ticket = Ticket(
        centre_id=office.centre_id,
        office=office,
        day=timezone.localdate(now),
        letter=letter,
        purpose=purpose,
        service=service,
        submission_key=submission_key,
        turn_at=turn_at,
        issued_at=now,
        **extra,
    )
    # The fields' own rules only: the references and the unique keys are the database's to
    # enforce (checking them here would be a query each), the number is given on insert.
    ticket.full_clean(
        exclude=_ENFORCED_BY_DATABASE, validate_unique=False, validate_constraints=False
    )
    ticket_insert_numbered(ticket)
    board_changed(ticket.office_id)  # the insert sends no signal
    return ticket


_ENFORCED_BY_DATABASE = [
    "centre",
    "office",
    "service",
    "appointment",
    "window",
    "assigned_window",
    "number",
]


# Refusals of a check-in that would tell a stranger a code exists elsewhere or another day.
NOT_HERE_TODAY = frozenset({"unknown", "other_office", "other_day", "cancelled"})


@transaction.atomic
def ticket_check_in(
    *,
    office: Office,
    code: str,
    submission_key: UUID | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """A booked visitor types their confirmation code at the kiosk and gets a «З» ticket whose
    place in the line is the booked time: from that time on it is called before walk-ins.

    Coming early keeps the booked time as the place. Coming later than
    ``CHECK_IN_GRACE_MINUTES`` (15) after the booked start loses it: the visitor gets a walk-in
    place («П», in the line from now, not called first) and the ticket page says why — the
    booked time has passed, and those who came on time are not put behind them.

    The same ``submission_key`` sent twice (a double tap), or the code typed again once the
    visitor has checked in, gives back the ticket already issued for the visit today.
    """
    now = now or timezone.now()
    if submission_key is not None:
        existing = Ticket.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    _check_open(office, now)
    try:
        appointment = appointment_check_in(office=office, code=code, now=now)
    except ValidationError as error:
        if getattr(error, "code", None) in NOT_HERE_TODAY:
            # One answer for all of these, so the kiosk is no oracle of other offices' and
            # other days' bookings (issue 10.10).
            raise ValidationError(
                _(
                    "Сьогодні в цьому офісі немає запису з таким кодом. Перевірте код або "
                    "зверніться до адміністратора в залі."
                ),
                code="not_here_today",
            ) from None
        if getattr(error, "code", None) != "used":
            raise
        # A double tap that waited on the first tap's lock, or the code typed again.
        existing = _checked_in_ticket(office=office, code=code, submission_key=submission_key)
        if existing is None:
            raise
        return existing
    is_late = now > appointment.starts_at + dt.timedelta(minutes=CHECK_IN_GRACE_MINUTES)
    return _create(
        office=office,
        letter=PURPOSE_LETTERS[Purpose.SUBMIT] if is_late else BOOKED_LETTER,
        purpose=Purpose.SUBMIT,
        service=appointment.service,
        turn_at=now if is_late else appointment.starts_at,
        now=now,
        submission_key=submission_key,
        appointment=appointment,
        is_booked=not is_late,
    )


def _checked_in_ticket(*, office: Office, code: str, submission_key: UUID | None) -> Ticket | None:
    """The ticket already issued for the visit of this code today (or for this key)."""
    if submission_key is not None:
        existing = Ticket.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    appointment_id = appointment_id_for_code(centre_id=office.centre_id, code=code)
    if appointment_id is None:
        return None
    return Ticket.objects.filter(office=office, appointment_id=appointment_id).first()


# --- the operator's console ------------------------------------------------------------------


def _lock_called(*, ticket: Ticket, window: Window) -> Ticket:
    """The ticket, locked, after checking that this window is serving it now."""
    if window.office_id != ticket.office_id or window.centre_id != ticket.centre_id:
        raise ValidationError(_("Талон %(code)s належить іншому офісу.") % {"code": ticket.code})
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status != TicketStatus.CALLED:
        raise ValidationError(
            _("Талон %(code)s уже не обслуговується: %(status)s.")
            % {"code": locked.code, "status": locked.get_status_display().lower()}
        )
    if locked.window_id != window.pk:
        raise ValidationError(_("Талон %(code)s обслуговує інше вікно.") % {"code": locked.code})
    return locked


@transaction.atomic
def ticket_call_next(*, window: Window, now: dt.datetime | None = None) -> Ticket | None:
    """Call the next visitor to the window (the rule of the line above); None when nobody waits.

    Refused while the window still serves someone: finish, transfer or mark a no-show first.
    """
    now = now or timezone.now()
    if not window.is_active:
        raise ValidationError(_("Вікно %(number)s вимкнене.") % {"number": window.number})
    # Should the daily close not have run, a visitor called at this window on a past day must
    # not keep it busy today.
    _close_past(Ticket.objects.filter(window=window), day=timezone.localdate(now), now=now)
    current = Ticket.objects.filter(window=window, status=TicketStatus.CALLED).first()
    if current is not None:
        raise ValidationError(
            _("Спершу завершіть обслуговування талона %(code)s.") % {"code": current.code}
        )
    ticket = (
        Ticket.objects.filter(
            office_id=window.office_id,
            day=timezone.localdate(now),
            status=TicketStatus.WAITING,
        )
        .filter(window_handles(window))
        .order_by(*line_order(now))
        .select_for_update(skip_locked=True)
        .first()
    )
    if ticket is None:
        return None
    ticket.status = TicketStatus.CALLED
    ticket.window = window
    ticket.assigned_window = None
    ticket.called_at = ticket.called_at or now
    ticket.last_called_at = now
    ticket.call_count = F("call_count") + 1
    fields = ["status", "window", "assigned_window", "called_at", "last_called_at", "call_count"]
    try:
        with transaction.atomic():
            ticket.save(update_fields=fields)
    except IntegrityError:
        # The same window pressed "call next" twice at once: one ticket per window at a time.
        raise ValidationError(_("У цьому вікні вже обслуговують відвідувача.")) from None
    ticket.refresh_from_db(fields=["call_count"])
    return ticket


@transaction.atomic
def ticket_call_again(*, ticket: Ticket, window: Window, now: dt.datetime | None = None) -> Ticket:
    """Call the same visitor again: the board shows the ticket as the newest call."""
    now = now or timezone.now()
    locked = _lock_called(ticket=ticket, window=window)
    locked.last_called_at = now
    locked.call_count += 1
    locked.save(update_fields=["last_called_at", "call_count"])
    return locked


@transaction.atomic
def ticket_transfer(
    *,
    ticket: Ticket,
    window: Window,
    to_window: Window | None = None,
    to_service: Service | None = None,
) -> Ticket:
    """Send the visitor to another window of the office, or to the line of another service.

    The ticket keeps its place in the line, so it is called ahead of those who came later.
    """
    locked = _lock_called(ticket=ticket, window=window)
    if (to_window is None) == (to_service is None):
        raise ValidationError(_("Оберіть або вікно, або послугу, куди передати талон."))
    if to_window is not None:
        if to_window.office_id != locked.office_id or not to_window.is_active:
            raise ValidationError({"to_window": _("Оберіть працююче вікно цього офісу.")})
        if to_window.pk == window.pk:
            raise ValidationError({"to_window": _("Оберіть інше вікно, не своє.")})
        locked.assigned_window = to_window
    else:
        assert to_service is not None  # noqa: S101 — one of the two, checked above
        if to_service.centre_id != locked.centre_id:
            raise ValidationError({"to_service": _("Оберіть послугу цього центру.")})
        if not services_handled_at(office=locked.office).filter(pk=to_service.pk).exists():
            raise ValidationError(
                {
                    "to_service": _(
                        "Цю послугу не обслуговує жодне працююче вікно цього офісу, тож талон "
                        "ніхто не викликав би. Оберіть іншу послугу або передайте талон до вікна."
                    )
                }
            )
        locked.service = to_service
        locked.assigned_window = None
    locked.status = TicketStatus.WAITING
    locked.window = None
    locked.save(update_fields=["status", "window", "assigned_window", "service"])
    return locked


@transaction.atomic
def ticket_mark_no_show(
    *, ticket: Ticket, window: Window, now: dt.datetime | None = None
) -> Ticket:
    """The visitor did not come to the window after being called."""
    now = now or timezone.now()
    locked = _lock_called(ticket=ticket, window=window)
    locked.status = TicketStatus.NO_SHOW
    locked.finished_at = now
    locked.save(update_fields=["status", "finished_at"])
    _appointment_outcome(locked, served=False)
    return locked


@transaction.atomic
def ticket_finish(
    *, ticket: Ticket, window: Window, outcome: str, actor: Any, now: dt.datetime | None = None
) -> FinishedVisit:
    """Finish the visit with its outcome and issue the visit code for the satisfaction survey
    (КМУ №864: rating by QR code in the centre), printed on the receipt."""
    now = now or timezone.now()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Оберіть результат обслуговування.")})
    locked = _lock_called(ticket=ticket, window=window)
    locked.status = TicketStatus.DONE
    locked.outcome = outcome
    locked.finished_at = now
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=["status", "outcome", "finished_at"])
    _appointment_outcome(locked, served=True)
    [code] = visit_tokens_issue(
        centre=locked.centre,
        office=locked.office,
        service=locked.service,
        valid_on=locked.day,
        count=1,
        actor=actor,
    )
    return FinishedVisit(ticket=locked, visit_code=code)


def _appointment_outcome(ticket: Ticket, *, served: bool) -> None:
    """Who subscribed to a finished visit reacts (booking records a booked visit's outcome)."""
    events.visit_finished(
        events.VisitFinished(
            centre=ticket.centre,
            appointment_id=ticket.appointment_id,
            is_served=served,
            ticket_id=ticket.pk,
        )
    )


# --- the end of the day ----------------------------------------------------------------------


def _close_past(tickets: QuerySet[Ticket], *, day: dt.date, now: dt.datetime) -> int:
    return tickets.filter(day__lt=day, status__in=OPEN_STATUSES).update(
        status=TicketStatus.UNSERVED, finished_at=now
    )


@transaction.atomic
def tickets_close_day(*, day: dt.date, now: dt.datetime | None = None) -> int:
    """Close the tickets of every day before ``day`` still waiting or called: «не обслуговано
    до закриття». Returns how many were closed; a second run finds nothing. A ``day`` later than
    today raises ``ValueError``: today's line must stay open.

    A ticket is for one office on one day, so one left in the line when the office closed is
    never called again; closing it keeps it out of the line, frees its window and lets the
    figures count it apart from served visits and no-shows. ``finished_at`` records when it was
    closed (not when a visit ended: the figures take no service time from it). Today's tickets
    (``day`` and later) are never touched, so the job may run at any hour.

    A booked visitor's appointment is left as it is, «відвідувач прийшов»: they did check in at
    the kiosk, so «не прийшов» would be untrue, and nobody recorded that they were served.

    Runs daily as ``manage.py queue_daily``. Should the job not run, nothing breaks: the line,
    the console and the board read only today's tickets, "call next" closes a past ticket still
    held at its window, and the figures count past open tickets as unserved.
    """
    now = now or timezone.now()
    if day > timezone.localdate(now):
        raise ValueError(f"{day} has not begun yet: only past days are closed.")
    return _close_past(Ticket.objects.all(), day=day, now=now)
