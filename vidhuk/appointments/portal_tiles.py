"""Booking's tile and service-card action on the portal (registered by extensions.py)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office
from vidhuk.core.portal import (
    PersonalDataKind,
    Reads,
    ServiceAction,
    Tile,
    register_personal_data,
    register_service_action,
    register_tile,
)
from vidhuk.core.readtogether import Read, Rows
from vidhuk.core.selectors import window_list_for_centre

from .choices import HOLDING_STATUSES
from .models import Appointment, BookingPolicy, WorkingInterval
from .schedule import DEFAULT_SLOT_MINUTES, ScheduleData
from .selectors import booking_policy_for, booking_range, service_list_bookable

# The home page looks this many days ahead for the next free time (each day costs no query).
LOOK_AHEAD_DAYS = 14


def next_free_time(*, centre: Centre, now: dt.datetime) -> dt.datetime | None:
    """The earliest free booking slot (of the usual length) at any office of the centre:
    2 queries, plus 5 for all the offices with an active window together."""
    policy = booking_policy_for(centre=centre)
    first, last, not_before = booking_range(policy=policy, now=now, online=True)
    last = min(last, first + dt.timedelta(days=LOOK_AHEAD_DAYS))
    windows = window_list_for_centre(centre=centre, only_active=True)
    groups = [
        (group[0].office, group)
        for group in (list(ws) for _office_id, ws in groupby(windows, key=lambda w: w.office_id))
    ]
    found = ScheduleData.load_many(groups=groups, first=first, last=last) if groups else []
    return _earliest(found, first=first, last=last, not_before=not_before)


def _earliest(
    found: list[ScheduleData], *, first: dt.date, last: dt.date, not_before: dt.datetime
) -> dt.datetime | None:
    earliest: dt.datetime | None = None
    for data in found:
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            if earliest is not None and day > timezone.localdate(earliest):
                break
            slots = data.slots(day=day, slot_minutes=DEFAULT_SLOT_MINUTES, not_before=not_before)
            if slots:
                if earliest is None or slots[0].starts_at < earliest:
                    earliest = slots[0].starts_at
                break
    return earliest


def _reads(centre: Centre, now: dt.datetime) -> dict[str, Read]:
    """What «next free time» needs beyond the hours the home page reads for everyone, sent with
    the page's other reads: the policy, the active windows, the booking templates and the visits
    holding a window in the days looked at."""
    today = timezone.localdate(now)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=LOOK_AHEAD_DAYS + 1)
    return {
        "policy": Rows(BookingPolicy.objects.filter(centre=centre).order_by("pk")[:1]),
        "windows": Rows(window_list_for_centre(centre=centre, only_active=True)),
        "intervals": Rows(
            WorkingInterval.objects.filter(office__centre=centre, office__is_active=True)
            .order_by("starts")
            .values("office_id", "window_id", "weekday", "starts", "ends")
        ),
        "held": Rows(
            # By office: the (office, starts_at) index, whatever the centre's history.
            Appointment.objects.filter(
                office_id__in=Office.objects.filter(centre=centre, is_active=True).values("pk"),
                status__in=HOLDING_STATUSES,
                starts_at__lt=end,
                ends_at__gt=start,
            ).values("window_id", "starts_at", "ends_at")
        ),
    }


def next_free_time_from(*, centre: Centre, now: dt.datetime, reads: Reads) -> dt.datetime | None:
    """``next_free_time`` from what the home page read (``_reads`` and its offices' hours):
    no query of its own."""
    if reads.opening is None:
        return next_free_time(centre=centre, now=now)
    (policy,) = reads.values["policy"] or [BookingPolicy(centre=centre)]
    first, last, not_before = booking_range(policy=policy, now=now, online=True)
    last = min(last, first + dt.timedelta(days=LOOK_AHEAD_DAYS))
    offices = {office.pk: office for office in reads.offices}
    found: dict[int, ScheduleData] = {}
    by_window: dict[int, ScheduleData] = {}
    for window in reads.values["windows"]:
        office = offices.get(window.office_id)
        if office is None:  # not among the active offices the page read
            continue
        window.office = office
        data = found.get(office.pk)
        if data is None:
            data = ScheduleData(
                office=office, first=first, last=last, windows=[], opening=reads.opening
            )
            found[office.pk] = data
        data.windows.append(window)
        by_window[window.pk] = data
    for row in reads.values["intervals"]:
        data = found.get(row["office_id"])
        interval = (row["starts"], row["ends"])
        if data is None:
            continue
        if row["window_id"] is None:
            data.office_intervals.setdefault(row["weekday"], []).append(interval)
        elif by_window.get(row["window_id"]) is data:
            per_window = data.window_intervals.setdefault(row["window_id"], {})
            per_window.setdefault(row["weekday"], []).append(interval)
    for row in reads.values["held"]:
        data = by_window.get(row["window_id"])
        if data is not None:
            data.held.setdefault(row["window_id"], []).append((row["starts_at"], row["ends_at"]))
    return _earliest(list(found.values()), first=first, last=last, not_before=not_before)


def _state(centre: Centre, now: dt.datetime, reads: Reads) -> str:
    slot = next_free_time_from(centre=centre, now=now, reads=reads)
    if slot is None:
        return _("Вільного часу найближчими днями немає.")
    local = timezone.localtime(slot)
    today = timezone.localdate(now)
    time = formats.time_format(local, "H:i")
    if local.date() == today:
        return _("Найближчий вільний час: сьогодні о %(time)s") % {"time": time}
    if local.date() == today + dt.timedelta(days=1):
        return _("Найближчий вільний час: завтра о %(time)s") % {"time": time}
    return _("Найближчий вільний час: %(day)s о %(time)s") % {
        "day": formats.date_format(local, "j E"),
        "time": time,
    }


def _book_service_url(service: Service) -> str | None:
    if not service_list_bookable(centre=service.centre).filter(pk=service.pk).exists():
        return None
    return reverse("appointments:office", args=[service.centre.slug, service.pk])


def _retention(centre: Centre) -> str:
    days = booking_policy_for(centre=centre).retention_days
    return ngettext(
        "%(days)s день після візиту. Потім ім’я і контакти стираємо; лишаються дата, послуга й "
        "офіс — для статистики.",
        "%(days)s днів після візиту. Потім ім’я і контакти стираємо; лишаються дата, послуга й "
        "офіс — для статистики.",
        days,
    ) % {"days": days}


def register() -> None:
    register_tile(
        Tile(
            key="appointments",
            order=20,
            label=gettext_lazy("Записатися на прийом"),
            description=gettext_lazy("Без реєстрації: оберіть послугу, офіс і зручний час."),
            url=lambda centre, reads: reverse("appointments:start", args=[centre.slug]),
            state=_state,
            reads=_reads,
        )
    )
    register_service_action(
        ServiceAction(
            key="appointments_book",
            order=10,
            label=gettext_lazy("Записатися на цю послугу"),
            url=_book_service_url,
        )
    )
    register_personal_data(
        PersonalDataKind(
            key="appointments",
            order=20,
            title=gettext_lazy("Попередній запис на прийом"),
            what=gettext_lazy("Ім’я, телефон і (за бажанням) електронна пошта."),
            purpose=gettext_lazy(
                "Підтвердити запис, нагадати про візит, дати змогу перенести чи скасувати його."
            ),
            retention=_retention,
        )
    )
