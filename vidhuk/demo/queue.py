"""Demo queue: the last three working days of tickets at every office with windows, so the
head's figures and the estimated wait have something real-looking to show.

Idempotent: nothing is added when the centre already has tickets. The days are simulated —
arrivals peak in the morning and after lunch, each window serves its own services first come
first served, a few visitors do not come to the window — and the tickets are written in bulk
(no visit codes are issued for past days). Windows come from the booking demo; an office with
none gets window 1.

So the queue can be tried at any hour, the demo centre also has a **demo office open every day
round the clock** (named as such), with one window for every service, a registered kiosk and a
board (``seed_queue_devices``): each run of ``seed_demo`` prints fresh one-time set-up links for
the devices not set up yet (only HMACs of the codes are stored, so an old link cannot be shown).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from vidhuk.catalog.selectors import service_queryset_published
from vidhuk.catalog.services import window_services_set
from vidhuk.core.choices import OfficeKind
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.seeds import SeedResult, SeedRun
from vidhuk.core.selectors import window_list_for_office
from vidhuk.core.services import office_create, office_hours_replace, window_save
from vidhuk.queue.choices import (
    BOOKED_LETTER,
    PURPOSE_LETTERS,
    DeviceKind,
    Outcome,
    Purpose,
    TicketStatus,
)
from vidhuk.queue.devices import display_setup_code, queue_device_register, queue_device_revoke
from vidhuk.queue.models import QueueDevice, Ticket, TicketCounter

DAYS = 3
# Visitors per hour at a window, by hour of the day: the morning and after-lunch peaks.
ARRIVALS_PER_WINDOW_HOUR = {8: 3, 9: 5, 10: 5, 11: 4, 12: 2, 13: 3, 14: 4, 15: 3, 16: 2}
PURPOSE_WEIGHTS: dict[str, int] = {
    Purpose.SUBMIT: 50,
    Purpose.COLLECT: 30,
    Purpose.CONSULTATION: 20,
}
# Median minutes at the window per purpose.
SERVICE_MINUTES: dict[str, float] = {
    Purpose.SUBMIT: 13.0,
    Purpose.COLLECT: 4.0,
    Purpose.CONSULTATION: 7.0,
}
BOOKED_SHARE = 0.15
NO_SHOW_SHARE = 0.05


@transaction.atomic
def seed_queue(centre: Centre, *, today: dt.date | None = None) -> int:
    """Simulated tickets of the last working days; returns how many were added."""
    if Ticket.objects.filter(centre=centre).exists():
        return 0
    today = today or timezone.localdate()
    generator = random.Random(f"vidhuk-queue-{centre.slug}")  # noqa: S311 — demo data
    tickets: list[Ticket] = []
    for office in Office.objects.filter(centre=centre, is_active=True).prefetch_related("hours"):
        windows = _windows(centre, office)
        for day in _past_working_days(office, today):
            tickets += _simulate_day(office, windows, day, generator)
    Ticket.objects.bulk_create(tickets, batch_size=500)
    _counters(tickets)
    return len(tickets)


def _windows(centre: Centre, office: Office) -> list[Window]:
    windows = list(
        window_list_for_office(office=office, only_active=True).prefetch_related("services")
    )
    if windows:
        return windows
    return [window_save(centre=centre, office=office, number="1")]


def _intervals(office: Office, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    return sorted((h.opens, h.closes) for h in office.hours.all() if h.weekday == day.weekday())


def _past_working_days(office: Office, today: dt.date) -> list[dt.date]:
    days: list[dt.date] = []
    day = today - dt.timedelta(days=1)
    while len(days) < DAYS and (today - day).days <= 21:
        if _intervals(office, day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _arrivals(office: Office, day: dt.date, windows: int, generator: random.Random) -> list:
    arrivals = []
    for opens, closes in _intervals(office, day):
        start, end = _aware(day, opens), _aware(day, closes) - dt.timedelta(minutes=20)
        moment = start
        while moment < end:
            rate = ARRIVALS_PER_WINDOW_HOUR.get(timezone.localtime(moment).hour, 2) * windows
            moment += dt.timedelta(minutes=generator.expovariate(rate / 60))
            if moment < end:
                arrivals.append(moment)
    return arrivals


def _simulate_day(
    office: Office, windows: list[Window], day: dt.date, generator: random.Random
) -> list[Ticket]:
    free_at = {window.pk: _aware(day, dt.time(0)) for window in windows}
    services = {window.pk: list(window.services.all()) for window in windows}
    numbers: dict[str, int] = defaultdict(int)
    tickets = []
    for arrival in _arrivals(office, day, len(windows), generator):
        purpose = generator.choices(list(PURPOSE_WEIGHTS), list(PURPOSE_WEIGHTS.values()))[0]
        window = generator.choice(windows)
        service = generator.choice(services[window.pk]) if services[window.pk] else None
        is_booked = purpose == Purpose.SUBMIT and generator.random() < BOOKED_SHARE
        turn_at = arrival + dt.timedelta(minutes=generator.randint(0, 15)) if is_booked else arrival
        handling = [w for w in windows if not services[w.pk] or service in services[w.pk]]
        serving = min(handling or windows, key=lambda w: free_at[w.pk])
        called = max(turn_at if is_booked else arrival, free_at[serving.pk])
        letter = BOOKED_LETTER if is_booked else PURPOSE_LETTERS[purpose]
        numbers[letter] += 1
        is_no_show = generator.random() < NO_SHOW_SHARE
        minutes = 2.0 if is_no_show else _service_minutes(purpose, generator)
        finished = called + dt.timedelta(minutes=minutes)
        free_at[serving.pk] = finished
        tickets.append(
            Ticket(
                centre_id=office.centre_id,
                office=office,
                day=day,
                letter=letter,
                number=numbers[letter],
                purpose=purpose,
                service=service,
                is_booked=is_booked,
                status=TicketStatus.NO_SHOW if is_no_show else TicketStatus.DONE,
                outcome="" if is_no_show else _outcome(generator),
                turn_at=turn_at,
                issued_at=arrival,
                window=serving,
                called_at=called,
                last_called_at=called,
                call_count=2 if is_no_show else 1,
                finished_at=finished,
            )
        )
    return tickets


def _service_minutes(purpose: str, generator: random.Random) -> float:
    return max(1.5, generator.lognormvariate(0, 0.45) * SERVICE_MINUTES[purpose])


def _outcome(generator: random.Random) -> str:
    return generator.choices(
        [Outcome.SERVED, Outcome.ANOTHER_VISIT, Outcome.REFERRED], [85, 10, 5]
    )[0]


def _counters(tickets: list[Ticket]) -> None:
    last: dict[tuple[int, dt.date, str], int] = {}
    for ticket in tickets:
        key = (ticket.office_id, ticket.day, ticket.letter)
        last[key] = max(last.get(key, 0), ticket.number)
    TicketCounter.objects.bulk_create(
        [
            TicketCounter(office_id=office_id, day=day, letter=letter, last_number=number)
            for (office_id, day, letter), number in last.items()
        ],
        ignore_conflicts=True,
    )


# --- a demo office open every day, its kiosk and board -------------------------------------------

DEMO_OFFICE_SLUG = "demo-queue"
DEMO_DEVICES = {DeviceKind.KIOSK: "Демо-термінал", DeviceKind.BOARD: "Демо-табло"}


@transaction.atomic
def seed_demo_office(centre: Centre) -> Office:
    """The demo office whose queue is open every day, 00:00–23:59, so a visitor to the demo can
    take a ticket at any hour; one window handles every published service. Idempotent."""
    office = Office.objects.filter(centre=centre, slug=DEMO_OFFICE_SLUG).first()
    if office is not None:
        return office
    office = office_create(
        centre=centre,
        data={
            "slug": DEMO_OFFICE_SLUG,
            "name": "Демо-офіс черги (працює щодня, лише для випробування)",
            "kind": OfficeKind.REMOTE,
            "address": "Демонстраційний офіс: такої адреси немає",
            "accessibility": (
                "Це демонстраційний офіс: його черга працює щодня й цілодобово, щоб термінал, "
                "табло і вікно оператора можна було спробувати будь-коли."
            ),
            "position": 99,
        },
        actor=None,
    )
    office_hours_replace(
        office=office,
        intervals=[(weekday, dt.time(0), dt.time(23, 59)) for weekday in range(7)],
        actor=None,
    )
    services = list(service_queryset_published(centre=centre))
    window = window_save(centre=centre, office=office, number="1")
    window_services_set(centre=centre, window=window, services=services)
    return office


@transaction.atomic
def seed_queue_devices(centre: Centre, *, base_url: str = "http://127.0.0.1:8000") -> list[str]:
    """A kiosk and a board of the demo office; returns the lines to print: how to open each.

    A device already set up keeps working; one still waiting for its set-up gets a fresh code
    (the old one is revoked), because a code is shown only once and stored only as an HMAC."""
    office = seed_demo_office(centre)
    queue = f"{base_url}/{centre.slug}/queue"
    lines = [f"Демо-офіс черги працює щодня: {office.name}."]
    for kind, label in DEMO_DEVICES.items():
        devices = QueueDevice.objects.filter(office=office, kind=kind, revoked_at__isnull=True)
        if devices.filter(activated_at__isnull=False).exists():
            lines.append(
                f"{label}: уже налаштовано (нове — у /staff/{centre.slug}/queue/devices/)."
            )
            continue
        for pending in devices:
            queue_device_revoke(device=pending, actor=None)
        _device, code = queue_device_register(office=office, kind=kind, label=label, actor=None)
        lines.append(
            f"{label}: відкрийте {queue}/device/?code={display_setup_code(code)} "
            "і натисніть «Налаштувати» (код діє 24 години, один раз)."
        )
    lines.append(f"Табло без налаштування: {queue}/{office.slug}/board/")
    lines.append(f"Талон онлайн (для мешканців): {queue}/{office.slug}/web-ticket/")
    return lines


def seed(run: SeedRun) -> SeedResult:
    """The queue's demo seed (registered in vidhuk/queue/extensions.py): past days' tickets,
    then the demo office's kiosk and board, whose set-up links the command prints."""
    added = seed_queue(run.centre)
    return SeedResult(
        summary=f"талонів черги: {added}",
        notes_title="Електронна черга: термінал і табло демо-офісу",
        notes=seed_queue_devices(run.centre),
    )
