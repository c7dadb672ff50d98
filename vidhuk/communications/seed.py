"""The demo centre's communications (issue 13, point 8): the council's 2020 plan of measures
(seed_plan_2020.tsv, its theme blocks and lines as the council wrote them, deadlines moved to
the current year), a few regional media with contacts, and partner places residents visit most."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from vidhuk.core.models import Centre
from vidhuk.core.seeds import SeedResult, SeedRun

from .models import MediaContact, MediaOutlet, Partner, PlanMeasure

PLAN_FILE = Path(__file__).with_name("seed_plan_2020.tsv")
OWNER_UNIT = "Відділ «ЦНАП»"
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "січень",
            "лютий",
            "березень",
            "квітень",
            "травень",
            "червень",
            "липень",
            "серпень",
            "вересень",
            "жовтень",
            "листопад",
            "грудень",
        ],
        start=1,
    )
}
OUTLETS = (
    ("Бурштинський вісник", "print", "Бурштинська громада", 4000, "Місцеве життя"),
    ("Галичина ТБ", "tv", "Івано-Франківська область", 120000, "Новини регіону"),
    ("Радіо Бурштин FM", "radio", "Бурштинська громада", 15000, "Громада, послуги"),
    ("Курс онлайн", "online", "Івано-Франківська область", 60000, "Влада, громади"),
    ("Децентралізація", "specialised", "Україна", 200000, "Адміністративні послуги"),
)
CONTACTS = (
    ("Бурштинський вісник", "Оксана Гнатюк", "redaktsiia@visnyk.example.org", "редакторка"),
    ("Галичина ТБ", "Петро Савчук", "news@galtv.example.org", "журналіст"),
    ("Радіо Бурштин FM", "Ірина Федорів", "efir@burshtyn-fm.example.org", "ведуча"),
    ("Курс онлайн", "Андрій Мельник", "tips@kurs.example.org", "редактор стрічки"),
)
PARTNERS = (
    (
        "Старостинський округ с. Бовшів",
        "starosta_office",
        "с. Бовшів, вул. Шевченка, 1",
        "Буклети про ЦНАП, плакат А3 з QR-кодом",
    ),
    (
        "Управління соціального захисту населення",
        "social_service",
        "м. Бурштин, вул. Калуська, 4",
        "Буклети про соціальні послуги, зразки заяв",
    ),
    (
        "Бурштинська міська лікарня",
        "hospital",
        "м. Бурштин, вул. Шевченка, 10",
        "Плакат А4 у холі, листівки про реєстрацію місця проживання",
    ),
    (
        "Центральна бібліотека",
        "library",
        "м. Бурштин, вул. Степана Бандери, 50",
        "Інформаційний стенд, буклети",
    ),
)


def plan_rows() -> list[tuple[str, str, str]]:
    """(theme block, measure, deadline) rows of the council's plan, in its order."""
    rows = []
    for line in PLAN_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _section, block, description, deadline = line.split("\t")
        rows.append((block, description, deadline))
    return rows


def due_date(deadline: str, *, year: int) -> dt.date | None:
    """The last day of the last month a deadline names ("Травень-липень" → 31 July)."""
    words = deadline.lower().split("/")[0].replace("-", " ").split()
    months = [MONTHS[word] for word in words if word in MONTHS]
    if not months:
        return None
    return dt.date(year, months[-1], monthrange(year, months[-1])[1])


def seed_demo(run: SeedRun) -> SeedResult:
    added = seed_communications(centre=run.centre)
    return SeedResult(summary=f"заходів комунікаційного плану: {added}")


@transaction.atomic
def seed_communications(*, centre: Centre) -> int:
    """Add the plan, the media and the partners once; returns how many measures were added."""
    if PlanMeasure.objects.filter(centre=centre).exists():
        return 0
    year = timezone.localdate().year
    rows = plan_rows()
    PlanMeasure.objects.bulk_create(
        PlanMeasure(
            centre=centre,
            block=block,
            description=description,
            owner_unit=OWNER_UNIT,
            due_on=due_date(deadline, year=year),
            recurrence=deadline[:32],
            position=index,
        )
        for index, (block, description, deadline) in enumerate(rows, start=1)
    )
    outlets = {
        name: MediaOutlet.objects.create(
            centre=centre, name=name, kind=kind, region=region, reach=reach, beat=beat
        )
        for name, kind, region, reach, beat in OUTLETS
    }
    for outlet, name, email, role in CONTACTS:
        MediaContact.objects.create(outlet=outlets[outlet], name=name, email=email, role=role)
    for name, kind, address, materials in PARTNERS:
        Partner.objects.create(
            centre=centre,
            name=name,
            kind=kind,
            address=address,
            materials=materials,
            is_frequent_place=True,
        )
    return len(rows)
