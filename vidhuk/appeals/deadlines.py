"""Legal deadlines of appeals and requests for public information.

Pure functions of the receipt moment (and, for working-day terms, the centre's calendar). The
rules, their sources and the choices made where the laws are silent are in
docs/decisions/0003-legal-deadlines.md. In short:

- A term starts on the day after receipt (Civil Code art. 253); receipt is the date in Kyiv.
- Calendar-day terms end on the N-th day after receipt; a month ends on the same date of the next
  month, or on its last day when it has no such date (Civil Code art. 254 part 3).
- A calendar-day term that ends on a day off ends on the next working day (Civil Code art. 254
  part 5), unless ``day_off_shift`` (or the ``VIDHUK_APPEAL_DAY_OFF_SHIFT`` setting) says otherwise.
- Working-day terms end at 23:59:59 Kyiv time of their last working day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings

from vidhuk.core.models import Centre
from vidhuk.core.workdays import add_working_days, is_working_day

KYIV = ZoneInfo("Europe/Kyiv")

APPEAL_DAYS_WITHOUT_STUDY = 15
APPEAL_MONTHS_WITH_STUDY = 1
APPEAL_MAX_DAYS = 45
APPEAL_RETURN_NONCOMPLIANT_DAYS = 10
APPEAL_FORWARD_DAYS = 5
INFO_REQUEST_WORKING_DAYS = 5
INFO_REQUEST_URGENT_HOURS = 48
INFO_REQUEST_EXTENDED_WORKING_DAYS = 20
INFO_REQUEST_FORWARD_WORKING_DAYS = 5

DeadlineState = Literal["ok", "due_soon", "overdue"]


class DayOffShift(enum.StrEnum):
    """Where a calendar-day term that ends on a day off ends instead."""

    NEXT = "next"  # the first working day after it — Civil Code art. 254 part 5 (the default)
    PREVIOUS = "previous"  # the last working day before it — some local office-work instructions
    NONE = "none"  # on the day off itself — plain calendar counting


DAY_OFF_SHIFT_DEFAULT = DayOffShift.NEXT


def appeal_deadline(
    *,
    received_at: dt.datetime,
    needs_study: bool,
    centre: Centre | None = None,
    day_off_shift: DayOffShift | None = None,
) -> dt.date:
    """The last day to decide an appeal.

    Law «Про звернення громадян» art. 20: calendar days from receipt — without delay and at most
    15 days when the appeal needs no further study, otherwise at most one month. The month ends on
    the same date of the next month, or on its last day when there is none (31 Jan → 28/29 Feb;
    Civil Code art. 254 part 3).
    """
    received_on = kyiv_date(received_at)
    if needs_study:
        last_day = add_months(received_on, APPEAL_MONTHS_WITH_STUDY)
    else:
        last_day = received_on + dt.timedelta(days=APPEAL_DAYS_WITHOUT_STUDY)
    return _shift_off_day_off(last_day, centre=centre, day_off_shift=day_off_shift)


def appeal_max_extended_deadline(
    *,
    received_at: dt.datetime,
    centre: Centre | None = None,
    day_off_shift: DayOffShift | None = None,
) -> dt.date:
    """The latest day an extended appeal may be decided.

    Law «Про звернення громадян» art. 20: when a month is not enough, the head of the body sets
    the term needed and tells the applicant; the total term may not exceed 45 days from receipt.
    """
    last_day = kyiv_date(received_at) + dt.timedelta(days=APPEAL_MAX_DAYS)
    return _shift_off_day_off(last_day, centre=centre, day_off_shift=day_off_shift)


def appeal_extension_is_valid(
    *,
    received_at: dt.datetime,
    new_deadline: dt.date,
    centre: Centre | None = None,
    day_off_shift: DayOffShift | None = None,
) -> bool:
    """Whether ``new_deadline`` is a lawful extension of an appeal's term.

    Law «Про звернення громадян» art. 20: an extension goes beyond the one-month term, and the
    total stays within 45 days from receipt. A date within the month is not an extension.
    """
    month_deadline = appeal_deadline(
        received_at=received_at, needs_study=True, centre=centre, day_off_shift=day_off_shift
    )
    max_deadline = appeal_max_extended_deadline(
        received_at=received_at, centre=centre, day_off_shift=day_off_shift
    )
    return month_deadline < new_deadline <= max_deadline


def info_request_deadline(
    *, received_at: dt.datetime, is_urgent: bool, centre: Centre | None
) -> dt.datetime:
    """The moment the answer to a request for public information is due.

    Law «Про доступ до публічної інформації» art. 20: at most 5 working days from receipt (the end
    of the 5th working day after the day of receipt, 23:59:59 Kyiv); 48 hours from receipt when
    the information is needed to protect life or liberty, or concerns the environment, food
    quality, emergencies or other events threatening safety (part 2). The 48 hours are real
    hours, weekends and clock changes included.
    """
    _require_aware(received_at)
    if is_urgent:
        return _add_real_hours(received_at, INFO_REQUEST_URGENT_HOURS)
    last_day = add_working_days(kyiv_date(received_at), INFO_REQUEST_WORKING_DAYS, centre=centre)
    return end_of_day(last_day)


def info_request_extended_deadline(
    *, received_at: dt.datetime, centre: Centre | None
) -> dt.datetime:
    """The latest moment an answer to a large request may be given.

    Law «Про доступ до публічної інформації» art. 20 part 4: for a large volume of information
    the term may be extended to 20 working days from receipt, with a written justification sent
    to the requester within 5 working days.
    """
    last_day = add_working_days(
        kyiv_date(received_at), INFO_REQUEST_EXTENDED_WORKING_DAYS, centre=centre
    )
    return end_of_day(last_day)


def return_noncompliant_deadline(
    *,
    received_at: dt.datetime,
    centre: Centre | None = None,
    day_off_shift: DayOffShift | None = None,
) -> dt.date:
    """The last day to return an appeal that does not meet art. 5, with an explanation.

    Law «Про звернення громадян» art. 7 part 3: no later than 10 days from receipt.
    """
    last_day = kyiv_date(received_at) + dt.timedelta(days=APPEAL_RETURN_NONCOMPLIANT_DAYS)
    return _shift_off_day_off(last_day, centre=centre, day_off_shift=day_off_shift)


def forward_deadline(
    *,
    received_at: dt.datetime,
    centre: Centre | None = None,
    day_off_shift: DayOffShift | None = None,
) -> dt.date:
    """The last day to forward an appeal outside the centre's competence to the competent body.

    Law «Про звернення громадян» art. 7 part 3: no later than 5 days, telling the applicant.
    """
    last_day = kyiv_date(received_at) + dt.timedelta(days=APPEAL_FORWARD_DAYS)
    return _shift_off_day_off(last_day, centre=centre, day_off_shift=day_off_shift)


def info_request_forward_deadline(*, received_at: dt.datetime, centre: Centre | None) -> dt.date:
    """The last day to send a request for public information to the body that holds it.

    Law «Про доступ до публічної інформації» art. 22 part 3: no later than 5 working days from
    receipt, telling the requester.
    """
    days = INFO_REQUEST_FORWARD_WORKING_DAYS
    return add_working_days(kyiv_date(received_at), days, centre=centre)


def deadline_state(
    *, deadline: dt.date | dt.datetime, now: dt.datetime, soon_days: int = 3
) -> DeadlineState:
    """ "overdue" once the deadline has passed, "due_soon" within ``soon_days`` of it, else "ok".

    A date deadline lasts to the end of that day in Kyiv and is counted in calendar days: with
    ``soon_days=3`` a deadline on Friday is due soon from Wednesday 00:00 (three days left, today
    included) and overdue from Saturday 00:00. A datetime deadline is due soon from exactly
    ``soon_days`` × 24 real hours before it and overdue after it.
    """
    _require_aware(now)
    if isinstance(deadline, dt.datetime):
        _require_aware(deadline)
        if now > deadline:
            return "overdue"
        is_soon = _real_difference(deadline, now) <= dt.timedelta(days=soon_days)
    else:
        days_left = (deadline - kyiv_date(now)).days
        if days_left < 0:
            return "overdue"
        is_soon = days_left < soon_days
    return "due_soon" if is_soon else "ok"


def kyiv_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Kyiv of an aware moment: the day of receipt."""
    _require_aware(moment)
    return moment.astimezone(KYIV).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 Kyiv time of ``day``: when a term counted in days ends."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=KYIV)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same date ``months`` later, or the last day of that month when it is shorter.

    Civil Code art. 254 part 3: 31 Jan + 1 month → 28 Feb (29 Feb in a leap year).
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def configured_day_off_shift() -> DayOffShift:
    """The deployment's rule for calendar-day terms ending on a day off."""
    value = getattr(settings, "VIDHUK_APPEAL_DAY_OFF_SHIFT", DAY_OFF_SHIFT_DEFAULT)
    return DayOffShift(value)


def _shift_off_day_off(
    day: dt.date, *, centre: Centre | None, day_off_shift: DayOffShift | None
) -> dt.date:
    shift = day_off_shift if day_off_shift is not None else configured_day_off_shift()
    if shift is DayOffShift.NONE:
        return day
    step = dt.timedelta(days=1 if shift is DayOffShift.NEXT else -1)
    while not is_working_day(day, centre=centre):
        day += step
    return day


def _add_real_hours(moment: dt.datetime, hours: int) -> dt.datetime:
    # Arithmetic in UTC: adding to a Kyiv wall-clock time would gain or lose an hour across a
    # clock change.
    return (moment.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(KYIV)


def _real_difference(later: dt.datetime, earlier: dt.datetime) -> dt.timedelta:
    # Two datetimes with the same tzinfo subtract as wall-clock times; UTC gives the real span.
    return later.astimezone(dt.UTC) - earlier.astimezone(dt.UTC)


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("A timezone-aware datetime is required.")
