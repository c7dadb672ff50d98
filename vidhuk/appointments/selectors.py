"""Reads of booking: bookable services and offices, free days and times, a day's visits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import F, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import (
    service_list_public,
    service_queryset,
    service_queryset_published,
)
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.pagecache import public_value
from vidhuk.core.selectors import window_list_for_office
from vidhuk.core.tokens import code_normalise

from .choices import AppointmentStatus
from .fields import is_ascii_number
from .models import Appointment, BookingPolicy, ServiceBooking, WorkingInterval
from .schedule import DEFAULT_SLOT_MINUTES, ScheduleData, Slot
from .tokens import link_hash

T = TypeVar("T")


def booking_policy_for(*, centre: Centre) -> BookingPolicy:
    """The centre's booking rules; the defaults when it has not set its own (not saved)."""
    policy = BookingPolicy.objects.filter(centre=centre).first()
    return policy or BookingPolicy(centre=centre)


def booking_policy_kept(*, centre: Centre) -> BookingPolicy:
    """`booking_policy_for`, kept under the centre's page version (`booking_policy_set`
    announces a change): for the resident's steps, which read the rules on every page."""

    def read() -> BookingPolicy:
        return BookingPolicy.objects.filter(centre=centre).first() or BookingPolicy(
            centre_id=centre.pk
        )

    policy = public_value(centre, "booking:policy", read)
    policy.centre = centre
    return policy


def appointment_id_for_code(*, centre_id: int, code: str) -> int | None:
    """The visit of the centre with this confirmation code (typed loosely), for the queue."""
    normalised = code_normalise(code)
    if not normalised:
        return None
    return (
        Appointment.objects.filter(centre_id=centre_id, code=normalised)
        .values_list("pk", flat=True)
        .first()
    )


def _booking_of(service: Service) -> ServiceBooking | None:
    """The service's booking settings (None: the defaults); no query when the service was read
    with ``select_related("booking")`` (`service_get_bookable`)."""
    if "booking" in service._state.fields_cache:
        return service._state.fields_cache["booking"]
    return ServiceBooking.objects.filter(service=service).first()


def slot_minutes_for(*, service: Service) -> int:
    booking = _booking_of(service)
    return booking.slot_minutes if booking else DEFAULT_SLOT_MINUTES


def is_bookable_online(*, service: Service) -> bool:
    booking = _booking_of(service)
    return booking.is_bookable_online if booking else True


def service_list_bookable(*, centre: Centre, online: bool = True) -> QuerySet[Service]:
    """Published services that an active window of an active office handles; online booking
    also leaves out the services the centre books by phone only."""
    services = service_queryset_published(centre=centre).filter(
        windows__is_active=True, windows__office__is_active=True
    )
    if online:
        services = services.exclude(booking__is_bookable_online=False)
    return services.distinct().order_by("name")


def service_list_bookable_matching(*, centre: Centre, query: str = "") -> QuerySet[Service]:
    """The services a resident can book online that match the catalog's search (every word,
    in any of its forms), with their category, in the order of the catalog's categories."""
    services = service_list_bookable(centre=centre).select_related("category")
    if query.strip():
        found = service_list_public(centre=centre, query=query).order_by().values("pk")
        services = services.filter(pk__in=found)
    return services.order_by(F("category__position").asc(nulls_last=True), "category__name", "name")


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


def service_find_bookable(*, centre: Centre, ref: str) -> Service | None:
    """The bookable service a link names by its id (ASCII digits) or by its catalog slug."""
    ref = ref.strip()
    services = service_list_bookable(centre=centre)
    if is_ascii_number(ref):
        return services.filter(pk=int(ref)).first()
    if _SLUG.fullmatch(ref):
        return services.filter(slug=ref).first()
    return None


def service_get_bookable(*, centre: Centre, pk: int, online: bool = True) -> Service:
    """The bookable service, with its booking settings (one query), kept under the centre's
    page version: the catalog, the windows and the booking settings announce their changes."""

    def read() -> Service | None:
        services = service_list_bookable(centre=centre, online=online).select_related("booking")
        return services.filter(pk=pk).first()

    return _kept_or_404(centre, f"booking:service:{pk}:{int(online)}", read)


class _NothingBookable(Exception):
    """What `_kept_or_404` reads found nothing: nothing is kept for it."""


def _kept_or_404(centre: Centre, name: str, read: Callable[[], T | None]) -> T:
    """What `read` returns, kept under the centre's page version (`public_value`); 404 when
    it found nothing. A miss is not kept: addresses with made-up ids must not fill the cache."""

    def found() -> T:
        value = read()
        if value is None:
            raise _NothingBookable(name)
        return value

    try:
        return public_value(centre, name, found)
    except _NothingBookable:
        raise Http404(f"Nothing bookable: {name}") from None


def office_list_for_service(*, centre: Centre, service: Service) -> QuerySet[Office]:
    """Only the offices with an active window for the service."""
    return (
        Office.objects.filter(
            centre=centre, is_active=True, windows__is_active=True, windows__services=service
        )
        .distinct()
        .order_by("position", "name")
    )


def office_get_for_service(*, centre: Centre, service: Service, pk: int) -> Office:
    """The office `pk` when one of its active windows lists the service (kept like
    `service_get_bookable`)."""

    def read() -> Office | None:
        return office_list_for_service(centre=centre, service=service).filter(pk=pk).first()

    office = _kept_or_404(centre, f"booking:office:{pk}:s{service.pk}", read)
    office.centre = centre  # what the booking steps read next, without a query
    return office


@dataclass(frozen=True)
class BookingPlace:
    """Where a booking goes: the office, its active windows listing the service (by id), and
    the centre's booking rules."""

    office: Office
    windows: list[Window]
    policy: BookingPolicy


_POLICY_FIELDS = ("horizon_days", "min_notice_minutes", "max_upcoming_per_contact")


def booking_place_get(*, centre: Centre, service: Service, office_pk: int) -> BookingPlace:
    """The office ``office_pk`` of the centre (active) with its active windows listing the
    service and the centre's booking rules, in ONE query (the rules as subqueries of it), kept
    like `service_get_bookable`: what `office_get_for_service`, `windows_for` and
    `booking_policy_for` read in three. 404 when the office has no such window."""
    place = _kept_or_404(
        centre,
        f"booking:place:{office_pk}:s{service.pk}",
        lambda: _place_read(centre, service, office_pk),
    )
    place.office.centre = centre
    place.policy.centre = centre
    return place


def _place_read(centre: Centre, service: Service, office_pk: int) -> BookingPlace | None:
    rules = BookingPolicy.objects.filter(centre=centre)
    windows = list(
        Window.objects.filter(
            centre=centre,
            office_id=office_pk,
            office__centre=centre,
            office__is_active=True,
            is_active=True,
            services=service,
        )
        .select_related("office")
        .annotate(**{f"policy_{f}": Subquery(rules.values(f)[:1]) for f in _POLICY_FIELDS})
        .order_by("pk")
    )
    if not windows:
        return None
    first = windows[0]
    for window in windows[1:]:
        window.office = first.office
    values = {f: getattr(first, f"policy_{f}") for f in _POLICY_FIELDS}
    policy = BookingPolicy(centre_id=centre.pk)
    if values["horizon_days"] is not None:  # the centre has rules of its own
        policy = BookingPolicy(centre_id=centre.pk, **values)
    return BookingPlace(office=first.office, windows=windows, policy=policy)


def _timetable(*, office: Office, service: Service, first: dt.date, last: dt.date) -> ScheduleData:
    """The office's timetable for the service on days [first, last], every slot free (the
    windows that list the service, their templates, the office's opening rule), kept under the
    centre's page version like `ScheduleData.timetable`."""

    def load() -> ScheduleData:
        windows = windows_for(office=office, service=service)
        return ScheduleData.load(
            office=office, windows=windows, first=first, last=last, with_held=False
        )

    name = f"booking:timetable:{office.pk}:s{service.pk}:{first.isoformat()}:{last.isoformat()}"
    return public_value(office.centre, name, load)


def windows_for(*, office: Office, service: Service) -> list[Window]:
    """The office's active windows that list the service (booking offers only those)."""
    return list(
        window_list_for_office(office=office, only_active=True)
        .filter(services=service)
        .order_by("pk")
    )


def booking_range(
    *, policy: BookingPolicy, now: dt.datetime, online: bool
) -> tuple[dt.date, dt.date, dt.datetime]:
    """The first and last day open to booking, and the earliest start allowed."""
    today = timezone.localdate(now)
    not_before = now + dt.timedelta(minutes=policy.min_notice_minutes if online else 0)
    return today, today + dt.timedelta(days=policy.horizon_days), not_before


def booking_days(
    *, centre: Centre, now: dt.datetime | None = None, online: bool = True
) -> tuple[dt.date, dt.date]:
    """The first and the last day a visit can be booked for now."""
    policy = booking_policy_kept(centre=centre)
    first, last, _not_before = booking_range(
        policy=policy, now=now or timezone.now(), online=online
    )
    return first, last


def bookable_days(
    *, office: Office, service: Service, now: dt.datetime | None = None, online: bool = True
) -> list[tuple[dt.date, int]]:
    """The days within the horizon that still have a free slot, with how many. The rules and
    the timetable are kept under the centre's page version (`booking_policy_kept`,
    `ScheduleData.timetable`): a warm call reads only the visits."""
    now = now or timezone.now()
    policy = booking_policy_kept(centre=office.centre)
    first, last, not_before = booking_range(policy=policy, now=now, online=online)
    data = _timetable(office=office, service=service, first=first, last=last)
    data.load_held()
    minutes = slot_minutes_for(service=service)
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        count = data.free_count(day=day, slot_minutes=minutes, not_before=not_before)
        if count:
            days.append((day, count))
    return days


def free_slots(
    *,
    office: Office,
    service: Service,
    day: dt.date,
    now: dt.datetime | None = None,
    online: bool = True,
    exclude_appointment_id: int | None = None,
) -> list[Slot]:
    """The free slots of one day for the service at the office ([] outside the horizon)."""
    now = now or timezone.now()
    policy = booking_policy_kept(centre=office.centre)
    first, last, not_before = booking_range(policy=policy, now=now, online=online)
    if not first <= day <= last:
        return []
    data = _timetable(office=office, service=service, first=day, last=day)
    data.load_held(exclude_appointment_id=exclude_appointment_id)
    return data.slots(
        day=day, slot_minutes=slot_minutes_for(service=service), not_before=not_before
    )


def appointments_due(*, office: Office, day: dt.date) -> QuerySet[Appointment]:
    """The visits booked at the office on ``day`` (Kyiv time) that still hold their slot —
    booked, checked in, served or no-show; cancelled ones are left out. Earliest first."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    return (
        Appointment.objects.filter(office=office, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("service", "window")
        .order_by("starts_at", "window__number", "pk")
    )


def appointment_day_for_staff(
    *, centre: Centre, office: Office, day: dt.date, window: Window | None = None
) -> QuerySet[Appointment]:
    """A day's visits at an office (one window, or all), cancelled ones included, for staff."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    visits = Appointment.objects.filter(
        centre=centre, office=office, starts_at__gte=start, starts_at__lt=start + dt.timedelta(1)
    )
    if window is not None:
        visits = visits.filter(window=window)
    return visits.select_related("service", "window").order_by("starts_at", "window__number")


def appointment_get_for_staff(*, centre: Centre, pk: int) -> Appointment:
    visit = (
        Appointment.objects.select_related("office", "service", "window", "booked_by")
        .filter(centre=centre, pk=pk)
        .first()
    )
    if visit is None:
        raise Http404("No such appointment")
    return visit


def appointment_get_by_link(*, centre: Centre, token: str) -> Appointment:
    """The visit behind a private link; 404 for a wrong link or an anonymised visit."""
    visit = (
        Appointment.objects.select_related("office", "service", "window", "centre")
        .filter(centre=centre, link_hash=link_hash(token), anonymised_at__isnull=True)
        .exclude(link_hash="")
        .first()
    )
    if visit is None:
        raise Http404("No such appointment")
    return visit


def upcoming_count_for_contact(
    *, centre: Centre, keys: list[str], now: dt.datetime, exclude_pk: int | None = None
) -> int:
    if not keys:
        return 0
    visits = Appointment.objects.filter(
        Q(phone_key__in=keys) | Q(email_key__in=keys),
        centre=centre,
        status=AppointmentStatus.BOOKED,
        starts_at__gte=now,
    )
    if exclude_pk is not None:
        visits = visits.exclude(pk=exclude_pk)
    return visits.count()


def window_list_with_intervals(*, office: Office) -> QuerySet[Window]:
    """The office's windows by number, with their services and weekly booking templates."""
    return window_list_for_office(office=office).prefetch_related(
        "services",
        Prefetch("intervals", queryset=WorkingInterval.objects.order_by("weekday", "starts")),
    )


def office_intervals(*, office: Office) -> QuerySet[WorkingInterval]:
    return WorkingInterval.objects.filter(office=office, window__isnull=True).order_by(
        "weekday", "starts"
    )


def service_booking_list(*, centre: Centre) -> list[tuple[Service, ServiceBooking | None]]:
    """Every service of the centre with its booking settings (None: the defaults)."""
    services = service_queryset(centre=centre).order_by("name")
    settings_by_service = {b.service_id: b for b in ServiceBooking.objects.filter(centre=centre)}
    return [(s, settings_by_service.get(s.pk)) for s in services]


def booked_no_show_count(
    *, centre: Centre, date_from: dt.date, date_to: dt.date, office: Office | None = None
) -> int:
    """Visits booked for days [date_from, date_to] whose visitor never checked in: marked
    «не прийшов» by the daily job, or still «заплановано» after their day (before the job has
    run). A visitor who checked in and missed the call is the queue's no-show, not counted here."""
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
    visits = Appointment.objects.filter(
        Q(status=AppointmentStatus.NO_SHOW, checked_in_at__isnull=True)
        | Q(status=AppointmentStatus.BOOKED, ends_at__lt=start_of_today),
        centre=centre,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    if office is not None:
        visits = visits.filter(office=office)
    return visits.count()
