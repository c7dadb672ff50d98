"""Demo windows, booking schedules and a few booked visits for the demo centre.

Idempotent: windows are found by office and number, settings by service; visits are booked
only while the centre has none, through the booking service itself (the same code, the same
checks), on the next working days from now. No mail leaves: the visits carry phones only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from vidhuk.appointments.choices import BookingChannel
from vidhuk.appointments.models import Appointment, ServiceBooking
from vidhuk.appointments.selectors import bookable_days, free_slots
from vidhuk.appointments.services.booking import appointment_book
from vidhuk.appointments.services.schedules import service_booking_set
from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_queryset, service_queryset_published
from vidhuk.catalog.services import window_services_set
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.seeds import SeedResult, SeedRun
from vidhuk.core.selectors import window_list_for_centre, window_list_for_office
from vidhuk.core.services import window_save

WINDOWS_PER_OFFICE = {"main": 3}  # other offices get one window
LONG_SERVICE_WORDS = ("паспорт", "реєстрація бізнесу", "земельн")
DEMO_VISITORS = [
    ("Олена Коваленко", "+380671110001"),
    ("Петро Шевчук", "+380501110002"),
    ("Марія Бондар", "+380631110003"),
    ("Іван Мельник", "+380971110004"),
    ("Наталія Ткаченко", "+380661110005"),
    ("Андрій Кравченко", "+380731110006"),
]


def seed_appointments(centre: Centre) -> int:
    """Windows for every active office, slot lengths, and a few visits; returns visits booked."""
    for office in Office.objects.filter(centre=centre, is_active=True).order_by("position"):
        services = list(
            service_queryset_published(centre=centre).filter(offices=office).order_by("code")
        )
        count = WINDOWS_PER_OFFICE.get(office.slug, 1)
        for number in range(1, count + 1):
            _window(centre, office, str(number), services[number - 1 :: count] or services)
    for service in service_queryset(centre=centre):
        if not ServiceBooking.objects.filter(service=service).exists():
            is_long = any(word in service.name.lower() for word in LONG_SERVICE_WORDS)
            service_booking_set(
                centre=centre,
                service=service,
                slot_minutes=30 if is_long else 15,
                is_bookable_online=True,
            )
    if Appointment.objects.filter(centre=centre).exists():
        return 0
    return _book_visits(centre)


def _window(centre: Centre, office: Office, number: str, services: list[Service]) -> Window:
    window = window_list_for_office(office=office).filter(number=number).first()
    if window is not None:
        return window
    window = window_save(centre=centre, office=office, number=number, is_active=True)
    window_services_set(centre=centre, window=window, services=services)
    return window


def _book_visits(centre: Centre) -> int:
    now = timezone.now()
    booked = 0
    windows = (
        window_list_for_centre(centre=centre).filter(is_active=True).prefetch_related("services")
    )
    for window, (name, phone) in zip(windows, DEMO_VISITORS, strict=False):
        service = window.services.order_by("code").first()
        if service is None:
            continue
        days = bookable_days(office=window.office, service=service, now=now, online=False)
        for day, _free in days[1:3]:
            slots = free_slots(
                office=window.office, service=service, day=day, now=now, online=False
            )
            if not slots:
                continue
            slot = slots[len(slots) // 3]
            try:
                appointment_book(
                    centre=centre,
                    office=window.office,
                    service=service,
                    starts_at=slot.starts_at,
                    name=name,
                    phone=phone,
                    channel=BookingChannel.STAFF,
                    now=now,
                )
            except ValidationError:
                continue
            booked += 1
            break
    return booked


__all__ = ["seed_appointments"]


def seed(run: SeedRun) -> SeedResult:
    """Booking's demo seed (registered in vidhuk/appointments/extensions.py)."""
    return SeedResult(summary=f"записів на прийом: {seed_appointments(run.centre)}")
